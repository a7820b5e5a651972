// oidc-provider (a test dependency: the identity provider the OIDC tests start) ships no types.
declare module 'oidc-provider';
