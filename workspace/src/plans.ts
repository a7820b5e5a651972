import {
  type Basis,
  type BonusStep,
  type Component,
  type Draw,
  type Filter,
  type Measure,
  type MeasureSource,
  type Plan,
  type Tier,
  isCurrencyCode,
  parseDay,
  parseFormula,
  Rational,
} from '@prestasi/engine';
import type { ProblemSink } from './problems.js';
import type { TreeMap, TreeNode, TreeScalar } from './yaml-tree.js';

const PLAN_ID = /^[a-z0-9_-]+$/;

/** What a plan needs from the transactions file: columns to filter on and columns to sum. */
export interface PlanColumns {
  readonly filtered: Set<string>;
  readonly summed: Set<string>;
}

export interface PlanContext {
  readonly baseCurrency: string;
  /** Columns of transactions.csv, to check `where` and `sum` fields; undefined when that file is unreadable. */
  readonly transactionColumns: ReadonlySet<string> | undefined;
  readonly columns: PlanColumns;
}

/** A map of a plan file read with its line numbers, warning about keys nothing reads. */
class Fields {
  private readonly used = new Set<string>();
  constructor(
    readonly node: TreeMap,
    private readonly sink: ProblemSink,
    private readonly where: string,
  ) {}

  get(key: string): TreeNode | undefined {
    this.used.add(key);
    return this.node.entries.get(key)?.value;
  }

  has(key: string): boolean {
    return this.node.entries.has(key);
  }

  finish(): void {
    for (const [key, entry] of this.node.entries) {
      if (!this.used.has(key)) this.sink.warn(entry.keyLine, `unknown key "${key}" in ${this.where} is ignored`);
    }
  }
}

/** What every component type reads first: its fields, id, cap and the plan's measures. */
interface ComponentHead {
  readonly f: Fields;
  readonly node: TreeMap;
  readonly id: string | undefined;
  readonly cap: Rational | undefined;
  readonly measures: ReadonlySet<string>;
  readonly label: string;
}

/** Reads one plan file into an engine plan; problems go to `sink`, and `undefined` means invalid. */
export function readPlan(root: TreeNode | undefined, sink: ProblemSink, ctx: PlanContext): Plan | undefined {
  if (!root || root.kind !== 'map') {
    sink.error(root?.line ?? 1, 'a plan must be a mapping with id, period, measures and components');
    return undefined;
  }
  const r = new PlanReader(sink, ctx);
  return r.plan(root);
}

class PlanReader {
  private ok = true;
  constructor(
    private readonly sink: ProblemSink,
    private readonly ctx: PlanContext,
  ) {}

  private error(line: number, message: string): undefined {
    this.ok = false;
    this.sink.error(line, message);
    return undefined;
  }

  plan(node: TreeMap): Plan | undefined {
    const f = new Fields(node, this.sink, 'the plan');
    const id = this.requiredText(f, 'id', node.line);
    if (id !== undefined && !PLAN_ID.test(id)) this.error(lineOf(f.get('id'), node), `plan id "${id}" must match [a-z0-9_-]+`);
    const name = f.has('name') ? this.text(f.get('name')!, 'name') : id;
    const periodText = this.requiredText(f, 'period', node.line);
    let period: Plan['period'] = 'month';
    if (periodText !== undefined) {
      if (periodText === 'month' || periodText === 'quarter' || periodText === 'year') period = periodText;
      else this.error(lineOf(f.get('period'), node), `period must be month, quarter or year, not "${periodText}"`);
    }
    let currency = this.ctx.baseCurrency;
    const currencyNode = f.get('currency');
    if (currencyNode) {
      const text = this.text(currencyNode, 'currency');
      if (text !== undefined && !isCurrencyCode(text)) this.error(currencyNode.line, `unknown ISO 4217 currency "${text}"`);
      else if (text !== undefined) currency = text;
    }
    const measures = this.measures(f.get('measures'));
    const measureNames = new Set(measures.map((m) => m.name));
    const components = this.components(f.get('components'), measureNames);
    const draw = this.draw(f.get('draw'));
    const clawbackWindowDays = this.clawback(f.get('clawback'));
    f.finish();
    if (!this.ok || id === undefined || name === undefined) return undefined;
    return { id, name, period, currency, measures, components, draw, clawbackWindowDays };
  }

  private measures(node: TreeNode | undefined): Measure[] {
    if (!node) return [];
    if (node.kind !== 'map') return this.error(node.line, 'measures must be a mapping of name to measure') ?? [];
    const out: Measure[] = [];
    for (const [name, entry] of node.entries) {
      const m = this.measure(name, entry.value, entry.keyLine);
      if (m) out.push(m);
    }
    return out;
  }

