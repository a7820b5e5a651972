import type { TFunction } from 'i18next';
import { en } from '../i18n/en';
import { ApiError } from './client';

type ErrorKey = keyof typeof en.errors;

/**
 * A failure as a screen shows it: for a request the server refused, what its error code means
 * in the language on screen, with the server's message as the detail (see `errors` in en.ts).
 */
export function errorText(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) {
    const key: ErrorKey = Object.hasOwn(en.errors, error.code) ? (error.code as ErrorKey) : 'other';
    return t(`errors.${key}`, { detail: error.message });
  }
  return error instanceof Error ? error.message : String(error);
}
