/**
 * The closed list of domain error codes. Services throw `DomainError`s; the HTTP layer maps codes
 * to statuses in one table and the CLI maps them to exit codes in another, so adding a code here
 * makes both tables fail to compile until they say what it means.
 */
export type ErrorCode =
  | 'INVALID_INPUT'
  | 'INVALID_WORKSPACE'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED'
  | 'CONFLICT'
  | 'PERIOD_LOCKED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'RATE_LIMITED'
  | 'UNAVAILABLE'
  | 'INTERNAL';

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: unknown = undefined,
  ) {
    super(message);
  }
}
