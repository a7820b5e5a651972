import { DomainError } from '@prestasi/db';

/**
 * What CSV files are sent as: browsers and CRMs label them text/csv, application/csv, or (Excel
 * on Windows) application/vnd.ms-excel; curl --data-binary sends text/plain unless told.
 */
const CSV_TYPES: ReadonlySet<string> = new Set(['text/csv', 'application/csv', 'text/comma-separated-values', 'application/vnd.ms-excel', 'text/plain']);

/** The CSV of an upload: the body itself, or the one field of a multipart form. */
export async function readCsvUpload(request: Request): Promise<Uint8Array> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (CSV_TYPES.has(type)) return new Uint8Array(await request.arrayBuffer());
  if (type !== 'multipart/form-data') {
    throw new DomainError('UNSUPPORTED_MEDIA_TYPE', `send text/csv, or multipart/form-data with one file, not "${type.slice(0, 100)}"`);
  }
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw new DomainError('INVALID_INPUT', 'the body is not a readable multipart form');
  }
  const fields = [...form];
  if (fields.length !== 1) throw new DomainError('INVALID_INPUT', `send exactly one file in the form, not ${fields.length}`, { fields: fields.map(([n]) => n.slice(0, 100)).slice(0, 20) });
  const value = fields[0]![1];
  return typeof value === 'string' ? new TextEncoder().encode(value) : new Uint8Array(await value.arrayBuffer());
}
