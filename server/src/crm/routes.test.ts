import { importWorkspace } from '@prestasi/db';
import { beforeEach, expect, it } from 'vitest';
import { CRM_WORKSPACE, files, HUBSPOT_CSV, SF_ROWS, salesforceCsv } from '../../../db/src/crm/test-support/fixtures.js';
import { emptyDatabase, forEachDatabase } from '../../../db/src/test-support/databases.js';
import { createApp } from '../test-support/app.js';

const LIMIT = 64 * 1024;

interface ErrorBody {
  error: { code: string; message: string; details: unknown };
}
interface Report {
  source: string;
  dryRun: boolean;
  batch: number | null;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  skipped: number;
  errorCount: number;
  errors: unknown[];
  changes: { inserted: unknown[]; updated: unknown[]; skipped: unknown[] };
}

const csvBody = (csv: string, type = 'text/csv') => ({ method: 'POST', body: csv, headers: { 'content-type': type } });
const formBody = (csv: string) => {
  const form = new FormData();
  form.append('file', new Blob([csv]), 'report.csv');
  return { method: 'POST', body: form };
};
const put = (body: unknown) => ({ method: 'PUT', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

const ACME = {
  idPrefix: 'acme',
  columns: { id: 'Deal', date: 'Won on', amount: 'Value', owner_email: 'Rep' },
  attributes: { region: 'Region' },
  dateFormat: 'DD/MM/YYYY',
  fixed: { type: 'new' },
  defaults: { currency: 'EUR' },
};
const ACME_CSV = 'Deal,Won on,Value,Rep,Region\nA-1,31/01/2026,"€1,234.50",aisyah@contoh.my,north\n';

forEachDatabase('CRM routes', (use) => {
  const app = () => createApp({ db: use().db, maxImportBytes: LIMIT });

  beforeEach(async () => {
    const { db } = use();
    await emptyDatabase(db);
    await importWorkspace(db, files(CRM_WORKSPACE), { actor: 'test' });
  });

  it.each<[string, () => RequestInit]>([
    ['text/csv', () => csvBody(salesforceCsv())],
    ['a multipart form with one file', () => formBody(salesforceCsv())],
    ['application/vnd.ms-excel (Excel on Windows)', () => csvBody(salesforceCsv(), 'application/vnd.ms-excel')],
  ])('POST /api/crm/imports takes %s: a dry run reports, a real import writes, a second changes nothing', async (_, init) => {
    const dry = await app().request('/api/crm/imports?source=salesforce&dryRun=true', init());
    expect(dry.status).toBe(200);
    expect(await dry.json()).toMatchObject({ source: 'salesforce', dryRun: true, batch: null, rows: 4, inserted: 2, skipped: 2, errorCount: 0 });
    expect(await use().db.selectFrom('transactions').select('id').execute()).toEqual([]);

    const real = await app().request('/api/crm/imports?source=salesforce', init());
    expect(real.status).toBe(200);
    const report = (await real.json()) as Report;
    expect(report).toMatchObject({ dryRun: false, inserted: 2, skipped: 2 });
    expect(report.batch).toEqual(expect.any(Number));

    const again = (await (await app().request('/api/crm/imports?source=salesforce&dryRun=false', init())).json()) as Report;
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 });
  });

  it('imports a HubSpot export', async () => {
    const res = await app().request('/api/crm/imports?source=hubspot', csvBody(HUBSPOT_CSV));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ inserted: 2, skipped: 1, changes: { inserted: [{ row: 2, id: 'hs:9876543210' }, { row: 3, id: 'hs:9876543211' }] } });
  });

  it('answers row errors of a real import with 422 and the dry run’s error list, writing nothing', async () => {
    const csv = salesforceCsv([SF_ROWS[0], SF_ROWS[1].replace('"Boon Tan","",', '"Zainal","",')]);
    const dry = (await (await app().request('/api/crm/imports?source=salesforce&dryRun=true', csvBody(csv))).json()) as Report;
    expect(dry.errors).toEqual([{ row: 3, column: 'Opportunity Owner', value: 'Zainal', message: 'the owner is unknown: no payee has the name "Zainal"' }]);
    const res = await app().request('/api/crm/imports?source=salesforce', csvBody(csv));
    expect(res.status).toBe(422);
    const body = (await res.json()) as ErrorBody;
    expect(body.error).toEqual({ code: 'INVALID_WORKSPACE', message: 'the file has 1 row error(s); nothing was imported', details: { errors: dry.errors, errorCount: 1, truncated: false } });
    expect(await use().db.selectFrom('transactions').select('id').execute()).toEqual([]);
  });

  it.each<[string, string, () => RequestInit, number, string]>([
    ['an unknown source', '/api/crm/imports?source=pipedrive', () => csvBody(salesforceCsv()), 404, 'NOT_FOUND'],
    ['no source', '/api/crm/imports', () => csvBody(salesforceCsv()), 400, 'INVALID_INPUT'],
    ['dryRun that is no boolean', '/api/crm/imports?source=salesforce&dryRun=yes', () => csvBody(salesforceCsv()), 400, 'INVALID_INPUT'],
    ['JSON', '/api/crm/imports?source=salesforce', () => csvBody('{}', 'application/json'), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['a zip', '/api/crm/imports?source=salesforce', () => csvBody('PK', 'application/zip'), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    [
      'a form with two files',
      '/api/crm/imports?source=salesforce',
      () => {
        const form = new FormData();
        form.append('a', new Blob(['x']), 'a.csv');
        form.append('b', new Blob(['y']), 'b.csv');
        return { method: 'POST', body: form };
      },
      400,
      'INVALID_INPUT',
    ],
    ['a body over the limit', '/api/crm/imports?source=salesforce', () => csvBody(salesforceCsv(Array.from({ length: 1000 }, () => SF_ROWS[0]))), 413, 'PAYLOAD_TOO_LARGE'],
  ])('refuses %s', async (_, path, init, status, code) => {
    const res = await app().request(path, init());
    expect(res.status).toBe(status);
    expect(((await res.json()) as ErrorBody).error.code).toBe(code);
    expect(await use().db.selectFrom('transactions').select('id').execute()).toEqual([]);
  });

  it('saves a mapping once (PUT), lists it (GET), and imports through it; saving again replaces it', async () => {
    const created = await app().request('/api/crm/mappings/acme', put(ACME));
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ name: 'acme', mapping: ACME });
    const replaced = await app().request('/api/crm/mappings/acme', put({ ...ACME, idPrefix: 'ac' }));
    expect(replaced.status).toBe(200);
    await app().request('/api/crm/mappings/acme', put(ACME));

    const list = (await (await app().request('/api/crm/mappings')).json()) as { presets: { name: string }[]; saved: { name: string; mapping: unknown }[] };
    expect(list.presets.map((p) => p.name)).toEqual(['salesforce', 'hubspot']);
    expect(list.saved).toEqual([{ name: 'acme', mapping: ACME, createdAt: expect.any(String), updatedAt: expect.any(String) }]);

    const res = await app().request('/api/crm/imports?source=acme', csvBody(ACME_CSV));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ source: 'acme', inserted: 1 });
    expect(await use().db.selectFrom('transactions').select(['id', 'date', 'amount', 'currency', 'owner_id', 'type', 'external_source']).execute()).toEqual([
      { id: 'acme:A-1', date: '2026-01-31', amount: '1234.50', currency: 'EUR', owner_id: 'ae-1', type: 'new', external_source: 'acme' },
    ]);
    const audit = await use().db.selectFrom('audit_log').select(['action', 'entity_id']).where('entity', '=', 'crm_mapping').orderBy('id').execute();
    expect(audit).toEqual([
      { action: 'crm_mapping.create', entity_id: 'acme' },
      { action: 'crm_mapping.update', entity_id: 'acme' },
      { action: 'crm_mapping.update', entity_id: 'acme' },
    ]);
  });

  it.each<[string, string, unknown, number, string, unknown?]>([
    ['a preset’s name', 'salesforce', ACME, 409, 'CONFLICT'],
    ['a name with capitals', 'Acme', ACME, 400, 'INVALID_INPUT'],
    ['an unknown date layout', 'acme', { ...ACME, dateFormat: 'D MMM YYYY' }, 400, 'INVALID_INPUT'],
    ['an unknown field', 'acme', { ...ACME, columns: { ...ACME.columns, colour: 'Colour' } }, 400, 'INVALID_INPUT'],
    [
      'a mapping without an owner',
      'acme',
      { ...ACME, columns: { id: 'Deal', date: 'Won on', amount: 'Value' } },
      400,
      'INVALID_INPUT',
      { problems: ['one of columns.owner, owner_email, owner_name or splits (or a fixed or default owner) is required'] },
    ],
    ['an attribute named like a column', 'acme', { ...ACME, attributes: { product: 'SKU' } }, 400, 'INVALID_INPUT', { problems: ['attributes: "product" is a column of transactions.csv, not an attribute'] }],
    ['a fixed currency that is no ISO code', 'acme', { ...ACME, fixed: { currency: 'RM' } }, 400, 'INVALID_INPUT', { problems: ['fixed.currency: "RM" is not an ISO 4217 code'] }],
  ])('PUT /api/crm/mappings refuses %s', async (_, name, body, status, code, details) => {
    const res = await app().request(`/api/crm/mappings/${name}`, put(body));
    expect(res.status).toBe(status);
    const error = ((await res.json()) as ErrorBody).error;
    expect(error.code).toBe(code);
    if (details !== undefined) expect(error.details).toEqual(details);
    expect(await use().db.selectFrom('crm_mappings').select('source').execute()).toEqual([]);
  });

  it('GET /api/data-quality reports on what imports brought in', async () => {
    await app().request('/api/crm/imports?source=salesforce', csvBody(salesforceCsv()));
    // The same deal again from another source: a likely duplicate.
    await app().request('/api/crm/mappings/acme', put({ ...ACME, attributes: { customer: 'Customer', deal_name: 'Name' } }));
    const acme = await app().request('/api/crm/imports?source=acme', csvBody('Deal,Won on,Value,Rep,Customer,Name\nA-1,15/01/2026,"MYR 120,000.00",aisyah@contoh.my,Petronas Dagangan,PD renewal\n'));
    expect(acme.status).toBe(200);
    const res = await app().request('/api/data-quality?limit=10');
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, { total: number; items: unknown[]; rule: string }>;
    expect(Object.keys(body).sort()).toEqual(['duplicates', 'generatedAt', 'lockedPeriods', 'missingQuotas', 'outliers', 'unassignedOwners']);
    expect(body['duplicates']).toMatchObject({ total: 1, items: [{ credited: 'ae-1', date: '2026-01-15', transactions: ['acme:A-1', 'sf:0065g00000AbCdE'], sources: ['acme', 'salesforce'] }] });
    expect((await app().request('/api/data-quality?limit=-1')).status).toBe(400);
  });

  it('documents every route in the OpenAPI document', async () => {
    const doc = (await (await app().request('/api/openapi.json')).json()) as { paths: Record<string, object>; components: { schemas: Record<string, object> } };
    expect(Object.keys(doc.paths['/api/crm/imports']!)).toEqual(['post']);
    expect(Object.keys(doc.paths['/api/crm/mappings']!)).toEqual(['get']);
    expect(Object.keys(doc.paths['/api/crm/mappings/{name}']!)).toEqual(['put']);
    expect(Object.keys(doc.paths['/api/data-quality']!)).toEqual(['get']);
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['CrmMapping', 'CrmImportReport', 'CrmRowError', 'DataQualityReport']));
  });
});
