import { DomainError } from '@prestasi/db';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { BATCH_BYTES, jsonBodyLimit, MAX_JSON_BYTES } from './body-limit.js';

const app = new Hono();
app.use('*', jsonBodyLimit());
app.post('*', async (c) => c.text(String((await c.req.arrayBuffer()).byteLength)));
app.onError((error, c) => c.text(error instanceof DomainError ? error.code : 'INTERNAL', error instanceof DomainError && error.code === 'PAYLOAD_TOO_LARGE' ? 413 : 500));

/** A body of `bytes` bytes, streamed without a Content-Length, as a client may send it. */
const streamed = (bytes: number): RequestInit =>
  ({ method: 'POST', body: new ReadableStream({ start: (ctl) => (ctl.enqueue(new Uint8Array(bytes).fill(0x20)), ctl.close()) }), duplex: 'half' }) as RequestInit;

describe('body limits', () => {
  const batch = BATCH_BYTES.get('/api/transactions')!;
  it.each<[string, string, number, number]>([
    ['a sign-in of a few hundred bytes', '/api/auth/login', 300, 200],
    ['an adjustment at the JSON limit', '/api/adjustments', MAX_JSON_BYTES, 200],
    ['an adjustment over it', '/api/adjustments', MAX_JSON_BYTES + 1, 413],
    ['a batch of 10,000 deals (about 2 MB)', '/api/transactions', 2_000_000, 200],
    ['a batch over its limit', '/api/transactions', batch + 1, 413],
    ['a quota grid of a whole sales force', '/api/quotas', 1_000_000, 200],
    ['a quotas.csv of a whole sales force', '/api/quotas/csv', 1_000_000, 200],
    ['a webhook delivery over 1 MiB', '/api/webhooks/hubspot', 1024 * 1024 + 1, 413],
  ])('%s: %s, %i bytes → %i', async (_, path, bytes, status) => {
    const res = await app.request(path, streamed(bytes));
    expect(res.status).toBe(status);
    if (status === 200) expect(await res.text()).toBe(String(bytes));
  });
});
