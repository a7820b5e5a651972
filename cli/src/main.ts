import type { Io } from './args.js';
import { EXIT } from './exit.js';
import { reportFailure } from './failure.js';
import { processIo } from './io.js';
import { USAGE } from './usage.js';
import { workspaceMain } from './workspace-main.js';

export { EXIT } from './exit.js';
export type { Io } from './args.js';

export async function main(args: readonly string[], io: Io = processIo): Promise<number> {
  try {
    const [command, ...rest] = args;
    switch (command) {
      case 'calc':
      case 'check':
      case 'diff':
        return workspaceMain(command, rest, io);
      // The database and the server load only for the commands that use them: calc stays quick to start.
      case 'migrate':
        return await (await import('./database-commands.js')).migrateCommand(rest, io, USAGE);
      case 'import':
        return await (await import('./database-commands.js')).importCommand(rest, io, USAGE);
      case 'export':
        return await (await import('./database-commands.js')).exportCommand(rest, io, USAGE);
      case 'serve':
        return await (await import('./serve.js')).serveCommand(rest, io, USAGE);
      case 'demo':
        return await (await import('./demo-command.js')).demoCommand(rest, io, USAGE);
      case 'user':
        return await (await import('./account-commands.js')).userCommand(rest, io, USAGE);
      case 'token':
        return await (await import('./account-commands.js')).tokenCommand(rest, io, USAGE);
      case 'audit':
        return await (await import('./account-commands.js')).auditCommand(rest, io, USAGE);
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        io.out(`${USAGE}\n`);
        return command === undefined ? EXIT.invalid : EXIT.ok;
      default:
        io.err(`prestasi: unknown command "${command}"\n${USAGE}\n`);
        return EXIT.invalid;
    }
  } catch (e) {
    return reportFailure(e, io);
  }
}
