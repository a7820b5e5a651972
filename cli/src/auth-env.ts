import type { AuthOptions } from '@prestasi/server';
import { UsageError } from './args.js';

/**
 * The server's sign-in settings from the environment:
 * - PRESTASI_TRUST_PROXY=1: one reverse proxy in front sets X-Forwarded-For/-Proto/-Host.
 * - PRESTASI_ORIGINS: origins (comma-separated) the browser app is served from, for the CSRF check.
 * - PRESTASI_SESSION_HOURS: how long a session lasts (default 12).
 * - PRESTASI_SESSION_IDLE_MINUTES: how long a session lasts unused (default 30).
 * - PRESTASI_OIDC_ISSUER, PRESTASI_OIDC_CLIENT_ID, PRESTASI_OIDC_CLIENT_SECRET,
 *   PRESTASI_OIDC_REDIRECT_URI: single sign-on (all but the secret, or none).
 * - PRESTASI_OIDC_CREATE_PAYEE_USERS=1: a payee signing in for the first time with the email
 *   payees.csv gives them gets a rep's (or manager's) account.
 */
export function authOptionsFromEnv(env: NodeJS.ProcessEnv): AuthOptions {
  const hours = env['PRESTASI_SESSION_HOURS'];
  if (hours !== undefined && !/^\d{1,4}$/.test(hours)) throw new UsageError(`PRESTASI_SESSION_HOURS must be a whole number of hours, not "${hours}"`);
  const idle = env['PRESTASI_SESSION_IDLE_MINUTES'];
  if (idle !== undefined && !/^[1-9]\d{0,4}$/.test(idle)) throw new UsageError(`PRESTASI_SESSION_IDLE_MINUTES must be a whole number of minutes, not "${idle}"`);
  const origins = (env['PRESTASI_ORIGINS'] ?? '').split(',').map((o) => o.trim()).filter((o) => o !== '');
  for (const o of origins) if (!/^https?:\/\/[^/\s]+$/.test(o)) throw new UsageError(`PRESTASI_ORIGINS: "${o}" is not an origin like https://prestasi.example`);
  const issuer = env['PRESTASI_OIDC_ISSUER'];
  const clientId = env['PRESTASI_OIDC_CLIENT_ID'];
  const redirectUri = env['PRESTASI_OIDC_REDIRECT_URI'];
  const given = [issuer, clientId, redirectUri].filter((v) => v !== undefined && v !== '').length;
  if (given !== 0 && given !== 3) throw new UsageError('single sign-on needs PRESTASI_OIDC_ISSUER, PRESTASI_OIDC_CLIENT_ID and PRESTASI_OIDC_REDIRECT_URI together');
  const createPayeeUsers = env['PRESTASI_OIDC_CREATE_PAYEE_USERS'];
  if (createPayeeUsers !== undefined && createPayeeUsers !== '0' && createPayeeUsers !== '1') {
    throw new UsageError(`PRESTASI_OIDC_CREATE_PAYEE_USERS must be 1 or 0, not "${createPayeeUsers}"`);
  }
  if (createPayeeUsers === '1' && given === 0) throw new UsageError('PRESTASI_OIDC_CREATE_PAYEE_USERS needs single sign-on (PRESTASI_OIDC_ISSUER and the rest)');
  return {
    trustProxy: env['PRESTASI_TRUST_PROXY'] === '1',
    origins,
    ...(hours === undefined ? {} : { sessionTtlSeconds: Number(hours) * 3600 }),
    ...(idle === undefined ? {} : { sessionIdleSeconds: Number(idle) * 60 }),
    ...(given === 3
      ? {
          oidc: {
            issuer: issuer!,
            clientId: clientId!,
            clientSecret: env['PRESTASI_OIDC_CLIENT_SECRET'] || undefined,
            redirectUri: redirectUri!,
            createPayeeUsers: createPayeeUsers === '1',
          },
        }
      : {}),
  };
}
