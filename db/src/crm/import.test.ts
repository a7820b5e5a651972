import { loadWorkspace } from '@prestasi/workspace';
import { beforeEach, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import { emptyDatabase, forEachDatabase } from '../test-support/databases.js';
import { exportWorkspace } from '../workspace/export.js';
import { importWorkspace } from '../workspace/import.js';
import { type CrmImportReport, importCrmDeals } from './import.js';
import type { CrmMapping } from './mapping.js';
import { saveCrmMapping } from './mappings.js';
import { HUBSPOT, SALESFORCE } from './presets.js';
import { CRM_WORKSPACE, files, HUBSPOT_CSV, SF_HEADER, SF_ROWS, salesforceCsv, utf8 } from './test-support/fixtures.js';

const sf = (dryRun: boolean, csv = salesforceCsv()) => ({ csv: utf8(csv), options: { source: 'salesforce', mapping: SALESFORCE, dryRun, actor: 'test' } });

forEachDatabase('CRM imports', (use) => {
  beforeEach(async () => {
    const { db } = use();
    await emptyDatabase(db);
    await importWorkspace(db, files(CRM_WORKSPACE), { actor: 'test' });
  });

  const transactions = () =>
    use()
      .db.selectFrom('transactions')
      .select(['id', 'date', 'amount', 'currency', 'owner_id', 'type', 'product', 'status', 'cancel_date', 'attributes', 'external_source'])
      .orderBy('id')
      .execute();

  it('imports a Salesforce Opportunities report: won deals in, others skipped and said why, the footer ignored', async () => {
    const { db } = use();
    const { csv, options } = sf(false);
    const report = await importCrmDeals(db, csv, options);
    expect(report).toMatchObject({ rows: 4, inserted: 2, updated: 0, unchanged: 0, skipped: 2, errorCount: 0, errors: [], truncated: false });
    expect(report.batch).toEqual(expect.any(Number));
    expect(report.changes.inserted).toEqual([
      { row: 2, id: 'sf:0065g00000AbCdE' },
      { row: 3, id: 'sf:0065g00000AbCdF' },
    ]);
    expect(report.changes.skipped).toEqual([
      { row: 4, id: 'sf:0065g00000AbCdG', reason: 'stage "Closed Lost" is a lost or cancelled deal without a cancel date: nothing to credit or claw back' },
      { row: 5, id: 'sf:0065g00000AbCdH', reason: 'stage "Negotiation/Review" is neither won nor cancelled' },
    ]);
    expect(await transactions()).toEqual([
      {
        id: 'sf:0065g00000AbCdE',
        date: '2026-01-15',
        amount: '120000.00',
        currency: 'MYR',
        owner_id: 'ae-1',
        type: 'Existing Business',
        product: 'CRM',
        status: null,
        cancel_date: null,
        attributes: { customer: 'Petronas Dagangan', deal_name: 'PD renewal', probability: '100' },
        external_source: 'salesforce',
      },
      {
        id: 'sf:0065g00000AbCdF',
        date: '2026-02-03',
        amount: '25000.50',
        currency: 'USD',
        owner_id: 'ae-2', // no email in the file: matched by name
        type: 'New Business',
        product: null,
        status: null,
        cancel_date: null,
        attributes: { customer: 'Maybank', deal_name: 'Maybank new', probability: '100' },
        external_source: 'salesforce',
      },
    ]);
    // The result is a valid workspace, by the same loader `prestasi calc` uses.
    const loaded = loadWorkspace(await exportWorkspace(db));
    expect(loaded.ok ? [] : loaded.problems).toEqual([]);
    const batch = await db.selectFrom('import_batches').selectAll().where('id', '=', report.batch!).executeTakeFirstOrThrow();
    expect(batch).toMatchObject({ actor: 'test', source: 'crm:salesforce', summary: { source: 'salesforce', rows: 4, inserted: 2, updated: 0, unchanged: 0, skipped: 2 } });
    const audit = await db.selectFrom('audit_log').selectAll().where('action', '=', 'crm.import').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor: 'test', entity: 'import_batch', entity_id: String(report.batch), after: batch.summary });
  });

  it('changes nothing when the same file comes twice', async () => {
    const { db } = use();
    const { csv, options } = sf(false);
    await importCrmDeals(db, csv, options);
    const before = await db.selectFrom('transactions').select(['id', 'updated_at']).orderBy('id').execute();
    const again = await importCrmDeals(db, csv, options);
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 2, skipped: 2, errorCount: 0 });
    expect(await db.selectFrom('transactions').select(['id', 'updated_at']).orderBy('id').execute()).toEqual(before);
  });

  it('dry run: says what would change, field by field, and writes nothing', async () => {
    const { db } = use();
    const first = sf(false);
    await importCrmDeals(db, first.csv, first.options);
    const edited = salesforceCsv([
      SF_ROWS[0].replace('"120,000.00"', '"130,000.00"').replace('"Petronas Dagangan"', '"Petronas"'),
      SF_ROWS[1].replace('"Boon Tan","",', '"Chen Wei","",'),
      '"Chen Wei","","Axiata","Axiata","0065g00000AbCdJ","New Business","Closed Won","MYR","1,000","3/1/2026","100",""',
    ]);
    const before = await transactions();
    const batches = await db.selectFrom('import_batches').select('id').execute();
    const { csv, options } = sf(true, edited);
    const report = await importCrmDeals(db, csv, options);
    expect(report).toMatchObject({ dryRun: true, batch: null, rows: 3, inserted: 1, updated: 2, unchanged: 0, skipped: 0, errorCount: 0 });
    expect(report.changes.inserted).toEqual([{ row: 4, id: 'sf:0065g00000AbCdJ' }]);
    expect(report.changes.updated).toEqual([
      {
        row: 2,
        id: 'sf:0065g00000AbCdE',
        changes: [
          { field: 'amount', before: '120000.00', after: '130000.00' },
          { field: 'attributes.customer', before: 'Petronas Dagangan', after: 'Petronas' },
        ],
      },
      { row: 3, id: 'sf:0065g00000AbCdF', changes: [{ field: 'owner', before: 'ae-2', after: 'ae-3' }] },
    ]);
    expect(await transactions()).toEqual(before);
    expect(await db.selectFrom('import_batches').select('id').execute()).toEqual(batches);

    // The real import then does exactly that.
    const real = await importCrmDeals(db, csv, { ...options, dryRun: false });
    expect({ ...real, batch: null, dryRun: true }).toEqual(report);
    expect((await transactions()).find((t) => t.id === 'sf:0065g00000AbCdE')).toMatchObject({ amount: '130000.00', attributes: { customer: 'Petronas', deal_name: 'PD renewal', probability: '100' } });
  });

  it('imports a HubSpot deals export: a lost deal with a cancel date is cancelled, owners by name or email', async () => {
    const { db } = use();
    const report = await importCrmDeals(db, utf8(HUBSPOT_CSV), { source: 'hubspot', mapping: HUBSPOT, dryRun: false, actor: 'test' });
    expect(report).toMatchObject({ rows: 3, inserted: 2, skipped: 1, errorCount: 0 });
    expect(report.changes.skipped).toEqual([{ row: 4, id: 'hs:9876543212', reason: 'stage "Contract sent" is neither won nor cancelled' }]);
    expect(await transactions()).toEqual([
      {
        id: 'hs:9876543210',
        date: '2026-02-14',
        amount: '15000',
        currency: 'MYR',
        owner_id: 'ae-1',
        type: 'newbusiness',
        product: null,
        status: null,
        cancel_date: null,
        attributes: { customer: 'Grab', deal_name: 'Grab expansion', pipeline: 'Sales Pipeline' },
        external_source: 'hubspot',
      },
      {
        id: 'hs:9876543211',
        date: '2026-01-20',
        amount: '3000',
        currency: 'SGD',
        owner_id: 'ae-2',
        type: null,
        product: null,
        status: 'cancelled',
        cancel_date: '2026-03-02',
        attributes: { customer: 'Shopee', deal_name: 'Shopee deal', pipeline: 'Sales Pipeline' },
        external_source: 'hubspot',
      },
    ]);
    const loaded = loadWorkspace(await exportWorkspace(db));
    expect(loaded.ok ? [] : loaded.problems).toEqual([]);
  });

  it('imports any CSV through a saved mapping: its date layout, decimal comma, splits, fixed values and defaults', async () => {
    const { db } = use();
    const mapping: CrmMapping = {
      idPrefix: 'acme',
      columns: { id: 'Deal', date: 'Won on', amount: 'Value', owner: 'Rep', splits: 'Split', currency: 'Cur' },
      attributes: { region: 'Region' },
      dateFormat: 'DD/MM/YYYY',
      decimalSeparator: ',',
      fixed: { type: 'new' },
      defaults: { currency: 'EUR' },
    };
    await saveCrmMapping(db, 'acme', mapping, 'test');
    const csv = ['Deal,Won on,Value,Rep,Split,Cur,Region', 'A-1,31/01/2026,"1.234,50",ae-1,,,north', 'A-2,01/02/2026,"10.000",,ae-1:60;Boon Tan:40,MYR,south', ''].join('\n');
    const report = await importCrmDeals(db, utf8(csv), { source: 'acme', mapping, dryRun: false, actor: 'test' });
    expect(report).toMatchObject({ inserted: 2, errorCount: 0 });
    expect(await transactions()).toEqual([
      expect.objectContaining({ id: 'acme:A-1', date: '2026-01-31', amount: '1234.50', currency: 'EUR', owner_id: 'ae-1', type: 'new', attributes: { region: 'north' } }),
      expect.objectContaining({ id: 'acme:A-2', date: '2026-02-01', amount: '10000', currency: 'MYR', owner_id: null, type: 'new', attributes: { region: 'south' } }),
    ]);
    const splits = await db.selectFrom('transaction_splits').select(['transaction_id', 'payee_id', 'percent', 'position']).orderBy('position').execute();
    expect(splits).toEqual([
      { transaction_id: 'acme:A-2', payee_id: 'ae-1', percent: '60', position: 0 },
      { transaction_id: 'acme:A-2', payee_id: 'ae-2', percent: '40', position: 1 },
    ]);
    const moved = await importCrmDeals(db, utf8(csv.replace('ae-1:60;Boon Tan:40', 'ae-1:50;ae-2:50').replace('A-1,31/01/2026,"1.234,50",ae-1,', 'A-1,31/01/2026,"1.234,50",,ae-3:100')), {
      source: 'acme',
      mapping,
      dryRun: false,
      actor: 'test',
    });
    expect(moved.changes.updated).toEqual([
      {
        row: 2,
        id: 'acme:A-1',
        changes: [
          { field: 'owner', before: 'ae-1', after: null },
          { field: 'splits', before: null, after: 'ae-3:100' },
        ],
      },
      { row: 3, id: 'acme:A-2', changes: [{ field: 'splits', before: 'ae-1:60;ae-2:40', after: 'ae-1:50;ae-2:50' }] },
    ]);
    expect(await db.selectFrom('transaction_splits').select(['transaction_id', 'payee_id', 'percent']).orderBy('transaction_id').orderBy('position').execute()).toEqual([
      { transaction_id: 'acme:A-1', payee_id: 'ae-3', percent: '100' },
      { transaction_id: 'acme:A-2', payee_id: 'ae-1', percent: '50' },
      { transaction_id: 'acme:A-2', payee_id: 'ae-2', percent: '50' },
    ]);
    const loaded = loadWorkspace(await exportWorkspace(db));
    expect(loaded.ok ? [] : loaded.problems).toEqual([]);
  });

  it('leaves what the mapping does not provide as it was, and attributes it does not read', async () => {
    const { db } = use();
    await importWorkspace(db, files({ ...CRM_WORKSPACE, 'transactions.csv': 'id,date,amount,owner,product,region\nsf:0065g00000AbCdE,2026-01-01,1,ae-2,Legacy,north\n' }), { actor: 'test' });
    const { csv, options } = sf(false, salesforceCsv([SF_ROWS[0].replace(',"CRM"', '')], SF_HEADER.replace(',"Product"', '')));
    const report = await importCrmDeals(db, csv, options);
    expect(report.changes.updated[0]?.changes.map((c) => c.field)).toEqual([
      'date',
      'amount',
      'currency',
      'owner',
      'type',
      'attributes.customer',
      'attributes.deal_name',
      'attributes.probability',
      'source',
    ]);
    expect((await transactions())[0]).toMatchObject({ product: 'Legacy', attributes: { region: 'north', customer: 'Petronas Dagangan' } });
  });

  const rowWith = (from: string, to: string) => salesforceCsv([SF_ROWS[0], SF_ROWS[1].replace(from, to)]);

  it.each<[string, string, { row: number; column: string | null; value: string | null; message: string | RegExp }[]]>([
    [
      'an owner who is no payee',
      rowWith('"Boon Tan","",', '"Zainal Abidin","zainal@contoh.my",'),
      [{ row: 3, column: 'Owner Email', value: 'zainal@contoh.my', message: 'the owner is unknown: no payee has the email "zainal@contoh.my"; no payee has the name "Zainal Abidin"' }],
    ],
    ['a date not in the layout', rowWith('"2/3/2026"', '"2026-02-03"'), [{ row: 3, column: 'Close Date', value: '2026-02-03', message: 'not a date in the layout MM/DD/YYYY' }]],
    ['a day that does not exist', rowWith('"2/3/2026"', '"2/30/2026"'), [{ row: 3, column: 'Close Date', value: '2/30/2026', message: 'not a date in the layout MM/DD/YYYY' }]],
    ['an amount that is no number', rowWith('"25,000.50"', '"25,00.50"'), [{ row: 3, column: 'Amount', value: '25,00.50', message: 'not an amount: thousands separator "," out of place' }]],
    ['an empty amount', rowWith('"25,000.50"', '""'), [{ row: 3, column: 'Amount', value: '', message: 'not an amount: it is empty' }]],
    ['an unknown currency', rowWith('"USD"', '"XYZ"'), [{ row: 3, column: 'Amount Currency', value: 'XYZ', message: 'not an ISO 4217 currency code' }]],
    ['a currency the amount contradicts', rowWith('"25,000.50"', '"EUR 25,000.50"'), [{ row: 3, column: 'Amount', value: 'EUR', message: 'the amount is in EUR but the currency is USD' }]],
    ['the same id twice', rowWith('"0065g00000AbCdF"', '"0065g00000AbCdE"'), [{ row: 3, column: 'Opportunity ID', value: '0065g00000AbCdE', message: 'the id appears twice in the file (first on row 2)' }]],
    ['an empty id', rowWith('"0065g00000AbCdF"', '""'), [{ row: 3, column: 'Opportunity ID', value: '', message: 'the id is empty' }]],
    [
      'a file without a close date',
      salesforceCsv([SF_ROWS[0]], SF_HEADER.replace('"Close Date"', '"Closing"')),
      [{ row: 1, column: 'Close Date', value: null, message: 'the file has no "Close Date" column for the date' }],
    ],
    ['a row with a missing cell', salesforceCsv([SF_ROWS[0], '"Boon Tan","","Maybank"']), [{ row: 3, column: null, value: null, message: /expected 12 fields/ }, { row: 3, column: 'Opportunity ID', value: '', message: 'the id is empty' }]],
  ])('refuses %s: the row, column, value and why; a real import writes nothing', async (_, csv, errors) => {
    const { db } = use();
    const dry = await importCrmDeals(db, utf8(csv), { source: 'salesforce', mapping: SALESFORCE, dryRun: true, actor: 'test' });
    expect(dry.errors).toEqual(errors.map((e) => ({ ...e, message: typeof e.message === 'string' ? e.message : expect.stringMatching(e.message) })));
    expect(dry.errorCount).toBe(errors.length);
    const error = await importCrmDeals(db, utf8(csv), { source: 'salesforce', mapping: SALESFORCE, dryRun: false, actor: 'test' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'INVALID_WORKSPACE', details: { errors: dry.errors, errorCount: dry.errorCount, truncated: false } });
    expect(await transactions()).toEqual([]);
    expect(await db.selectFrom('import_batches').select('id').where('source', 'like', 'crm:%').execute()).toEqual([]);
  });

  it.each<[string, string, string]>([
    ['a cancel date before the close date', '"2026-01-10"', 'the cancel date is before the date 2026-01-20'],
    ['a cancel date on a won deal', '"2026-03-02"', 'a cancel date is only allowed on a cancelled (lost) deal'],
  ])('refuses %s', async (name, cancel, message) => {
    const { db } = use();
    let csv = HUBSPOT_CSV.replace('"2026-03-02"', cancel);
    if (name.includes('won')) csv = csv.replace('"Closed lost"', '"Closed won"');
    const report: CrmImportReport = await importCrmDeals(db, utf8(csv), { source: 'hubspot', mapping: HUBSPOT, dryRun: true, actor: 'test' });
    expect(report.errors).toEqual([{ row: 3, column: 'Cancel Date', value: cancel.replaceAll('"', ''), message }]);
  });

  it('writes nothing when a row error comes after thousands of deals were already loaded', async () => {
    const { db } = use();
    // More rows than one COPY batch (25,000), so that a batch is loaded before the bad row is read.
    const rows = Array.from({ length: 30_000 }, (_, i) => SF_ROWS[0].replace('0065g00000AbCdE', `B${i}`));
    rows.push(SF_ROWS[1].replace('"Boon Tan","",', '"Nobody","",'));
    const error = await importCrmDeals(db, utf8(salesforceCsv(rows)), { source: 'salesforce', mapping: SALESFORCE, dryRun: false, actor: 'test' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVALID_WORKSPACE', details: { errorCount: 1, errors: [{ row: 30_002, column: 'Opportunity Owner', value: 'Nobody' }] } });
    expect(await db.selectFrom('transactions').select(({ fn }) => fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).toEqual({ n: '0' });
    // And the connection is fine afterwards: the same file without the bad row goes in whole.
    const report = await importCrmDeals(db, utf8(salesforceCsv(rows.slice(0, -1))), { source: 'salesforce', mapping: SALESFORCE, dryRun: false, actor: 'test' });
    expect(report).toMatchObject({ inserted: 30_000, errorCount: 0 });
    expect(await db.selectFrom('transactions').select(({ fn }) => fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).toEqual({ n: '30000' });
  });

  it('reports every row error of a long file, and cuts the lists it was told to', async () => {
    const { db } = use();
    const rows = Array.from({ length: 30 }, (_, i) => SF_ROWS[0].replace('0065g00000AbCdE', `X${i}`).replace('"Aisyah Rahman","aisyah@contoh.my"', i % 3 === 0 ? '"Nobody","nobody@x.my"' : '"Aisyah Rahman","aisyah@contoh.my"'));
    const report = await importCrmDeals(db, utf8(salesforceCsv(rows)), { source: 'salesforce', mapping: SALESFORCE, dryRun: true, actor: 'test', listLimit: 5 });
    expect(report).toMatchObject({ rows: 30, inserted: 20, errorCount: 10, truncated: true });
    expect(report.errors.map((e) => e.row)).toEqual([2, 5, 8, 11, 14, 17, 20, 23, 26, 29]);
    expect(report.changes.inserted).toHaveLength(5);
  });
});
