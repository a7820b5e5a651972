import { WorkspaceFolderError } from '@prestasi/workspace';
import { type Io, UsageError } from './args.js';
import { EXIT } from './exit.js';

/** What a command that threw prints, and its exit status: 2 for bad arguments or folder, else 1. */
export function reportFailure(e: unknown, io: Io): number {
  if (e instanceof UsageError || e instanceof WorkspaceFolderError) {
    io.err(`prestasi: ${e.message}\n`);
    return EXIT.invalid;
  }
  io.err(`prestasi: ${e instanceof Error ? e.message : String(e)}\n`);
  if (process.env['PRESTASI_DEBUG'] && e instanceof Error) io.err(`${e.stack ?? ''}\n`);
  return EXIT.failure;
}