  private measure(name: string, node: TreeNode, line: number): Measure | undefined {
    if (node.kind !== 'map') return this.error(line, `measure ${name} must be a mapping with sum or count`);
    const f = new Fields(node, this.sink, `measure ${name}`);
    const sum = f.get('sum');
    const count = f.get('count');
    let source: MeasureSource | undefined;
    if ((sum === undefined) === (count === undefined)) {
      this.error(line, `measure ${name} needs exactly one of sum or count`);
    } else if (sum) {
      const field = this.text(sum, `sum of measure ${name}`);
      if (field !== undefined) {
        if (field === 'amount' || field === 'margin' || field === 'quantity') source = { kind: field };
        else {
          source = { kind: 'attribute', column: field };
          this.checkColumn(field, sum.line, `sum of measure ${name}`);
          this.ctx.columns.summed.add(field);
        }
      }
    } else if (count) {
      if (count.kind !== 'scalar' || count.value !== true) this.error(count.line, `count of measure ${name} must be true`);
      else source = { kind: 'count' };
    }
    const where = this.filter(f.get('where'), `measure ${name}`);
    let scope: Measure['scope'] = 'self';
    const scopeNode = f.get('scope');
    if (scopeNode) {
      const text = this.text(scopeNode, 'scope');
      if (text === 'self' || text === 'team') scope = text;
      else if (text !== undefined) this.error(scopeNode.line, `scope must be self or team, not "${text}"`);
    }
    f.finish();
    return source && where ? { name, source, where, scope } : undefined;
  }

  private filter(node: TreeNode | undefined, owner: string): Filter | undefined {
    if (!node) return [];
    if (node.kind !== 'map') return this.error(node.line, `where of ${owner} must map fields to values`);
    const clauses: { field: string; values: string[] }[] = [];
    for (const [field, entry] of node.entries) {
      this.checkColumn(field, entry.keyLine, `where of ${owner}`);
      this.ctx.columns.filtered.add(field);
      const v = entry.value;
      const items = v.kind === 'seq' ? v.items : [v];
      const values: string[] = [];
      for (const item of items) {
        if (item.kind !== 'scalar') this.error(item.line, `where ${field} of ${owner} must be a value or a list of values`);
        else values.push(item.text);
      }
      clauses.push({ field, values });
    }
    return clauses;
  }

  private checkColumn(field: string, line: number, where: string): void {
    const columns = this.ctx.transactionColumns;
    if (columns && !columns.has(field)) {
      this.error(line, `${where}: "${field}" is not a column of transactions.csv`);
    }
  }

  private components(node: TreeNode | undefined, measures: ReadonlySet<string>): Component[] {
    if (!node) return [];
    if (node.kind !== 'seq') return this.error(node.line, 'components must be a list') ?? [];
    const out: Component[] = [];
    const ids = new Set<string>();
    for (const item of node.items) {
      const c = this.component(item, measures);
      if (!c) continue;
      if (ids.has(c.id)) this.error(item.line, `component id "${c.id}" is used twice in this plan`);
      ids.add(c.id);
      out.push(c);
    }
    return out;
  }

  private component(node: TreeNode, measures: ReadonlySet<string>): Component | undefined {
    if (node.kind !== 'map') return this.error(node.line, 'a component must be a mapping with id and type');
    const f = new Fields(node, this.sink, 'the component');
    const id = this.requiredText(f, 'id', node.line);
    const type = this.requiredText(f, 'type', node.line);
    const capNode = f.get('cap');
    const cap = capNode ? this.decimal(capNode, 'cap', { min: 'zero' }) : undefined;
    const label = `component ${id ?? '?'}`;
    const head: ComponentHead = { f, node, id, cap, measures, label };
    let c: Component | undefined;
    switch (type) {
      case 'commission':
        c = this.commission(head);
        break;
      case 'bonus':
        c = this.bonus(head);
        break;
      case 'spiff':
        c = this.spiff(head);
        break;
      case 'formula':
        c = this.formula(head);
        break;
      case undefined:
        break;
      default:
        this.error(lineOf(f.get('type'), node), `${label}: unknown type "${type}" (commission, bonus, spiff or formula)`);
    }
    f.finish();
    return c;
  }

