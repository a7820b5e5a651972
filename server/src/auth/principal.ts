import type { Role } from '@prestasi/db';
import type { Context } from 'hono';

/** Who is calling: a signed-in user (a session cookie) or an integration (an API token). */
export type Principal = UserPrincipal | TokenPrincipal;

export interface UserPrincipal {
  readonly kind: 'user';
  readonly userId: number;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly payeeId: string | null;
  readonly sessionId: number;
  /** Recorded on changes and in the audit log: the user's email. */
  readonly actor: string;
}

export interface TokenPrincipal {
  readonly kind: 'token';
  readonly tokenId: number;
  readonly name: string;
  readonly scopes: readonly string[];
  /** Recorded on changes and in the audit log: `token:<id>:<name>`. */
  readonly actor: string;
}

declare module 'hono' {
  interface ContextVariableMap {
    principal: Principal | undefined;
    /** The session token the request carried in its cookie, to end it on logout. */
    sessionToken: string | undefined;
  }
}

export function principalOf(c: Context): Principal | undefined {
  return c.get('principal');
}
