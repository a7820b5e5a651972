// Reads and validates a workspace (files: relative path -> text) into the model.
// Collects every problem it finds; any problem makes the workspace invalid.

import { isKnownCurrency } from './currencies.js';
import { parseCsv } from './csv.js';
import type { CsvRow, CsvTable } from './csv.js';
import { parseDate, parsePeriod } from './dates.js';
import type { Day, Period, PeriodKind } from './dates.js';
import { MEASURE_NAME_RE, parseFormula, quotaMeasures } from './formula.js';
import { quotaKey } from './model.js';
import type {
  Adjustment,
  Assignment,
  Basis,
  Component,
  Credit,
  Filter,
  FxRow,
  Measure,
  Payee,
  Plan,
  Settings,
  Tier,
  Txn,
  Workspace,
} from './model.js';
import { Rat } from './rational.js';
import type { RoundingRule } from './rational.js';
import { isNull, mapGet, parseYaml } from './yaml-value.js';
import type { YVal } from './yaml-value.js';

export type LoadResult = { ok: true; workspace: Workspace } | { ok: false; problems: string[] };

const BUILTIN_SUM_FIELDS = new Set(['amount', 'margin', 'quantity']);
const PLAN_ID_RE = /^[a-z0-9_-]+$/;

class Problems {
  readonly list: string[] = [];
  add(msg: string): void {
    this.list.push(msg);
  }
}

function table(files: ReadonlyMap<string, string>, file: string, required: boolean, p: Problems): CsvTable | undefined {
  const text = files.get(file);
  if (text === undefined) {
    if (required) p.add(`${file}: missing required file`);
    return undefined;
  }
  const parsed = parseCsv(file, text);
  if (!parsed.ok) {
    for (const m of parsed.problems) p.add(m);
    return undefined;
  }
  return parsed.table;
}

function requireColumns(file: string, t: CsvTable, cols: readonly string[], p: Problems): boolean {
  let ok = true;
  for (const c of cols) {
    if (!t.header.includes(c)) {
      p.add(`${file}:1: missing column ${c}`);
      ok = false;
    }
  }
  return ok;
}

function cell(row: CsvRow, col: string): string | undefined {
  return row.cells.get(col);
}

function requiredCell(file: string, row: CsvRow, col: string, p: Problems): string | undefined {
  const v = row.cells.get(col);
  if (v === undefined) p.add(`${file}:${row.line}: ${col} is required`);
  return v;
}

function dateCell(file: string, row: CsvRow, col: string, required: boolean, p: Problems): Day | undefined {
  const v = required ? requiredCell(file, row, col, p) : cell(row, col);
  if (v === undefined) return undefined;
  const d = parseDate(v);
  if (d === undefined) p.add(`${file}:${row.line}: bad date in ${col}: ${v}`);
  return d;
}

function numberCell(file: string, row: CsvRow, col: string, required: boolean, p: Problems): Rat | undefined {
  const v = required ? requiredCell(file, row, col, p) : cell(row, col);
  if (v === undefined) return undefined;
  const n = Rat.parseDecimal(v);
  if (n === undefined) p.add(`${file}:${row.line}: bad number in ${col}: ${v}`);
  return n;
}

// ---------------------------------------------------------------- settings

function loadSettings(files: ReadonlyMap<string, string>, p: Problems): Settings {
  const file = 'prestasi.yaml';
  let currency = 'MYR';
  let fys = 1;
  let rounding: RoundingRule = 'half_up';
  const text = files.get(file);
  if (text === undefined) return { currency, fys, rounding };
  const parsed = parseYaml(file, text);
  if (!parsed.ok) {
    for (const m of parsed.problems) p.add(m);
    return { currency, fys, rounding };
  }
  const root = parsed.value;
  if (isNull(root)) return { currency, fys, rounding };
  if (root.kind !== 'map') {
    p.add(`${file}: settings must be a mapping`);
    return { currency, fys, rounding };
  }
  const c = mapGet(root, 'currency');
  if (!isNull(c)) {
    if (c === undefined || c.kind !== 'scalar' || !isKnownCurrency(c.text)) p.add(`${file}: unknown currency`);
    else currency = c.text;
  }
  const f = mapGet(root, 'fiscal_year_start');
  if (!isNull(f)) {
    const n = f !== undefined && f.kind === 'scalar' && /^[0-9]+$/.test(f.text) ? Number(f.text) : NaN;
    if (!(n >= 1 && n <= 12)) p.add(`${file}: fiscal_year_start must be a month 1-12`);
    else fys = n;
  }
  const r = mapGet(root, 'rounding');
  if (!isNull(r)) {
    if (r !== undefined && r.kind === 'scalar' && (r.text === 'half_up' || r.text === 'half_even')) rounding = r.text;
    else p.add(`${file}: rounding must be half_up or half_even`);
  }
  return { currency, fys, rounding };
}

