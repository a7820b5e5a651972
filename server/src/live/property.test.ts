import { type DealRow, DomainError } from '@prestasi/db';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { forEachDatabase } from '../../../db/src/test-support/databases.js';
import { deleteTransaction, upsertTransactions } from '../transactions/service.js';
import { exampleHub, fullYear, storedYear } from '../test-support/live.js';

const PAYEES = ['faizal', 'meiling', 'suresh', 'aisyah', 'weijie', 'priya', 'kokkeong', 'hafiz', 'siewling', 'kavitha', 'amirul', 'jiahui'];
/** A few ids, so that later steps update, cancel and delete deals earlier ones made. */
const IDS = ['P-1', 'P-2', 'P-3', 'P-4', 'P-5'];

const day = fc.integer({ min: 0, max: 364 }).map((n) => new Date(Date.UTC(2026, 0, 1 + n)).toISOString().slice(0, 10));
const plusDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

const credit = fc.oneof(
  fc.constantFrom(...PAYEES).map((owner) => ({ owner })),
  fc.uniqueArray(fc.constantFrom(...PAYEES), { minLength: 2, maxLength: 2 }).chain(([x, y]) =>
    fc.integer({ min: 1, max: 99 }).map((p) => ({ splits: `${x}:${p};${y}:${100 - p}` })),
  ),
);

const upsert = fc
  .record({
    id: fc.constantFrom(...IDS),
    date: day,
    cents: fc.integer({ min: -500_000, max: 20_000_000 }),
    currency: fc.constantFrom('MYR', 'MYR', 'USD', 'SGD'),
    credit,
    type: fc.constantFrom('new', 'upsell', 'renewal', 'meeting'),
    product: fc.constantFrom('CORE', 'PRO'),
    quantity: fc.integer({ min: 1, max: 40 }),
    cancelAfter: fc.option(fc.integer({ min: 0, max: 200 }), { freq: 3 }),
  })
  .map(({ id, date, cents, currency, credit, type, product, quantity, cancelAfter }): { op: 'upsert'; deal: DealRow } => ({
    op: 'upsert',
    deal: {
      id,
      date,
      amount: `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`,
      currency,
      ...credit,
      type,
      product,
      quantity: String(quantity),
      ...(cancelAfter === null ? {} : { status: 'cancelled', cancel_date: plusDays(date, cancelAfter) }),
    },
  }));
const remove = fc.constantFrom(...IDS).map((id) => ({ op: 'delete' as const, id }));

forEachDatabase('incremental live results equal a full calculation', (use) => {
  const hub = exampleHub(use, { keep: true });

  it('after random inserts, updates, cancellations and deletions of deals', async () => {
    const { db } = use();
    let incremental = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof({ arbitrary: upsert, weight: 3 }, { arbitrary: remove, weight: 1 }), { minLength: 1, maxLength: 4 }), async (steps) => {
        for (const step of steps) {
          try {
            const live = step.op === 'upsert' ? (await upsertTransactions(db, hub(), [step.deal], 'prop')).live : await deleteTransaction(db, hub(), step.id, 'prop');
            if (live.incremental.length > 0) incremental++;
          } catch (e) {
            if (!(e instanceof DomainError && e.code === 'NOT_FOUND')) throw e;
          }
        }
        expect(await storedYear(db, '2026')).toEqual(await fullYear(db, '2026'));
      }),
      { seed: 5, numRuns: 12 },
    );
    // The property would hold trivially if every update were a full calculation.
    expect(incremental).toBeGreaterThan(10);
  });
});
