/** The Prestasi HTTP API. */
export { STATUS, errorResponse, type ErrorBody } from './errors.js';
