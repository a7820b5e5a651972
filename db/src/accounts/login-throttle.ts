import type { Db } from '../schema.js';

export interface ThrottleLimits {
  /** Failed sign-ins for one email within the window before it is refused (default 10). */
  readonly perAccount: number;
  /** Failed sign-ins from one address within the window before it is refused (default 50). */
  readonly perIp: number;
  /** The sliding window, seconds (default 900: 15 minutes). */
  readonly windowSeconds: number;
}

export const DEFAULT_THROTTLE: ThrottleLimits = { perAccount: 10, perIp: 50, windowSeconds: 900 };

/**
 * Whether a sign-in may be tried: the seconds to wait when the email or the address has failed
 * too often within the window, else 0. Counted whether or not the email exists, so the answer
 * says nothing about which emails do.
 */
export async function loginRetryAfter(db: Db, email: string, ip: string, limits: ThrottleLimits, now = new Date()): Promise<number> {
  const since = new Date(now.getTime() - limits.windowSeconds * 1000);
  const waitFor = async (column: 'email' | 'ip', value: string, limit: number): Promise<number> => {
    const rows = await db
      .selectFrom('login_failures')
      .select('at')
      .where(column, '=', value)
      .where('at', '>', since)
      .orderBy('at', 'desc')
      .limit(limit)
      .execute();
    if (rows.length < limit) return 0;
    // The oldest of the last `limit` failures leaves the window first.
    const oldest = new Date(rows[rows.length - 1]!.at).getTime();
    return Math.max(1, Math.ceil((oldest + limits.windowSeconds * 1000 - now.getTime()) / 1000));
  };
  return Math.max(await waitFor('email', email, limits.perAccount), await waitFor('ip', ip, limits.perIp));
}

export async function recordLoginFailure(db: Db, email: string, ip: string, limits: ThrottleLimits, now = new Date()): Promise<void> {
  await db.insertInto('login_failures').values({ email, ip, at: now }).execute();
  await db.deleteFrom('login_failures').where('at', '<=', new Date(now.getTime() - limits.windowSeconds * 1000)).execute();
}

/** A successful sign-in clears the account's failures (the address's stay: it may be trying many accounts). */
export async function clearLoginFailures(db: Db, email: string): Promise<void> {
  await db.deleteFrom('login_failures').where('email', '=', email).execute();
}
