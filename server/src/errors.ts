import { z } from '@hono/zod-openapi';
import { DomainError, type ErrorCode } from '@prestasi/db';
import { HTTPException } from 'hono/http-exception';

/** The one table from domain error codes to HTTP statuses. */
export const STATUS = {
  INVALID_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INVALID_WORKSPACE: 422,
  PERIOD_LOCKED: 423,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const satisfies Record<ErrorCode, number>;

export type ErrorStatus = (typeof STATUS)[ErrorCode];

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(STATUS) as [ErrorCode, ...ErrorCode[]]),
      message: z.string(),
      details: z.unknown().openapi({ description: 'What the code needs to explain itself (problems, issues), or null' }),
    }),
  })
  .openapi('Error');

export type ErrorBody = z.infer<typeof ErrorSchema>;

/** The OpenAPI description of an error response, for a route's `responses`. */
export function errorResponseSpec(description: string) {
  return { description, content: { 'application/json': { schema: ErrorSchema } } };
}

/**
 * The response for anything thrown. Domain errors say what went wrong; anything else is a bug
 * whose message and stack may hold internals, so the client gets a bare INTERNAL.
 */
export function errorResponse(error: unknown): { status: ErrorStatus; body: ErrorBody; headers?: Record<string, string> } {
  // Hono's own validators throw these for a body they cannot read (malformed JSON) or of another content type: the client's fault.
  if (error instanceof HTTPException && error.status === 400) return errorResponse(new DomainError('INVALID_INPUT', 'the body is not readable as its content type says (malformed JSON?)'));
  if (error instanceof HTTPException && error.status === 415) return errorResponse(new DomainError('UNSUPPORTED_MEDIA_TYPE', 'send the body as application/json'));
  if (error instanceof DomainError) {
    const body = { error: { code: error.code, message: error.message, details: error.details ?? null } };
    return { status: STATUS[error.code], body, ...retryAfter(error) };
  }
  return { status: STATUS.INTERNAL, body: { error: { code: 'INTERNAL', message: 'internal error', details: null } } };
}

/** RFC 9110's Retry-After on an answer that says how long to wait, for clients that read headers only. */
function retryAfter(error: DomainError): { headers: Record<string, string> } | undefined {
  const seconds = (error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  return typeof seconds === 'number' && Number.isInteger(seconds) && seconds >= 0 ? { headers: { 'retry-after': String(seconds) } } : undefined;
}
