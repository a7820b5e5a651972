import { ApiError, apiUrl } from '../../api/client';

/**
 * POSTs a file's text as it is (text/csv), which the JSON client does not send, and reads the
 * JSON answer. A refusal throws ApiError with the server's code and details (a report of every
 * row error, for the upload endpoints), as the client's other calls do.
 */
export async function postFile<T>(path: string, file: File, query?: Record<string, string | undefined>): Promise<T> {
  return postBody<T>(path, await file.text(), 'text/csv', query);
}

/**
 * POSTs a body the JSON client does not send: a zip, or a multipart form (`contentType`
 * undefined: the browser writes the form's own, with its boundary).
 */
export async function postBody<T>(path: string, body: BodyInit, contentType: string | undefined, query?: Record<string, string | undefined>): Promise<T> {
  const res = await fetch(apiUrl(path, query), {
    method: 'POST',
    credentials: 'same-origin',
    headers: { accept: 'application/json', ...(contentType === undefined ? {} : { 'content-type': contentType }) },
    body,
  });
  const text = await res.text();
  const json: unknown = text ? JSON.parse(text) : null;
  if (!res.ok) {
    const error = (json as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    throw new ApiError(res.status, error?.code ?? `HTTP_${res.status}`, error?.message ?? res.statusText, error?.details ?? null);
  }
  return json as T;
}
