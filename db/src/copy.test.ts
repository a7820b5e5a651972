import { sql } from 'kysely';
import { beforeEach, expect, it } from 'vitest';
import { copyCsvLine, copyInto } from './copy.js';
import { forEachDatabase } from './test-support/databases.js';

const encoder = new TextEncoder();
const csv = (rows: (string | null)[][]) => encoder.encode(rows.map(copyCsvLine).join(''));

forEachDatabase('copyInto', (use) => {
  beforeEach(async () => {
    await sql`drop table if exists copy_probe`.execute(use().db);
    await sql`create table copy_probe (id text primary key, note text, amount numeric, on_day date)`.execute(use().db);
  });
  const rows = () => sql<{ id: string; note: string | null; amount: string | null; on_day: string | null }>`select * from copy_probe order by id`.execute(use().db).then((r) => r.rows);

  it('loads rows inside the caller’s transaction, NULL and "" kept apart, any text as it is', async () => {
    const { db } = use();
    const texts = ['', 'plain', 'a,b', 'say "hi"', 'two\nlines', '\\.', ' padded ', 'ünï'];
    const copied = await db.transaction().execute((trx) =>
      copyInto(trx, 'copy_probe', ['id', 'note', 'amount', 'on_day'], csv([['n', null, null, null], ...texts.map((t, i) => [`t${i}`, t, '12.50', '2026-01-31'])])),
    );
    expect(copied).toBe(texts.length + 1);
    expect(await rows()).toEqual([
      { id: 'n', note: null, amount: null, on_day: null },
      ...texts.map((t, i) => ({ id: `t${i}`, note: t, amount: '12.50', on_day: '2026-01-31' })),
    ]);
  });

  it('is undone with its transaction, and a failing COPY fails the statement without breaking the connection', async () => {
    const { db } = use();
    await expect(
      db.transaction().execute(async (trx) => {
        await copyInto(trx, 'copy_probe', ['id'], csv([['a'], ['b']]));
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await rows()).toEqual([]);
    await expect(db.transaction().execute((trx) => copyInto(trx, 'copy_probe', ['id'], csv([['a'], ['a']])))).rejects.toThrow(/duplicate key/);
    await expect(db.transaction().execute((trx) => copyInto(trx, 'copy_probe', ['id', 'amount'], csv([['a', 'many']])))).rejects.toThrow(/numeric/);
    expect(await rows()).toEqual([]);
    expect(await copyInto(db, 'copy_probe', ['id'], csv([['c']]))).toBe(1);
    expect((await sql<{ n: number }>`select 1 as n`.execute(db)).rows).toEqual([{ n: 1 }]);
  });

  it('leaves statements that only look like a COPY to the database', async () => {
    const { db } = use();
    await sql`insert into copy_probe (id, note) values ('x', ${'copy t from stdin $1'})`.execute(db);
    expect(await rows()).toEqual([{ id: 'x', note: 'copy t from stdin $1', amount: null, on_day: null }]);
  });
});