// ---------------------------------------------------------------- payees

function loadPayees(files: ReadonlyMap<string, string>, p: Problems): Map<string, Payee> {
  const file = 'payees.csv';
  const payees = new Map<string, Payee>();
  const t = table(files, file, true, p);
  if (t === undefined || !requireColumns(file, t, ['id', 'name'], p)) return payees;
  const lines = new Map<string, number>();
  for (const row of t.rows) {
    const id = requiredCell(file, row, 'id', p);
    requiredCell(file, row, 'name', p);
    if (id === undefined) continue;
    if (payees.has(id)) {
      p.add(`${file}:${row.line}: duplicate payee id ${id}`);
      continue;
    }
    payees.set(id, { id, manager: cell(row, 'manager') });
    lines.set(id, row.line);
  }
  for (const payee of payees.values()) {
    if (payee.manager !== undefined && !payees.has(payee.manager)) {
      p.add(`${file}:${lines.get(payee.id) ?? 0}: unknown manager ${payee.manager}`);
    }
  }
  // cycles: walk up from every payee
  for (const payee of payees.values()) {
    const seen = new Set<string>([payee.id]);
    let cur = payee.manager;
    while (cur !== undefined) {
      if (cur === payee.id) {
        p.add(`${file}:${lines.get(payee.id) ?? 0}: manager cycle through ${payee.id}`);
        break;
      }
      if (seen.has(cur)) break; // a cycle not through this payee; reported for its members
      seen.add(cur);
      cur = payees.get(cur)?.manager;
    }
  }
  return payees;
}

// ---------------------------------------------------------------- transactions

function parseSplits(
  file: string,
  row: CsvRow,
  text: string,
  payees: ReadonlyMap<string, Payee>,
  p: Problems,
): Credit[] | undefined {
  const credits: Credit[] = [];
  let total = Rat.ZERO;
  let ok = true;
  for (const part of text.split(';')) {
    const colon = part.lastIndexOf(':');
    if (colon < 0) {
      p.add(`${file}:${row.line}: bad split ${part}`);
      ok = false;
      continue;
    }
    const payee = part.slice(0, colon).trim();
    const pctText = part.slice(colon + 1).trim();
    const pct = Rat.parseDecimal(pctText);
    if (pct === undefined || pct.sign() <= 0) {
      p.add(`${file}:${row.line}: bad split percentage ${pctText}`);
      ok = false;
      continue;
    }
    if (!payees.has(payee)) {
      p.add(`${file}:${row.line}: unknown payee ${payee}`);
      ok = false;
    }
    if (credits.some((c) => c.payee === payee)) {
      p.add(`${file}:${row.line}: payee ${payee} appears twice in splits`);
      ok = false;
    }
    credits.push({ payee, share: pct.div(Rat.int(100)) });
    total = total.add(pct);
  }
  if (!total.eq(Rat.int(100))) {
    p.add(`${file}:${row.line}: splits sum to ${total.toString()}, not 100`);
    ok = false;
  }
  return ok ? credits : undefined;
}

