import type { Day } from './day.js';
import { formulaReferences } from './formula/index.js';
import type { DecimalColumn, FxRate, TextColumn, TransactionTable } from './input.js';
import type { Component, Filter, Plan, SpiffComponent } from './plan.js';
import { quotaMeasuresOf } from './plan.js';
import { Factor } from './factor.js';
import { Rational } from './rational.js';

/** A filter turned into lookups on interned codes: one array read per clause and row. */
export class CompiledFilter {
  private constructor(
    private readonly columns: readonly Int32Array[],
    private readonly accepted: readonly Uint8Array[],
  ) {}

  /** `undefined` when the filter lets everything through. */
  static compile(filter: Filter, table: TransactionTable): CompiledFilter | undefined {
    if (filter.length === 0) return undefined;
    const columns: Int32Array[] = [];
    const accepted: Uint8Array[] = [];
    for (const clause of filter) {
      const column: TextColumn = table.text.get(clause.field) ?? {
        codes: new Int32Array(table.length),
        values: [''],
      };
      const wanted = new Set(clause.values);
      columns.push(column.codes);
      accepted.push(Uint8Array.from(column.values, (v) => (wanted.has(v) ? 1 : 0)));
    }
    return new CompiledFilter(columns, accepted);
  }

  /** The filter as one column's codes and the codes it accepts, when it has a single clause. */
  get single(): { readonly codes: Int32Array; readonly accepted: Uint8Array } | undefined {
    return this.columns.length === 1 ? { codes: this.columns[0]!, accepted: this.accepted[0]! } : undefined;
  }

  passes(row: number): boolean {
    for (let i = 0; i < this.columns.length; i++) {
      if (this.accepted[i]![this.columns[i]![row]!] !== 1) return false;
    }
    return true;
  }
}

/**
 * A plan's measures as flat arrays, for the credits aggregation meets most: a whole row (no
 * split share) in the plan's currency. Present only for plans simple enough: no SPIFFs, filters
 * of one clause, and no column holding mantissas too long for a double.
 */
export interface PlainMeasures {
  /** Measures an own credit adds to (self and team scope), and a team member's credit (team). */
  readonly self: Int32Array;
  readonly team: Int32Array;
  /** Per measure: the filtered column's codes and the codes it accepts, or undefined (no filter). */
  readonly filterCodes: readonly (Int32Array | undefined)[];
  readonly filterAccepted: readonly (Uint8Array | undefined)[];
  /** Per measure: the summed column, or undefined for a count. */
  readonly mantissa: readonly (Float64Array | undefined)[];
  readonly scale: readonly (Uint16Array | undefined)[];
}

export interface CompiledSpiff {
  readonly componentIndex: number;
  readonly component: SpiffComponent;
  readonly filter: CompiledFilter | undefined;
}

/** A plan prepared for one table: filters compiled, measures split by scope. */
export class PlanRuntime {
  readonly measureIndex: ReadonlyMap<string, number>;
  readonly filters: readonly (CompiledFilter | undefined)[];
  readonly selfMeasures: readonly number[];
  readonly teamMeasures: readonly number[];
  readonly spiffs: readonly CompiledSpiff[];
  readonly requiredQuotas: ReadonlySet<string>;
  /** Index of the plan currency in the table's currencies, or -1 when no row uses it. */
  readonly currencyCode: number;
  /** The column each measure sums; `undefined` for a count. */
  readonly columns: readonly (DecimalColumn | undefined)[];
  /** Whether each measure is money (amount or margin), converted into the plan currency. */
  readonly money: readonly boolean[];
  readonly plain: PlainMeasures | undefined;

