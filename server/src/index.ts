/** The Prestasi HTTP API. */
export { createApp, DEFAULT_MAX_IMPORT_BYTES, type AppOptions } from './app.js';
export { STATUS, errorResponse, ErrorSchema, type ErrorBody, type ErrorStatus } from './errors.js';
export { listen, type Listening, type ListenOptions } from './listen.js';
export { API_VERSION } from './openapi.js';