function loadTransactions(
  files: ReadonlyMap<string, string>,
  payees: ReadonlyMap<string, Payee>,
  base: string,
  p: Problems,
): { txns: Txn[]; table: CsvTable | undefined } {
  const file = 'transactions.csv';
  const txns: Txn[] = [];
  const t = table(files, file, true, p);
  if (t === undefined || !requireColumns(file, t, ['id', 'date', 'amount'], p)) return { txns, table: t };
  if (!t.header.includes('owner') && !t.header.includes('splits')) p.add(`${file}:1: missing column owner or splits`);
  const ids = new Set<string>();
  for (const row of t.rows) {
    const before = p.list.length;
    const id = requiredCell(file, row, 'id', p);
    if (id !== undefined) {
      if (ids.has(id)) p.add(`${file}:${row.line}: duplicate transaction id ${id}`);
      ids.add(id);
    }
    const date = dateCell(file, row, 'date', true, p);
    const amount = numberCell(file, row, 'amount', true, p);
    const currency = cell(row, 'currency') ?? base;
    if (!isKnownCurrency(currency)) p.add(`${file}:${row.line}: unknown currency ${currency}`);
    const owner = cell(row, 'owner');
    const splits = cell(row, 'splits');
    let credits: Credit[] | undefined;
    if (owner !== undefined && splits !== undefined) {
      p.add(`${file}:${row.line}: both owner and splits given`);
    } else if (owner !== undefined) {
      if (!payees.has(owner)) p.add(`${file}:${row.line}: unknown payee ${owner}`);
      else credits = [{ payee: owner, share: Rat.ONE }];
    } else if (splits !== undefined) {
      credits = parseSplits(file, row, splits, payees, p);
    } else {
      p.add(`${file}:${row.line}: one of owner or splits is required`);
    }
    const quantity = numberCell(file, row, 'quantity', false, p) ?? Rat.ONE;
    const margin = numberCell(file, row, 'margin', false, p) ?? Rat.ZERO;
    const status = cell(row, 'status') ?? 'won';
    if (status !== 'won' && status !== 'cancelled') p.add(`${file}:${row.line}: bad status ${status}`);
    const cancelled = status === 'cancelled';
    const cancelDate = dateCell(file, row, 'cancel_date', false, p);
    if (cancelled && cell(row, 'cancel_date') === undefined) p.add(`${file}:${row.line}: cancelled without cancel_date`);
    if (!cancelled && cell(row, 'cancel_date') !== undefined) p.add(`${file}:${row.line}: cancel_date on a transaction that is not cancelled`);
    if (cancelDate !== undefined && date !== undefined && cancelDate < date) p.add(`${file}:${row.line}: cancel_date before date`);
    const cells = new Map<string, string>();
    for (const col of t.header) cells.set(col, row.cells.get(col) ?? '');
    if (p.list.length > before || id === undefined || date === undefined || amount === undefined || credits === undefined) continue;
    txns.push({ id, date, amount, currency, credits, quantity, margin, cells, cancelled, cancelDate });
  }
  return { txns, table: t };
}

// ---------------------------------------------------------------- plans

class PlanReader {
  constructor(
    readonly file: string,
    readonly p: Problems,
  ) {}

  bad(msg: string): undefined {
    this.p.add(`${this.file}: ${msg}`);
    return undefined;
  }

  text(v: YVal | undefined, what: string): string | undefined {
    if (isNull(v)) return undefined;
    if (v === undefined || v.kind !== 'scalar') return this.bad(`${what} must be a single value`);
    return v.text;
  }

  number(v: YVal | undefined, what: string): Rat | undefined {
    const t = this.text(v, what);
    if (t === undefined) return undefined;
    const n = Rat.parseDecimal(t);
    if (n === undefined) return this.bad(`${what}: bad number ${t}`);
    return n;
  }

  date(v: YVal | undefined, what: string): Day | undefined {
    const t = this.text(v, what);
    if (t === undefined) return undefined;
    const d = parseDate(t);
    if (d === undefined) return this.bad(`${what}: bad date ${t}`);
    return d;
  }

  bool(v: YVal | undefined, what: string): boolean | undefined {
    if (isNull(v)) return undefined;
    if (v !== undefined && v.kind === 'scalar' && typeof v.value === 'boolean') return v.value;
    return this.bad(`${what} must be true or false`);
  }