  private measureRef(f: Fields, node: TreeMap, measures: ReadonlySet<string>, label: string): string | undefined {
    const name = this.requiredText(f, 'measure', node.line, label);
    if (name !== undefined && !measures.has(name)) {
      return this.error(lineOf(f.get('measure'), node), `${label}: unknown measure "${name}"`);
    }
    return name;
  }

  private basis(f: Fields, label: string): Basis | undefined {
    const n = f.get('basis');
    if (!n) return 'attainment';
    const text = this.text(n, 'basis');
    if (text === 'attainment' || text === 'amount') return text;
    return this.error(n.line, `${label}: basis must be attainment or amount, not "${text ?? ''}"`);
  }

  private commission({ f, node, id, cap, measures, label }: ComponentHead): Component | undefined {
    const measure = this.measureRef(f, node, measures, label);
    const rateNode = f.get('rate');
    const tiersNode = f.get('tiers');
    const basis = this.basis(f, label);
    const methodNode = f.get('method');
    let method: 'graduated' | 'retroactive' = 'graduated';
    if (methodNode) {
      const text = this.text(methodNode, 'method');
      if (text === 'graduated' || text === 'retroactive') method = text;
      else this.error(methodNode.line, `${label}: method must be graduated or retroactive`);
    }
    if ((rateNode === undefined) === (tiersNode === undefined)) {
      return this.error(node.line, `${label}: a commission needs exactly one of rate or tiers`);
    }
    const rate = rateNode ? this.decimal(rateNode, `${label} rate`) : undefined;
    const tiers = tiersNode ? this.tiers(tiersNode, label) : [];
    if (id === undefined || measure === undefined || basis === undefined) return undefined;
    return { type: 'commission', id, cap, measure, basis, rate, tiers, method };
  }

  private tiers(node: TreeNode, label: string): Tier[] {
    if (node.kind !== 'seq' || node.items.length === 0) {
      return this.error(node.line, `${label}: tiers must be a non-empty list`) ?? [];
    }
    const tiers: Tier[] = [];
    let previous = Rational.ZERO;
    node.items.forEach((item, i) => {
      if (item.kind !== 'map') return this.error(item.line, `${label}: a tier must be a mapping with to and rate`);
      const f = new Fields(item, this.sink, `a tier of ${label}`);
      const last = i === node.items.length - 1;
      const toNode = f.get('to');
      const rateNode = f.get('rate');
      let to: Rational | undefined;
      if (toNode && last) this.error(toNode.line, `${label}: the last tier must not have "to"`);
      else if (!toNode && !last) this.error(item.line, `${label}: every tier but the last needs "to"`);
      else if (toNode) {
        to = this.decimal(toNode, `${label} tier to`);
        if (to && !to.gt(previous)) this.error(toNode.line, `${label}: tier bounds must strictly ascend from 0`);
        if (to) previous = to;
      }
      const rate = rateNode ? this.decimal(rateNode, `${label} tier rate`) : this.error(item.line, `${label}: a tier needs a rate`);
      f.finish();
      if (rate) tiers.push({ to, rate });
      return undefined;
    });
    return tiers;
  }

  private bonus({ f, node, id, cap, measures, label }: ComponentHead): Component | undefined {
    const measure = this.measureRef(f, node, measures, label);
    const basis = this.basis(f, label);
    const stepsNode = f.get('steps');
    const steps: BonusStep[] = [];
    if (!stepsNode || stepsNode.kind !== 'seq' || stepsNode.items.length === 0) {
      this.error(stepsNode?.line ?? node.line, `${label}: steps must be a non-empty list of { at, amount }`);
    } else {
      for (const item of stepsNode.items) {
        if (item.kind !== 'map') {
          this.error(item.line, `${label}: a step must be a mapping with at and amount`);
          continue;
        }
        const sf = new Fields(item, this.sink, `a step of ${label}`);
        const atNode = sf.get('at');
        const amountNode = sf.get('amount');
        const at = atNode ? this.decimal(atNode, `${label} step at`) : this.error(item.line, `${label}: a step needs "at"`);
        const amount = amountNode
          ? this.decimal(amountNode, `${label} step amount`)
          : this.error(item.line, `${label}: a step needs "amount"`);
        sf.finish();
        if (at && amount) steps.push({ at, amount });
      }
    }
    if (id === undefined || measure === undefined || basis === undefined) return undefined;
    return { type: 'bonus', id, cap, measure, basis, steps };
  }