  constructor(
    readonly plan: Plan,
    readonly minorUnits: number,
    table: TransactionTable,
  ) {
    this.measureIndex = new Map(plan.measures.map((m, i) => [m.name, i]));
    this.filters = plan.measures.map((m) => CompiledFilter.compile(m.where, table));
    this.selfMeasures = indexesWhere(plan.measures, (m) => m.scope === 'self');
    this.teamMeasures = indexesWhere(plan.measures, (m) => m.scope === 'team');
    this.spiffs = plan.components.flatMap((c, componentIndex) =>
      c.type === 'spiff' ? [{ componentIndex, component: c, filter: CompiledFilter.compile(c.where, table) }] : [],
    );
    this.requiredQuotas = new Set(
      plan.components.flatMap((c: Component) => quotaMeasuresOf(c, (f) => formulaReferences(f).quotaMeasures)),
    );
    this.currencyCode = table.currencies.indexOf(plan.currency);
    this.columns = plan.measures.map((m) => {
      const source = m.source;
      switch (source.kind) {
        case 'amount':
          return table.amount;
        case 'margin':
          return table.margin;
        case 'quantity':
          return table.quantity;
        case 'attribute':
          return table.numbers.get(source.column) ?? table.quantity;
        case 'count':
          return undefined;
      }
    });
    this.money = plan.measures.map((m) => m.source.kind === 'amount' || m.source.kind === 'margin');
    this.plain = this.plainMeasures();
  }

  private plainMeasures(): PlainMeasures | undefined {
    if (this.spiffs.length > 0) return undefined;
    if (this.filters.some((f) => f !== undefined && f.single === undefined)) return undefined;
    if (this.columns.some((c) => c !== undefined && c.big.size > 0)) return undefined;
    const singles = this.filters.map((f) => f?.single);
    return {
      self: Int32Array.from([...this.selfMeasures, ...this.teamMeasures]),
      team: Int32Array.from(this.teamMeasures),
      filterCodes: singles.map((f) => f?.codes),
      filterAccepted: singles.map((f) => f?.accepted),
      mantissa: this.columns.map((c) => c?.mantissa),
      scale: this.columns.map((c) => c?.scale),
    };
  }

  get hasTeam(): boolean {
    return this.teamMeasures.length > 0;
  }
}

function indexesWhere<T>(items: readonly T[], predicate: (item: T) => boolean): number[] {
  return items.flatMap((item, i) => (predicate(item) ? [i] : []));
}

/** Exchange rates by currency, each list sorted by date, with the base currency fixed at 1. */
export class FxTable {
  private readonly byCurrency = new Map<string, { dates: Day[]; rates: Rational[] }>();
  /** Factors found so far, by from, to and day: a run asks for the same few thousand, once per row. */
  private readonly cache = new Map<string, Map<string, Map<Day, Factor>>>();

  constructor(
    private readonly base: string,
    rows: readonly FxRate[],
  ) {
    const sorted = [...rows].sort((a, b) => a.date - b.date);
    for (const row of sorted) {
      let entry = this.byCurrency.get(row.currency);
      if (!entry) this.byCurrency.set(row.currency, (entry = { dates: [], rates: [] }));
      entry.dates.push(row.date);
      entry.rates.push(row.rate);
    }
  }

  /** Value of one unit of `currency` in the base currency on `day`, or `undefined` without a rate. */
  rate(currency: string, day: Day): Rational | undefined {
    if (currency === this.base) return Rational.ONE;
    const entry = this.byCurrency.get(currency);
    if (!entry) return undefined;
    let lo = 0;
    let hi = entry.dates.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (entry.dates[mid]! <= day) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found < 0 ? undefined : entry.rates[found];
  }

  /**
   * The factor turning a value in `from` into `to` on `day` (`rate(from) ÷ rate(to)`), or
   * the currency whose rate is missing.
   */
  factor(from: string, to: string, day: Day): Rational | { missing: string } {
    const exchange = this.exchange(from, to, day);
    return exchange instanceof Factor ? exchange.value : exchange;
  }

  /** `factor`, with its decimal form (see Factor). */
  exchange(from: string, to: string, day: Day): Factor | { missing: string } {
    if (from === to) return Factor.ONE;
    let byTo = this.cache.get(from);
    if (!byTo) this.cache.set(from, (byTo = new Map()));
    let byDay = byTo.get(to);
    if (!byDay) byTo.set(to, (byDay = new Map()));
    const cached = byDay.get(day);
    if (cached) return cached;
    const a = this.rate(from, day);
    if (!a) return { missing: from };
    const b = this.rate(to, day);
    if (!b) return { missing: to };
    const exchange = new Factor(a.div(b));
    byDay.set(day, exchange);
    return exchange;
  }
}
