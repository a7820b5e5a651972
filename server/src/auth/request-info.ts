import type { Context } from 'hono';

export interface ProxyTrust {
  /**
   * One reverse proxy in front that sets X-Forwarded-For and X-Forwarded-Proto: the client's
   * address is the last X-Forwarded-For entry (the one the proxy added). Off by default: a
   * client could otherwise pick its own address and dodge the per-address sign-in limit.
   */
  readonly trustProxy: boolean;
}

/** The caller's address, for the per-address sign-in limit. */
export function clientIp(c: Context, trust: ProxyTrust): string {
  if (trust.trustProxy) {
    const forwarded = c.req.header('x-forwarded-for');
    const last = forwarded?.split(',').at(-1)?.trim();
    if (last) return last.slice(0, 100);
  }
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
}

/**
 * Whether the browser reached us over HTTPS: the request URL says so, or a proxy in front
 * says X-Forwarded-Proto: https. (Trusting the header here is harmless: all it does is mark
 * the cookie Secure, which only ever withholds it from plain HTTP.)
 */
export function isHttps(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase() === 'https';
}