  filter(v: YVal | undefined, what: string, columns: ReadonlySet<string>): Filter | undefined {
    if (isNull(v)) return [];
    if (v === undefined || v.kind !== 'map') return this.bad(`${what}: where must be a mapping`);
    const out: Array<{ field: string; values: string[] }> = [];
    let ok = true;
    for (const [field, val] of v.entries) {
      if (!columns.has(field)) {
        this.bad(`${what}: where field ${field} is not a column of transactions.csv`);
        ok = false;
        continue;
      }
      if (val.kind === 'scalar') {
        out.push({ field, values: [val.text] });
      } else if (val.kind === 'seq') {
        const values: string[] = [];
        for (const item of val.items) {
          if (item.kind !== 'scalar') {
            this.bad(`${what}: where values must be single values`);
            ok = false;
          } else {
            values.push(item.text);
          }
        }
        out.push({ field, values });
      } else {
        this.bad(`${what}: bad where value for ${field}`);
        ok = false;
      }
    }
    return ok ? out : undefined;
  }
}

function loadPlan(
  file: string,
  text: string,
  base: string,
  columns: ReadonlySet<string>,
  p: Problems,
): Plan | undefined {
  const parsed = parseYaml(file, text);
  if (!parsed.ok) {
    for (const m of parsed.problems) p.add(m);
    return undefined;
  }
  const root = parsed.value;
  const r = new PlanReader(file, p);
  if (root.kind !== 'map') return r.bad('a plan must be a mapping');
  const before = p.list.length;

  const id = r.text(mapGet(root, 'id'), 'id');
  if (id === undefined) r.bad('id is required');
  else if (!PLAN_ID_RE.test(id)) r.bad(`bad plan id ${id}`);

  const periodText = r.text(mapGet(root, 'period'), 'period');
  let kind: PeriodKind = 'month';
  if (periodText === 'month' || periodText === 'quarter' || periodText === 'year') kind = periodText;
  else r.bad('period must be month, quarter or year');

  const currency = r.text(mapGet(root, 'currency'), 'currency') ?? base;
  if (!isKnownCurrency(currency)) r.bad(`unknown currency ${currency}`);

  // measures
  const measures: Measure[] = [];
  const mv = mapGet(root, 'measures');
  if (!isNull(mv)) {
    if (mv === undefined || mv.kind !== 'map') r.bad('measures must be a mapping');
    else {
      for (const [name, def] of mv.entries) {
        const what = `measure ${name}`;
        if (!MEASURE_NAME_RE.test(name)) r.bad(`${what}: names must match [a-z_][a-z0-9_]*`);
        if (def.kind !== 'map') {
          r.bad(`${what} must be a mapping`);
          continue;
        }
        const sum = r.text(mapGet(def, 'sum'), `${what} sum`);
        const countV = mapGet(def, 'count');
        const count = r.bool(countV, `${what} count`);
        let source: Measure['source'] | undefined;
        if (sum !== undefined && !isNull(countV)) r.bad(`${what}: exactly one of sum or count`);
        else if (sum !== undefined) {
          if (!BUILTIN_SUM_FIELDS.has(sum) && !columns.has(sum)) r.bad(`${what}: sum field ${sum} is not a column of transactions.csv`);
          source = { kind: 'sum', field: sum };
        } else if (count === true) source = { kind: 'count' };
        else r.bad(`${what}: needs sum: FIELD or count: true`);
        const where = r.filter(mapGet(def, 'where'), what, columns);
        const scopeText = r.text(mapGet(def, 'scope'), `${what} scope`) ?? 'self';
        if (scopeText !== 'self' && scopeText !== 'team') r.bad(`${what}: scope must be self or team`);
        if (measures.some((m) => m.name === name)) r.bad(`${what}: duplicate measure`);
        if (source !== undefined && where !== undefined) {
          const money = source.kind === 'sum' && (source.field === 'amount' || source.field === 'margin');
          measures.push({ name, source, where, scope: scopeText === 'team' ? 'team' : 'self', money });
        }
      }
    }
  }
  const measureNames = new Set(measures.map((m) => m.name));

  // components
  const components: Component[] = [];
  const cv = mapGet(root, 'components');
  if (cv === undefined || cv.kind !== 'seq') r.bad('components must be a list');
  else {
    for (const c of cv.items) {
      if (c.kind !== 'map') {
        r.bad('a component must be a mapping');
        continue;
      }
      const cid = r.text(mapGet(c, 'id'), 'component id');
      if (cid === undefined || cid === '') {
        r.bad('component id is required');
        continue;
      }
      const what = `component ${cid}`;
      if (components.some((x) => x.id === cid)) r.bad(`${what}: duplicate component id`);
      const type = r.text(mapGet(c, 'type'), `${what} type`);
      const cap = r.number(mapGet(c, 'cap'), `${what} cap`);
      const measureRef = (): string | undefined => {
        const m = r.text(mapGet(c, 'measure'), `${what} measure`);
        if (m === undefined) return r.bad(`${what}: measure is required`);
        if (!measureNames.has(m)) return r.bad(`${what}: unknown measure ${m}`);
        return m;
      };
      const basisOf = (dflt: Basis): Basis | undefined => {
        const b = r.text(mapGet(c, 'basis'), `${what} basis`);
        if (b === undefined) return dflt;
        if (b === 'attainment' || b === 'amount') return b;
        return r.bad(`${what}: basis must be attainment or amount`);
      };
      if (type === 'commission') {
        const measure = measureRef();
        const rate = r.number(mapGet(c, 'rate'), `${what} rate`);
        const tv = mapGet(c, 'tiers');
        let tiers: Tier[] | undefined;
        if (!isNull(tv)) {
          if (tv === undefined || tv.kind !== 'seq' || tv.items.length === 0) r.bad(`${what}: tiers must be a non-empty list`);
          else {
            tiers = [];
            let prev = Rat.ZERO;
            tv.items.forEach((t, i) => {
              if (t.kind !== 'map') {
                r.bad(`${what}: a tier must be a mapping`);
                return;
              }
              const to = r.number(mapGet(t, 'to'), `${what} tier to`);
              const trate = r.number(mapGet(t, 'rate'), `${what} tier rate`);
              if (trate === undefined) r.bad(`${what}: every tier needs a rate`);
              const last = i === tv.items.length - 1;
              if (last && to !== undefined) r.bad(`${what}: the last tier has no to`);
              if (!last && to === undefined) r.bad(`${what}: only the last tier may omit to`);
              if (to !== undefined) {
                if (!to.gt(prev)) r.bad(`${what}: tier bounds must strictly ascend`);
                prev = to;
              }
              tiers?.push({ to, rate: trate ?? Rat.ZERO });
            });
          }
        }
        if ((rate === undefined) === (tiers === undefined)) r.bad(`${what}: exactly one of rate or tiers`);
        const basis = basisOf(tiers !== undefined ? 'attainment' : 'amount');
        const methodText = r.text(mapGet(c, 'method'), `${what} method`) ?? 'graduated';
        if (methodText !== 'graduated' && methodText !== 'retroactive') r.bad(`${what}: method must be graduated or retroactive`);
        if (measure !== undefined && basis !== undefined) {
          components.push({
            type: 'commission',
            id: cid,
            cap,
            measure,
            rate,
            tiers,
            basis,
            method: methodText === 'retroactive' ? 'retroactive' : 'graduated',
          });
        }
      } else if (type === 'bonus') {
        const measure = measureRef();
        const basis = basisOf('attainment');
        const sv = mapGet(c, 'steps');
        const steps: Array<{ at: Rat; amount: Rat }> = [];
        if (sv === undefined || sv.kind !== 'seq' || sv.items.length === 0) r.bad(`${what}: steps must be a non-empty list`);
        else {
          for (const s of sv.items) {
            if (s.kind !== 'map') {
              r.bad(`${what}: a step must be a mapping`);
              continue;
            }
            const at = r.number(mapGet(s, 'at'), `${what} step at`);
            const amount = r.number(mapGet(s, 'amount'), `${what} step amount`);
            if (at === undefined || amount === undefined) r.bad(`${what}: a step needs at and amount`);
            else steps.push({ at, amount });
          }
        }
        if (measure !== undefined && basis !== undefined) components.push({ type: 'bonus', id: cid, cap, measure, steps, basis });
      } else if (type === 'spiff') {
        const where = r.filter(mapGet(c, 'where'), what, columns);
        const perText = r.text(mapGet(c, 'per'), `${what} per`);
        if (perText !== 'unit' && perText !== 'deal') r.bad(`${what}: per must be unit or deal`);
        const amount = r.number(mapGet(c, 'amount'), `${what} amount`);
        if (amount === undefined) r.bad(`${what}: amount is required`);
        const from = r.date(mapGet(c, 'from'), `${what} from`);
        const to = r.date(mapGet(c, 'to'), `${what} to`);
        if (where !== undefined && amount !== undefined) {
          components.push({ type: 'spiff', id: cid, cap, where, per: perText === 'unit' ? 'unit' : 'deal', amount, from, to });
        }
      } else if (type === 'formula') {
        const src = r.text(mapGet(c, 'formula'), `${what} formula`);
        if (src === undefined) r.bad(`${what}: formula is required`);
        else {
          const f = parseFormula(src, measureNames);
          if (!f.ok) r.bad(`${what}: ${f.message}`);
          else components.push({ type: 'formula', id: cid, cap, expr: f.expr, quotaMeasures: quotaMeasures(f.expr) });
        }
      } else {
        r.bad(`${what}: unknown type ${type ?? ''}`);
      }
    }
  }

  // draw
  let draw: Plan['draw'];
  const dv = mapGet(root, 'draw');
  if (!isNull(dv)) {
    if (dv === undefined || dv.kind !== 'map') r.bad('draw must be a mapping');
    else {
      const amount = r.number(mapGet(dv, 'amount'), 'draw amount');
      const recoverable = r.bool(mapGet(dv, 'recoverable'), 'draw recoverable');
      if (amount === undefined) r.bad('draw amount is required');
      if (recoverable === undefined) r.bad('draw recoverable is required');
      if (amount !== undefined && recoverable !== undefined) draw = { amount, recoverable };
    }
  }

  // clawback
  let clawbackDays: number | undefined;
  const kv = mapGet(root, 'clawback');
  if (!isNull(kv)) {
    if (kv === undefined || kv.kind !== 'map') r.bad('clawback must be a mapping');
    else {
      const w = r.text(mapGet(kv, 'window_days'), 'clawback window_days');
      if (w === undefined || !/^[0-9]+$/.test(w)) r.bad('clawback window_days must be a whole number of days');
      else clawbackDays = Number(w);
    }
  }

  if (p.list.length > before || id === undefined) return undefined;
  return { id, file, kind, currency, measures, components, draw, clawbackDays };
}

