import { calcFromFiles } from '@prestasi/workspace';
import { expect, it } from 'vitest';
import { emptyDatabase, forEachDatabase } from '../test-support/databases.js';
import { exportWorkspace } from '../workspace/export.js';
import { importWorkspace } from '../workspace/import.js';
import { generateDemo } from './generate.js';
import { loadDemo } from './load.js';

const TODAY = '2026-05-20';
const encoder = new TextEncoder();

forEachDatabase('loadDemo', (use) => {
  it('loads the demo into an empty database, computing as the generated workspace does', async () => {
    const { db } = use();
    await emptyDatabase(db);
    const first = await loadDemo(db, { today: TODAY });
    if (!first.loaded) throw new Error('expected the demo to load');
    expect(first.summary.changed).toMatchObject({ payees: 40, plans: 3, transactions: first.demo.counts.transactions });
    const exported = await exportWorkspace(db);
    const calc = (files: ReadonlyMap<string, Uint8Array>) => {
      const outcome = calcFromFiles(files, { period: '2026-Q1' });
      return outcome.ok ? JSON.stringify(outcome.output) : outcome.problems;
    };
    expect(calc(exported)).toEqual(calc(generateDemo({ today: TODAY }).files));
  });

  it('changes nothing when run again, even in a later month', async () => {
    const { db } = use();
    await emptyDatabase(db);
    await loadDemo(db, { today: TODAY });
    const before = await exportWorkspace(db);
    const batches = await db.selectFrom('import_batches').select('id').execute();
    for (const today of [TODAY, '2026-09-02']) {
      expect(await loadDemo(db, { today })).toMatchObject({ loaded: false, batch: batches[0]!.id });
    }
    expect(await exportWorkspace(db)).toEqual(before);
    expect(await db.selectFrom('import_batches').select('id').execute()).toEqual(batches);
  });

  it('refuses a database that holds another organisation, and writes nothing', async () => {
    const { db } = use();
    await emptyDatabase(db);
    const files = new Map([
      ['payees.csv', encoder.encode('id,name\nx,Someone Else\n')],
      ['plans/p.yaml', encoder.encode('id: p\nname: P\nperiod: month\nmeasures:\n  m: { sum: amount }\ncomponents:\n  - { id: c, type: commission, measure: m, rate: 0.1 }\n')],
      ['assignments.csv', encoder.encode('payee,plan,from\nx,p,2026-01-01\n')],
      ['transactions.csv', encoder.encode('id,date,amount,owner\n')],
    ]);
    await importWorkspace(db, files, { actor: 'test' });
    await expect(loadDemo(db, { today: TODAY })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await db.selectFrom('payees').select('id').execute()).toEqual([{ id: 'x' }]);
  });
});