  private spiff({ f, node, id, cap, label }: ComponentHead): Component | undefined {
    const where = this.filter(f.get('where'), label);
    const perText = this.requiredText(f, 'per', node.line, label);
    if (perText !== undefined && perText !== 'unit' && perText !== 'deal') {
      this.error(lineOf(f.get('per'), node), `${label}: per must be unit or deal`);
    }
    const amountNode = f.get('amount');
    const amount = amountNode ? this.decimal(amountNode, `${label} amount`) : this.error(node.line, `${label}: a spiff needs "amount"`);
    const from = this.day(f.get('from'), `${label} from`);
    const to = this.day(f.get('to'), `${label} to`);
    if (from !== undefined && to !== undefined && to < from) this.error(lineOf(f.get('to'), node), `${label}: "to" is before "from"`);
    if (id === undefined || where === undefined || amount === undefined || (perText !== 'unit' && perText !== 'deal')) return undefined;
    return { type: 'spiff', id, cap, where, per: perText, amount, from, to };
  }

  private formula({ f, node, id, cap, measures, label }: ComponentHead): Component | undefined {
    const source = this.requiredText(f, 'formula', node.line, label);
    if (source === undefined || id === undefined) return undefined;
    const parsed = parseFormula(source, measures);
    if (!parsed.ok) {
      const line = lineOf(f.get('formula'), node);
      for (const p of parsed.problems) this.error(line, `${label}: formula: ${p.message} (at character ${p.offset + 1})`);
      return undefined;
    }
    return { type: 'formula', id, cap, source, formula: parsed.formula };
  }

  private draw(node: TreeNode | undefined): Draw | undefined {
    if (!node) return undefined;
    if (node.kind !== 'map') return this.error(node.line, 'draw must be a mapping with amount and recoverable');
    const f = new Fields(node, this.sink, 'draw');
    const amountNode = f.get('amount');
    const amount = amountNode ? this.decimal(amountNode, 'draw amount', { min: 'zero' }) : this.error(node.line, 'draw needs "amount"');
    const recNode = f.get('recoverable');
    let recoverable: boolean | undefined;
    if (!recNode) this.error(node.line, 'draw needs "recoverable: true" or "recoverable: false"');
    else if (recNode.kind !== 'scalar' || typeof recNode.value !== 'boolean') this.error(recNode.line, 'recoverable must be true or false');
    else recoverable = recNode.value;
    f.finish();
    return amount && recoverable !== undefined ? { amount, recoverable } : undefined;
  }

  private clawback(node: TreeNode | undefined): number | undefined {
    if (!node) return undefined;
    if (node.kind !== 'map') return this.error(node.line, 'clawback must be a mapping with window_days');
    const f = new Fields(node, this.sink, 'clawback');
    const w = f.get('window_days');
    f.finish();
    if (!w) return this.error(node.line, 'clawback needs "window_days"');
    const text = w.kind === 'scalar' ? w.text : '';
    if (!/^\d{1,6}$/.test(text)) return this.error(w.line, `window_days must be a whole number of days, not "${text}"`);
    return Number(text);
  }

  private day(node: TreeNode | undefined, what: string): number | undefined {
    if (!node) return undefined;
    const text = this.text(node, what);
    if (text === undefined) return undefined;
    const day = parseDay(text);
    if (day === undefined) return this.error(node.line, `${what} must be a date YYYY-MM-DD, not "${text}"`);
    return day;
  }

  private decimal(node: TreeNode, what: string, opts: { min?: 'zero' } = {}): Rational | undefined {
    const text = node.kind === 'scalar' ? node.text : undefined;
    const value = text === undefined ? undefined : Rational.parse(text.trim());
    if (!value) return this.error(node.line, `${what} must be a plain decimal number, not ${describe(node)}`);
    if (opts.min === 'zero' && value.sign() < 0) return this.error(node.line, `${what} must not be negative`);
    return value;
  }

  private text(node: TreeNode, what: string): string | undefined {
    if (node.kind !== 'scalar' || node.value === null) return this.error(node.line, `${what} must be text`);
    return (node as TreeScalar).text;
  }

  private requiredText(f: Fields, key: string, line: number, label?: string): string | undefined {
    const node = f.get(key);
    if (!node) return this.error(line, `${label ? `${label}: ` : ''}"${key}" is required`);
    return this.text(node, key);
  }
}

function lineOf(node: TreeNode | undefined, fallback: TreeNode): number {
  return node?.line ?? fallback.line;
}

function describe(node: TreeNode): string {
  return node.kind === 'scalar' ? `"${node.text}"` : `a ${node.kind === 'map' ? 'mapping' : 'list'}`;
}