// ---------------------------------------------------------------- assignments

function loadAssignments(
  files: ReadonlyMap<string, string>,
  payees: ReadonlyMap<string, Payee>,
  planIds: ReadonlySet<string>,
  p: Problems,
): Assignment[] {
  const file = 'assignments.csv';
  const out: Assignment[] = [];
  const t = table(files, file, true, p);
  if (t === undefined || !requireColumns(file, t, ['payee', 'plan', 'from'], p)) return out;
  const lines: number[] = [];
  for (const row of t.rows) {
    const before = p.list.length;
    const payee = requiredCell(file, row, 'payee', p);
    const plan = requiredCell(file, row, 'plan', p);
    const from = dateCell(file, row, 'from', true, p);
    const to = dateCell(file, row, 'to', false, p);
    if (payee !== undefined && !payees.has(payee)) p.add(`${file}:${row.line}: unknown payee ${payee}`);
    if (plan !== undefined && !planIds.has(plan)) p.add(`${file}:${row.line}: unknown plan ${plan}`);
    if (from !== undefined && to !== undefined && to < from) p.add(`${file}:${row.line}: to is before from`);
    if (p.list.length > before || payee === undefined || plan === undefined || from === undefined) continue;
    out.push({ payee, plan, from, to });
    lines.push(row.line);
  }
  for (let i = 0; i < out.length; i++) {
    for (let j = i + 1; j < out.length; j++) {
      const a = out[i];
      const b = out[j];
      if (a === undefined || b === undefined || a.payee !== b.payee) continue;
      const aEnd = a.to ?? Number.MAX_SAFE_INTEGER;
      const bEnd = b.to ?? Number.MAX_SAFE_INTEGER;
      if (a.from <= bEnd && b.from <= aEnd) {
        p.add(`${file}:${lines[j] ?? 0}: overlaps the assignment on line ${lines[i] ?? 0}`);
      }
    }
  }
  return out;
}

