import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { connect } from './connect.js';
import { type Migration, migrate, readMigrations } from './migrate.js';
import { DATABASE_KINDS, openTestDatabase } from './test-support/databases.js';

const scratch = mkdtempSync(join(tmpdir(), 'prestasi-migrations-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('readMigrations', () => {
  it('finds the shipped migrations, in order', async () => {
    const names = (await readMigrations()).map((m) => m.name);
    expect(names[0]).toBe('0001_initial.sql');
    expect(names).toEqual([...names].sort());
  });

  it.each([
    ['a name without a number', ['initial.sql'], /NNNN_name\.sql/],
    ['two files with one number', ['0001_a.sql', '0001_b.sql'], /two migrations numbered 0001/],
  ])('rejects %s', async (_, files, error) => {
    const dir = mkdtempSync(join(scratch, 'm-'));
    for (const f of files) writeFileSync(join(dir, f), 'select 1;');
    await expect(readMigrations(dir)).rejects.toThrow(error);
  });
});

for (const kind of DATABASE_KINDS) {
  describe(`migrate [${kind}]`, () => {
    it('applies every migration once, and nothing the second time', async () => {
      const conn = await openTestDatabase(kind);
      try {
        const all = (await readMigrations()).map((m) => m.name);
        expect(await migrate(conn.db)).toEqual(all);
        expect(await migrate(conn.db)).toEqual([]);
        const rows = await conn.db.selectFrom('schema_migrations').select('name').orderBy('version').execute();
        expect(rows.map((r) => r.name)).toEqual(all);
      } finally {
        await conn.close();
      }
    });

    it('rolls back a failing migration whole and records nothing of it', async () => {
      const conn = await openTestDatabase(kind);
      try {
        const bad: Migration[] = [
          { version: 1, name: '0001_a.sql', sql: 'create table a (x int); create table b (y nope);', checksum: 'a' },
        ];
        await expect(migrate(conn.db, bad)).rejects.toThrow(/nope/);
        const tables = await sql<{ n: number }>`select count(*)::int as n from pg_tables where tablename in ('a', 'b')`.execute(conn.db);
        expect(tables.rows[0]?.n).toBe(0);
        expect(await conn.db.selectFrom('schema_migrations').selectAll().execute()).toEqual([]);
      } finally {
        await conn.close();
      }
    });

    it.each([
      ['an applied migration was edited', [{ version: 1, name: '0001_a.sql', sql: 'select 1', checksum: 'changed' }], /was edited/],
      ['the database is newer than the code', [], /older than the database/],
    ])('refuses to run when %s', async (_, later, error) => {
      const conn = await openTestDatabase(kind);
      try {
        await migrate(conn.db, [{ version: 1, name: '0001_a.sql', sql: 'select 1', checksum: 'first' }]);
        await expect(migrate(conn.db, later)).rejects.toThrow(error);
      } finally {
        await conn.close();
      }
    });
  });
}

describe('migrate [postgres, two processes at once]', () => {
  it('lets one apply the migrations while the other waits and then finds nothing to do', async () => {
    const first = await openTestDatabase('postgres');
    const second = await connect({ url: first.url! });
    try {
      const [a, b] = await Promise.all([migrate(first.db), migrate(second.db)]);
      const all = (await readMigrations()).map((m) => m.name);
      expect([a, b].sort((x, y) => y.length - x.length)).toEqual([all, []]);
      const applied = await first.db.selectFrom('schema_migrations').select('name').execute();
      expect(applied).toHaveLength(all.length);
    } finally {
      await second.close();
      await first.close();
    }
  });
});
