import { DomainError, type ErrorCode } from '@prestasi/db';

/** The one table from domain error codes to HTTP statuses. */
export const STATUS: Record<ErrorCode, 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 423 | 500 | 503> = {
  INVALID_INPUT: 400,
  INVALID_WORKSPACE: 422,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PERIOD_LOCKED: 423,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INTERNAL: 500,
  UNAVAILABLE: 503,
};

export interface ErrorBody {
  readonly error: { readonly code: ErrorCode; readonly message: string; readonly details?: unknown };
}

/**
 * The response for anything thrown. Domain errors say what went wrong; anything else is a bug
 * whose message and stack may hold internals, so the client gets a bare INTERNAL.
 */
export function errorResponse(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof DomainError) {
    const details = error.details === undefined ? {} : { details: error.details };
    return { status: STATUS[error.code], body: { error: { code: error.code, message: error.message, ...details } } };
  }
  return { status: STATUS.INTERNAL, body: { error: { code: 'INTERNAL', message: 'internal error' } } };
}