/** Whether the payee has a result for this plan in this period (an assignment overlaps it). */
export function assignedIn(assignments: readonly Assignment[], payee: string, plan: string, period: Period): boolean {
  for (const a of assignments) {
    if (a.payee !== payee || a.plan !== plan) continue;
    const end = a.to ?? Number.MAX_SAFE_INTEGER;
    if (a.from <= period.end && period.start <= end) return true;
  }
  return false;
}

// ---------------------------------------------------------------- quotas, fx, adjustments

function loadQuotas(
  files: ReadonlyMap<string, string>,
  payees: ReadonlyMap<string, Payee>,
  fys: number,
  p: Problems,
): Map<string, Rat> {
  const file = 'quotas.csv';
  const out = new Map<string, Rat>();
  const t = table(files, file, false, p);
  if (t === undefined || !requireColumns(file, t, ['payee', 'period', 'measure', 'amount'], p)) return out;
  for (const row of t.rows) {
    const before = p.list.length;
    const payee = requiredCell(file, row, 'payee', p);
    const periodText = requiredCell(file, row, 'period', p);
    const measure = requiredCell(file, row, 'measure', p);
    const amount = numberCell(file, row, 'amount', true, p);
    if (payee !== undefined && !payees.has(payee)) p.add(`${file}:${row.line}: unknown payee ${payee}`);
    const period = periodText === undefined ? undefined : parsePeriod(periodText, fys);
    if (periodText !== undefined && period === undefined) p.add(`${file}:${row.line}: bad period ${periodText}`);
    if (amount !== undefined && amount.sign() <= 0) p.add(`${file}:${row.line}: a quota must be positive`);
    if (p.list.length > before || payee === undefined || period === undefined || measure === undefined || amount === undefined) continue;
    const key = quotaKey(payee, period.name, measure);
    if (out.has(key)) p.add(`${file}:${row.line}: duplicate quota for ${payee}, ${measure}, ${period.name}`);
    out.set(key, amount);
  }
  return out;
}

