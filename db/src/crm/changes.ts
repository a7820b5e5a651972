import type { Deal, SplitShare } from './deals.js';

/** A transaction row as stored, in the terms the import compares and writes. */
export interface StoredDeal {
  readonly id: string;
  readonly date: string;
  readonly amount: string;
  readonly currency: string | null;
  readonly owner: string | null;
  /** `payee:percent;…` in position order; null without splits. */
  readonly splits: string | null;
  readonly quantity: string | null;
  readonly margin: string | null;
  readonly type: string | null;
  readonly product: string | null;
  readonly status: 'won' | 'cancelled' | null;
  readonly cancelDate: string | null;
  readonly attributes: Readonly<Record<string, string>>;
  readonly source: string | null;
}

export interface FieldChange {
  /** A transactions.csv column, `attributes.NAME`, or `source`. */
  readonly field: string;
  readonly before: string | null;
  readonly after: string | null;
}

export interface UpdatedDeal {
  readonly row: number;
  readonly id: string;
  readonly changes: readonly FieldChange[];
  readonly after: StoredDeal;
  /** The splits changed: the old ones go, the new ones come. */
  readonly splitsChanged: boolean;
}

export interface ChunkChanges {
  readonly inserted: { readonly row: number; readonly deal: StoredDeal }[];
  readonly updated: UpdatedDeal[];
  unchanged: number;
}

const COMPARED = ['date', 'amount', 'currency', 'owner', 'splits', 'quantity', 'margin', 'type', 'product', 'status', 'cancelDate'] as const;
const FIELD_NAME: Readonly<Record<(typeof COMPARED)[number], string>> = { cancelDate: 'cancel_date', date: 'date', amount: 'amount', currency: 'currency', owner: 'owner', splits: 'splits', quantity: 'quantity', margin: 'margin', type: 'type', product: 'product', status: 'status' };

export function splitsText(splits: readonly SplitShare[]): string | null {
  return splits.length === 0 ? null : splits.map((s) => `${s.payee}:${s.percent}`).join(';');
}

/**
 * What importing the deals would do to the stored rows. A field the mapping does not
 * provide keeps its stored value; an attribute the mapping reads is set or removed, the
 * others are kept. Values compare as text, as the workspace import does: `100.00` replaces
 * `100`, because the file says so.
 */
export function diffDeals(deals: readonly Deal[], stored: ReadonlyMap<string, StoredDeal>, source: string): ChunkChanges {
  const out: ChunkChanges = { inserted: [], updated: [], unchanged: 0 };
  for (const deal of deals) {
    const before = stored.get(deal.id);
    const after = merge(deal, before, source);
    if (before === undefined) {
      out.inserted.push({ row: deal.row, deal: after });
      continue;
    }
    const changes: FieldChange[] = [];
    for (const f of COMPARED) if (before[f] !== after[f]) changes.push({ field: FIELD_NAME[f], before: before[f], after: after[f] });
    for (const name of [...new Set([...Object.keys(before.attributes), ...Object.keys(after.attributes)])].sort()) {
      const was = before.attributes[name] ?? null;
      const now = after.attributes[name] ?? null;
      if (was !== now) changes.push({ field: `attributes.${name}`, before: was, after: now });
    }
    if (before.source !== after.source) changes.push({ field: 'source', before: before.source, after: after.source });
    if (changes.length === 0) out.unchanged++;
    else out.updated.push({ row: deal.row, id: deal.id, changes, after, splitsChanged: before.splits !== after.splits });
  }
  return out;
}

function merge(deal: Deal, before: StoredDeal | undefined, source: string): StoredDeal {
  const keep = <T>(value: T | undefined, stored: T | null | undefined): T | null => (value === undefined ? (stored ?? null) : value);
  const attributes: Record<string, string> = { ...before?.attributes };
  for (const [name, value] of Object.entries(deal.attributes)) {
    if (value === null) delete attributes[name];
    else attributes[name] = value;
  }
  return {
    id: deal.id,
    date: deal.date,
    amount: deal.amount,
    currency: keep(deal.currency, before?.currency),
    owner: deal.owner,
    splits: splitsText(deal.splits),
    quantity: keep(deal.quantity, before?.quantity),
    margin: keep(deal.margin, before?.margin),
    type: keep(deal.type, before?.type),
    product: keep(deal.product, before?.product),
    // A won deal stored as an explicit "won" stays so: NULL and "won" mean the same.
    status: deal.status ?? (before?.status === 'won' ? 'won' : null),
    cancelDate: deal.cancelDate,
    attributes,
    source,
  };
}
