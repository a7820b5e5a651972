import { createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError } from '@prestasi/db';

/** How old a signed delivery may be: older ones are refused, so a captured one cannot be replayed later. */
export const MAX_AGE_MS = 5 * 60 * 1000;

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function fresh(timestampMs: number, now: number): boolean {
  return Number.isFinite(timestampMs) && Math.abs(now - timestampMs) <= MAX_AGE_MS;
}

const refused = (why: string) => new DomainError('UNAUTHENTICATED', `webhook signature refused: ${why}`);

/**
 * HubSpot's v3 signature: `X-HubSpot-Signature-v3` is base64 HMAC-SHA256, keyed with the app's
 * client secret, of method + URI + body + `X-HubSpot-Request-Timestamp` (milliseconds), which must
 * be at most five minutes old.
 */
export function checkHubspot(secret: string, request: { method: string; uri: string; body: string; signature?: string | undefined; timestamp?: string | undefined }, now = Date.now()): void {
  if (request.signature === undefined || request.timestamp === undefined) throw refused('X-HubSpot-Signature-v3 and X-HubSpot-Request-Timestamp are required');
  if (!fresh(Number(request.timestamp), now)) throw refused('the timestamp is more than five minutes off');
  const expected = createHmac('sha256', secret).update(`${request.method}${request.uri}${request.body}${request.timestamp}`).digest('base64');
  if (!same(expected, request.signature)) throw refused('the signature does not match');
}

/**
 * Our signature for senders that do not sign by themselves (Salesforce outbound calls from a
 * flow or Apex): `X-Prestasi-Timestamp` in milliseconds and `X-Prestasi-Signature: sha256=` hex
 * HMAC-SHA256, keyed with the shared secret, of timestamp + "." + body.
 */
export function checkShared(secret: string, request: { body: string; signature?: string | undefined; timestamp?: string | undefined }, now = Date.now()): void {
  if (request.signature === undefined || request.timestamp === undefined) throw refused('X-Prestasi-Signature and X-Prestasi-Timestamp are required');
  if (!fresh(Number(request.timestamp), now)) throw refused('the timestamp is more than five minutes off');
  const expected = `sha256=${sharedSignature(secret, request.timestamp, request.body)}`;
  if (!same(expected, request.signature)) throw refused('the signature does not match');
}

/** The hex HMAC a sender puts after `sha256=` in X-Prestasi-Signature. */
export function sharedSignature(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}