function loadFx(files: ReadonlyMap<string, string>, base: string, p: Problems): Map<string, FxRow[]> {
  const file = 'fx.csv';
  const out = new Map<string, FxRow[]>();
  const t = table(files, file, false, p);
  if (t === undefined || !requireColumns(file, t, ['date', 'currency', 'rate'], p)) return out;
  for (const row of t.rows) {
    const before = p.list.length;
    const date = dateCell(file, row, 'date', true, p);
    const currency = requiredCell(file, row, 'currency', p);
    const rate = numberCell(file, row, 'rate', true, p);
    if (currency !== undefined && !isKnownCurrency(currency)) p.add(`${file}:${row.line}: unknown currency ${currency}`);
    if (rate !== undefined && rate.sign() <= 0) p.add(`${file}:${row.line}: a rate must be positive`);
    if (p.list.length > before || date === undefined || currency === undefined || rate === undefined) continue;
    if (currency === base) continue; // the base currency always has rate 1
    const list = out.get(currency) ?? [];
    if (list.some((x) => x.date === date)) p.add(`${file}:${row.line}: two rates for ${currency} on one date`);
    list.push({ date, rate });
    out.set(currency, list);
  }
  for (const list of out.values()) list.sort((a, b) => a.date - b.date);
  return out;
}

