import {
  clearLoginFailures,
  createSession,
  type Db,
  DomainError,
  dummyPasswordHash,
  findUserByEmail,
  loginRetryAfter,
  normalEmail,
  recordLoginFailure,
  type ThrottleLimits,
  type UserRecord,
  verifyPassword,
} from '@prestasi/db';

export interface LoginRequest {
  readonly email: string;
  readonly password: string;
  readonly ip: string;
}

export interface LoginSettings {
  readonly sessionTtlSeconds: number;
  readonly throttle: ThrottleLimits;
}

export const WRONG_CREDENTIALS = 'wrong email or password';

/**
 * Signs in with email and password. An unknown email, a disabled user, a user without a
 * password and a wrong password all answer the same UNAUTHENTICATED after the same work (one
 * scrypt check, against a dummy hash when there is no real one), so neither the answer nor
 * its timing says which emails exist. Too many failures for the email or the address within
 * the window answer RATE_LIMITED, again whether or not the email exists.
 */
export async function login(db: Db, request: LoginRequest, settings: LoginSettings): Promise<{ user: UserRecord; token: string; expiresAt: Date }> {
  const email = normalEmail(request.email);
  const retryAfter = await loginRetryAfter(db, email, request.ip, settings.throttle);
  if (retryAfter > 0) {
    throw new DomainError('RATE_LIMITED', `too many failed sign-ins: try again in ${retryAfter} seconds`, { retryAfterSeconds: retryAfter });
  }
  const user = await findUserByEmail(db, email);
  const matches = await verifyPassword(request.password, user?.passwordHash ?? (await dummyPasswordHash()));
  if (!user || user.passwordHash === null || user.disabled || !matches) {
    await recordLoginFailure(db, email, request.ip, settings.throttle);
    throw new DomainError('UNAUTHENTICATED', WRONG_CREDENTIALS);
  }
  await clearLoginFailures(db, email);
  const { passwordHash: _, ...record } = user;
  const session = await createSession(db, user.id, { ttlSeconds: settings.sessionTtlSeconds, via: 'password' });
  return { user: record, ...session };
}
