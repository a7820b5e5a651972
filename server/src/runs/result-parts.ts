import { moneyDigits, toMinor } from '../money.js';
import type { PayeeResultObject } from './result-schema.js';

/** What of a result an amount belongs to. */
export type PartKind = 'line' | 'clawback' | 'adjustment' | 'draw';

/** One amount of a result that two computations of the same result can be compared by. */
export interface ResultPart {
  readonly kind: PartKind;
  /** The component of a line or clawback; null for adjustments and the draw. */
  readonly component: string | null;
  /** The deal of a line or clawback; null for a line without one, adjustments and the draw. */
  readonly transaction: string | null;
  /** Minor units of the result's currency. */
  readonly amount: bigint;
}

/**
 * A result's payout split into parts that add up to it exactly: each component's lines by deal
 * (whatever of `earned` no line carries is a part without a deal), each clawback, the
 * adjustments together, and the draw (paid − recovered). Parts that are zero are left out.
 */
export function resultParts(r: PayeeResultObject): ResultPart[] {
  const digits = moneyDigits(r.currency);
  const parts = new Map<string, { kind: PartKind; component: string | null; transaction: string | null; amount: bigint }>();
  const add = (kind: PartKind, component: string | null, transaction: string | null, amount: bigint) => {
    const key = JSON.stringify([kind, component, transaction]);
    const part = parts.get(key);
    if (part) part.amount += amount;
    else parts.set(key, { kind, component, transaction, amount });
  };
  for (const c of r.components) {
    let carried = 0n;
    for (const line of c.lines ?? []) {
      const amount = toMinor(line.amount, digits);
      carried += amount;
      add('line', c.id, line.transaction ?? null, amount);
    }
    const rest = toMinor(c.earned, digits) - carried;
    if (rest !== 0n) add('line', c.id, null, rest);
  }
  for (const c of r.clawbacks) add('clawback', c.component, c.transaction, toMinor(c.amount, digits));
  for (const a of r.adjustments) add('adjustment', null, null, toMinor(a.amount, digits));
  add('draw', null, null, toMinor(r.draw.paid, digits) - toMinor(r.draw.recovered, digits));
  return [...parts.values()].filter((p) => p.amount !== 0n);
}
