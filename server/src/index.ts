/** The Prestasi HTTP API. */
export { createApp, DEFAULT_MAX_IMPORT_BYTES, type AppOptions, type AuthOptions } from './app.js';
export { POLICIES, type Policy } from './auth/policies.js';
export { SCOPES, SCOPE_NAMES, type Scope } from './auth/scopes.js';
export { STATUS, errorResponse, ErrorSchema, type ErrorBody, type ErrorStatus } from './errors.js';
export { listen, type Listening, type ListenOptions } from './listen.js';
export { LiveHub, type LiveOptions } from './live/hub.js';
export { type WebhookSecrets } from './webhooks/routes.js';
export { API_VERSION } from './openapi.js';
