import { exportWorkspace } from '@prestasi/db';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { expect, it } from 'vitest';
import { emptyDatabase, forEachDatabase } from '../../../db/src/test-support/databases.js';
import { createApp } from '../test-support/app.js';
import { multipart, WORKSPACE } from '../test-support/workspace.js';

const zipOf = (files: Readonly<Record<string, string | Uint8Array>>) =>
  zipSync(Object.fromEntries(Object.entries(files).map(([name, content]) => [name, typeof content === 'string' ? strToU8(content) : content])));
const inFolder = (folder: string) => Object.fromEntries(Object.entries(WORKSPACE).map(([path, text]) => [`${folder}/${path}`, text]));
const zipBody = (body: Uint8Array, type = 'application/zip') => ({ method: 'POST', body: body as Uint8Array<ArrayBuffer>, headers: { 'content-type': type } });
const formBody = (files: Readonly<Record<string, string | Uint8Array>>) => ({ method: 'POST', body: multipart(files) });

const LIMIT = 64 * 1024;

forEachDatabase('POST /api/import', (use) => {
  it.each<[string, RequestInit]>([
    ['a multipart form of workspace files', formBody(WORKSPACE)],
    ['a zip with the files at the top', zipBody(zipOf(WORKSPACE))],
    ['a zip of a folder, with junk beside it', zipBody(zipOf({ ...inFolder('acme'), '__MACOSX/acme/._payees.csv': 'junk', 'acme/README.md': '# hi' }))],
    ['a zip sent as application/x-zip-compressed', zipBody(zipOf(WORKSPACE), 'application/x-zip-compressed')],
  ])('imports %s', async (_, init) => {
    const { db } = use();
    await emptyDatabase(db);
    const res = await createApp({ db, maxImportBytes: LIMIT }).request('/api/import', init);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { batch: number; changed: Record<string, number>; warnings: unknown[] };
    expect(body.changed).toMatchObject({ payees: 2, plans: 1, transactions: 2, transaction_splits: 2 });
    expect(body.warnings).toEqual([]);
    expect((await exportWorkspace(db)).get('plans/ae.yaml')).toEqual(strToU8(WORKSPACE['plans/ae.yaml']!));
  });

  it.each<[string, () => RequestInit, number, string, unknown?]>([
    [
      'an invalid workspace',
      () => formBody({ ...WORKSPACE, 'transactions.csv': 'id,date,amount,owner\nt1,2026-13-01,1,zz\n' }),
      422,
      'INVALID_WORKSPACE',
      {
        problems: [
          { file: 'transactions.csv', line: 2, message: 'date must be a date YYYY-MM-DD, not "2026-13-01"' },
          { file: 'transactions.csv', line: 2, message: 'owner "zz" is not a payee in payees.csv' },
        ],
      },
    ],
    ['text/plain', () => ({ method: 'POST', body: 'payees.csv', headers: { 'content-type': 'text/plain' } }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['JSON', () => ({ method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['no body', () => ({ method: 'POST' }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['a body over the limit', () => formBody({ ...WORKSPACE, 'transactions.csv': `id,date,amount,owner\n${'t,2026-01-01,1,a\n'.repeat(LIMIT / 16)}` }), 413, 'PAYLOAD_TOO_LARGE'],
    ['a zip inflating over the limit', () => zipBody(zipOf({ ...WORKSPACE, 'transactions.csv': new Uint8Array(LIMIT * 4).fill(0x20) })), 413, 'PAYLOAD_TOO_LARGE'],
    ['bytes that are no zip', () => zipBody(strToU8('PK\u0003\u0004 not really')), 400, 'INVALID_INPUT'],
    ['a zip entry climbing out', () => zipBody(zipOf({ ...WORKSPACE, '../evil.csv': 'x' })), 400, 'INVALID_INPUT'],
    ['a zip entry with an absolute path', () => zipBody(zipOf({ ...WORKSPACE, '/etc/cron.d/x': 'x' })), 400, 'INVALID_INPUT'],
    ['a zip entry with backslashes', () => zipBody(zipOf({ ...WORKSPACE, 'plans\\ae.yaml': 'x' })), 400, 'INVALID_INPUT'],
    ['a form field climbing out', () => formBody({ ...WORKSPACE, '../payees.csv': 'x' }), 400, 'INVALID_INPUT'],
    ['a form field through plans/..', () => formBody({ ...WORKSPACE, 'plans/../payees.csv': 'x' }), 400, 'INVALID_INPUT'],
    ['a form field with a drive letter', () => formBody({ ...WORKSPACE, 'C:/payees.csv': 'x' }), 400, 'INVALID_INPUT'],
    ['a form field with backslashes', () => formBody({ ...WORKSPACE, 'plans\\ae.yaml': 'x' }), 400, 'INVALID_INPUT'],
    ['a form field that is no workspace file', () => formBody({ ...WORKSPACE, 'notes.txt': 'x' }), 400, 'INVALID_INPUT'],
    ['a plan in a sub-folder', () => formBody({ ...WORKSPACE, 'plans/old/ae.yaml': 'x' }), 400, 'INVALID_INPUT'],
    [
      'a file sent twice',
      () => {
        const form = multipart(WORKSPACE);
        form.append('payees.csv', new Blob(['id,name\n']), 'payees.csv');
        return { method: 'POST', body: form };
      },
      400,
      'INVALID_INPUT',
    ],
  ])('rejects %s and writes nothing', async (_, init, status, code, details) => {
    const { db } = use();
    await emptyDatabase(db);
    const res = await createApp({ db, maxImportBytes: LIMIT }).request('/api/import', init());
    expect(res.status).toBe(status);
    const body = (await res.json()) as { error: { code: string; message: string; details: unknown } };
    expect(body.error.code).toBe(code);
    if (details !== undefined) expect(body.error.details).toEqual(details);
    expect(await db.selectFrom('payees').selectAll().execute()).toEqual([]);
  });

  it('answers 409 CONFLICT when the workspace does not fit what is already there', async () => {
    const { db } = use();
    await emptyDatabase(db);
    const app = createApp({ db, maxImportBytes: LIMIT });
    expect((await app.request('/api/import', formBody(WORKSPACE))).status).toBe(200);
    const res = await app.request('/api/import', formBody({ ...WORKSPACE, 'assignments.csv': 'payee,plan,from\na,ae,2026-02-01\nb,ae,2026-01-01\n' }));
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('CONFLICT');
  });

  it('with dryRun=true answers what the import would, and writes nothing', async () => {
    const { db } = use();
    await emptyDatabase(db);
    const app = createApp({ db, maxImportBytes: LIMIT });
    const dry = await app.request('/api/import?dryRun=true', zipBody(zipOf(WORKSPACE)));
    expect(dry.status).toBe(200);
    const dryBody = (await dry.json()) as { batch: number | null; dryRun: boolean; changed: Record<string, number> };
    expect(await db.selectFrom('payees').selectAll().execute()).toEqual([]);
    expect(await db.selectFrom('import_batches').selectAll().execute()).toEqual([]);

    const real = await app.request('/api/import?dryRun=false', zipBody(zipOf(WORKSPACE)));
    const realBody = (await real.json()) as typeof dryBody;
    expect(realBody.dryRun).toBe(false);
    expect(realBody.batch).toEqual(expect.any(Number));
    expect(dryBody).toEqual({ ...realBody, batch: null, dryRun: true });

    const before = await exportWorkspace(db);
    const conflict = await app.request('/api/import?dryRun=true', formBody({ ...WORKSPACE, 'assignments.csv': 'payee,plan,from\na,ae,2026-02-01\nb,ae,2026-01-01\n' }));
    expect(conflict.status).toBe(409);
    const invalid = await app.request('/api/import?dryRun=true', formBody({ ...WORKSPACE, 'transactions.csv': 'id,date,amount,owner\nt1,2026-13-01,1,a\n' }));
    expect(invalid.status).toBe(422);
    expect(await exportWorkspace(db)).toEqual(before);
    expect((await app.request('/api/import?dryRun=yes', formBody(WORKSPACE))).status).toBe(400);
  });
});

forEachDatabase('GET /api/export', (use) => {
  it('gives the workspace as a zip that imports into an empty database unchanged', async () => {
    const { db } = use();
    await emptyDatabase(db);
    const app = createApp({ db });
    expect((await app.request('/api/import', formBody(WORKSPACE))).status).toBe(200);
    const res = await app.request('/api/export');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="prestasi-workspace.zip"');
    const zip = new Uint8Array(await res.arrayBuffer());
    const before = await exportWorkspace(db);
    expect(new Map(Object.entries(unzipSync(zip)))).toEqual(before);
    await emptyDatabase(db);
    expect((await app.request('/api/import', zipBody(zip))).status).toBe(200);
    expect(await exportWorkspace(db)).toEqual(before);
  });
});