function loadAdjustments(
  files: ReadonlyMap<string, string>,
  payees: ReadonlyMap<string, Payee>,
  plans: ReadonlyMap<string, Plan>,
  assignments: readonly Assignment[],
  fys: number,
  p: Problems,
): Adjustment[] {
  const file = 'adjustments.csv';
  const out: Adjustment[] = [];
  const t = table(files, file, false, p);
  if (t === undefined || !requireColumns(file, t, ['payee', 'period', 'amount'], p)) return out;
  for (const row of t.rows) {
    const before = p.list.length;
    const payee = requiredCell(file, row, 'payee', p);
    const periodText = requiredCell(file, row, 'period', p);
    const amount = numberCell(file, row, 'amount', true, p);
    const planText = cell(row, 'plan');
    const reason = cell(row, 'reason') ?? '';
    if (payee !== undefined && !payees.has(payee)) p.add(`${file}:${row.line}: unknown payee ${payee}`);
    if (planText !== undefined && !plans.has(planText)) p.add(`${file}:${row.line}: unknown plan ${planText}`);
    const period = periodText === undefined ? undefined : parsePeriod(periodText, fys);
    if (periodText !== undefined && period === undefined) p.add(`${file}:${row.line}: bad period ${periodText}`);
    if (p.list.length > before || payee === undefined || period === undefined || amount === undefined) continue;
    // plans of the payee for which `period` is one of the plan's own periods with a result
    const candidates: string[] = [];
    for (const plan of [...plans.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
      if (plan.kind !== period.kind) continue;
      if (assignedIn(assignments, payee, plan.id, period)) candidates.push(plan.id);
    }
    let plan: string | undefined;
    if (planText !== undefined) {
      if (!candidates.includes(planText)) p.add(`${file}:${row.line}: ${period.name} is not a period of ${payee}'s plan ${planText}`);
      else plan = planText;
    } else if (candidates.length === 1) {
      plan = candidates[0];
    } else if (candidates.length === 0) {
      p.add(`${file}:${row.line}: ${payee} has no plan with period ${period.name}`);
    } else {
      p.add(`${file}:${row.line}: ${payee} has several plans in ${period.name}; give plan`);
    }
    if (plan !== undefined) out.push({ payee, plan, periodName: period.name, amount, reason });
  }
  return out;
}

// ---------------------------------------------------------------- workspace

export function loadWorkspace(files: ReadonlyMap<string, string>): LoadResult {
  const p = new Problems();
  const settings = loadSettings(files, p);
  const payees = loadPayees(files, p);
  const { txns, table: txTable } = loadTransactions(files, payees, settings.currency, p);
  const columns = new Set<string>(txTable?.header ?? []);

  const plans = new Map<string, Plan>();
  const planFiles = [...files.keys()].filter((f) => /^plans\/[^/]+\.(yaml|yml|json)$/.test(f)).sort();
  if (planFiles.length === 0) p.add('plans: at least one plan file is required');
  const planIds = new Set<string>();
  for (const file of planFiles) {
    const text = files.get(file) ?? '';
    const plan = loadPlan(file, text, settings.currency, columns, p);
    if (plan === undefined) continue;
    if (planIds.has(plan.id)) p.add(`${file}: duplicate plan id ${plan.id}`);
    planIds.add(plan.id);
    plans.set(plan.id, plan);
  }
  // a summed attribute column must hold numbers (empty counts as 0)
  if (txTable !== undefined) {
    const summed = new Set<string>();
    for (const plan of plans.values()) {
      for (const m of plan.measures) {
        if (m.source.kind === 'sum' && !BUILTIN_SUM_FIELDS.has(m.source.field)) summed.add(m.source.field);
      }
    }
    for (const field of summed) {
      for (const row of txTable.rows) {
        const v = row.cells.get(field);
        if (v !== undefined && Rat.parseDecimal(v) === undefined) {
          p.add(`transactions.csv:${row.line}: ${field} is summed by a plan but ${v} is not a number`);
        }
      }
    }
  }
  const assignments = loadAssignments(files, payees, planIds, p);
  const quotas = loadQuotas(files, payees, settings.fys, p);
  const fx = loadFx(files, settings.currency, p);
  const adjustments = loadAdjustments(files, payees, plans, assignments, settings.fys, p);
  if (p.list.length > 0) return { ok: false, problems: p.list };
  return { ok: true, workspace: { settings, payees, plans, assignments, txns, quotas, fx, adjustments } };
}

