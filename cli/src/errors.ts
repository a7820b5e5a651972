import { DomainError, type ErrorCode } from '@prestasi/db';
import { formatProblem, type Problem } from '@prestasi/workspace';
import type { Io } from './args.js';
import { EXIT } from './exit.js';

/** The one table from domain error codes to exit statuses: 2 when the input is to blame. */
export const EXIT_FOR: Record<ErrorCode, number> = {
  INVALID_INPUT: EXIT.invalid,
  INVALID_WORKSPACE: EXIT.invalid,
  CONFLICT: EXIT.invalid,
  NOT_FOUND: EXIT.invalid,
  PERIOD_LOCKED: EXIT.invalid,
  PAYLOAD_TOO_LARGE: EXIT.invalid,
  UNSUPPORTED_MEDIA_TYPE: EXIT.invalid,
  UNAUTHENTICATED: EXIT.failure,
  FORBIDDEN: EXIT.failure,
  RATE_LIMITED: EXIT.failure,
  UNAVAILABLE: EXIT.failure,
  INTERNAL: EXIT.failure,
};

/** A domain error as the CLI prints it: its message, then each problem it carries as FILE:LINE. */
export function formatDomainError(error: DomainError): string {
  const problems = (error.details as { problems?: readonly Problem[] } | undefined)?.problems ?? [];
  return [`prestasi: ${error.message}`, ...problems.map(formatProblem)].map((line) => `${line}\n`).join('');
}

/** Runs a command, printing a domain error it throws and exiting with the table's status. */
export async function reportingDomainErrors(io: Io, command: () => Promise<number>): Promise<number> {
  try {
    return await command();
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    io.err(formatDomainError(e));
    return EXIT_FOR[e.code];
  }
}
