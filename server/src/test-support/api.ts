import type { OpenAPIHono } from '@hono/zod-openapi';

export interface Answer<T = any> {
  readonly status: number;
  readonly body: T;
}

/** JSON requests against an app in process, for tests. */
export function api(app: OpenAPIHono) {
  const send = async (method: string, path: string, body?: unknown, actor?: string): Promise<Answer> => {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (actor !== undefined) headers['x-prestasi-actor'] = actor;
    const res = await app.request(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const text = await res.text();
    return { status: res.status, body: res.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(text) : text };
  };
  return {
    get: (path: string) => send('GET', path),
    post: (path: string, body?: unknown, actor?: string) => send('POST', path, body, actor),
  };
}
