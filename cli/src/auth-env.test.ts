import { describe, expect, it } from 'vitest';
import { authOptionsFromEnv } from './auth-env.js';

describe('sign-in settings from the environment', () => {
  it.each<[string, NodeJS.ProcessEnv, unknown]>([
    ['nothing set', {}, { trustProxy: false, origins: [] }],
    ['a proxy, origins and session hours', { PRESTASI_TRUST_PROXY: '1', PRESTASI_ORIGINS: 'https://a.example, https://b.example:8443', PRESTASI_SESSION_HOURS: '8' }, { trustProxy: true, origins: ['https://a.example', 'https://b.example:8443'], sessionTtlSeconds: 28800 }],
    [
      'single sign-on',
      { PRESTASI_OIDC_ISSUER: 'https://login.example', PRESTASI_OIDC_CLIENT_ID: 'prestasi', PRESTASI_OIDC_CLIENT_SECRET: 's', PRESTASI_OIDC_REDIRECT_URI: 'https://prestasi.example/api/auth/oidc/callback' },
      { oidc: { issuer: 'https://login.example', clientId: 'prestasi', clientSecret: 's', redirectUri: 'https://prestasi.example/api/auth/oidc/callback', createPayeeUsers: false } },
    ],
    [
      'single sign-on making payees’ accounts',
      { PRESTASI_OIDC_ISSUER: 'https://login.example', PRESTASI_OIDC_CLIENT_ID: 'prestasi', PRESTASI_OIDC_REDIRECT_URI: 'https://p.example/api/auth/oidc/callback', PRESTASI_OIDC_CREATE_PAYEE_USERS: '1' },
      { oidc: { issuer: 'https://login.example', clientId: 'prestasi', redirectUri: 'https://p.example/api/auth/oidc/callback', createPayeeUsers: true } },
    ],
  ])('%s', (_, env, expected) => {
    expect(authOptionsFromEnv(env)).toMatchObject(expected as object);
  });

  it.each<[string, NodeJS.ProcessEnv]>([
    ['half a single sign-on', { PRESTASI_OIDC_ISSUER: 'https://login.example' }],
    ['an origin with a path', { PRESTASI_ORIGINS: 'https://a.example/app' }],
    ['hours that are not a number', { PRESTASI_SESSION_HOURS: '12h' }],
    ['payees’ accounts without single sign-on', { PRESTASI_OIDC_CREATE_PAYEE_USERS: '1' }],
    ['payees’ accounts set to yes', { PRESTASI_OIDC_ISSUER: 'https://l.example', PRESTASI_OIDC_CLIENT_ID: 'p', PRESTASI_OIDC_REDIRECT_URI: 'https://p.example/cb', PRESTASI_OIDC_CREATE_PAYEE_USERS: 'yes' }],
  ])('refuses %s', (_, env) => {
    expect(() => authOptionsFromEnv(env)).toThrow();
  });
});
