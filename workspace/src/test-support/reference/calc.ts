// The reference calculator: straightforward loops over the validated model.

import { minorUnits } from './currencies.js';
import { formatDay, parsePeriod, periodContaining, periodsInside } from './dates.js';
import type { Day, Period } from './dates.js';
import { evaluate, FormulaEvalError } from './formula.js';
import { assignedIn } from './load.js';
import { quotaKey } from './model.js';
import type { Component, Filter, Measure, Plan, Txn, Workspace } from './model.js';
import { formatUnits, Rat } from './rational.js';

/** A problem found while computing (missing quota or rate, division by zero). */
export class CalcProblem extends Error {}

export interface CalcOptions {
  readonly period: string;
  readonly payee?: string;
  readonly summary?: boolean;
}

/** Compares text by Unicode code point. */
export function compareText(a: string, b: string): number {
  const ca = Array.from(a);
  const cb = Array.from(b);
  const n = Math.min(ca.length, cb.length);
  for (let i = 0; i < n; i++) {
    const x = ca[i]?.codePointAt(0) ?? 0;
    const y = cb[i]?.codePointAt(0) ?? 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return ca.length - cb.length;
}

function compareTxn(a: Txn, b: Txn): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  return compareText(a.id, b.id);
}

interface ExactLine {
  readonly txn: Txn | undefined;
  readonly exact: Rat;
}

interface RoundedLine {
  readonly txn: Txn | undefined;
  readonly units: bigint;
}

interface ComponentResult {
  readonly component: Component;
  readonly earned: bigint;
  readonly uncapped: bigint;
  readonly lines: readonly RoundedLine[];
}

interface Contribution {
  readonly txn: Txn;
  readonly value: Rat;
}

interface Core {
  readonly payee: string;
  readonly plan: Plan;
  readonly period: Period;
  readonly f: Rat;
  readonly measures: ReadonlyMap<string, Rat>;
  /** prorated quotas of the measures that have a quota row applying */
  readonly quotas: ReadonlyMap<string, Rat>;
  readonly components: readonly ComponentResult[];
}

interface ClawbackEntry {
  readonly txn: Txn;
  readonly component: string;
  readonly units: bigint;
}

interface Full {
  readonly core: Core;
  readonly clawbacks: readonly ClawbackEntry[];
  readonly adjustments: ReadonlyArray<{ readonly units: bigint; readonly reason: string }>;
  readonly drawPaid: bigint;
  readonly recovered: bigint;
  readonly balance: bigint;
  readonly payout: bigint;
}

type Destination = { readonly plan: Plan; readonly period: Period } | 'unapplied';

export class Calculator {
  private readonly txns: readonly Txn[];
  private readonly plansById: readonly Plan[];
  private readonly coreMemo = new Map<string, Core>();
  private readonly fullMemo = new Map<string, Full>();

  constructor(
    private readonly ws: Workspace,
    /** optional hook told about the rules each computation used (for generator coverage tests) */
    private readonly trace: (event: string) => void = () => undefined,
  ) {
    this.txns = [...ws.txns].sort(compareTxn);
    this.plansById = [...ws.plans.values()].sort((a, b) => compareText(a.id, b.id));
  }

  // ------------------------------------------------------------ helpers

  private scale(currency: string): number {
    return minorUnits(currency);
  }

  private roundMoney(x: Rat, currency: string): bigint {
    return x.roundToUnits(this.scale(currency), this.ws.settings.rounding);
  }

  private rate(currency: string, day: Day): Rat {
    if (currency === this.ws.settings.currency) return Rat.ONE;
    const rows = this.ws.fx.get(currency) ?? [];
    let found: Rat | undefined;
    for (const row of rows) if (row.date <= day) found = row.rate;
    if (found === undefined) throw new CalcProblem(`fx.csv: missing rate for ${currency} on ${formatDay(day)}`);
    return found;
  }

  private convert(value: Rat, from: string, to: string, day: Day): Rat {
    if (from === to) return value;
    return value.mul(this.rate(from, day)).div(this.rate(to, day));
  }

  /** The payee and everyone below them in the manager tree. */
  private team(payee: string): Set<string> {
    const out = new Set<string>([payee]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const p of this.ws.payees.values()) {
        if (p.manager !== undefined && out.has(p.manager) && !out.has(p.id)) {
          out.add(p.id);
          grew = true;
        }
      }
    }
    return out;
  }

  private coverage(payee: string, planId: string, period: Period): Array<[Day, Day]> {
    const out: Array<[Day, Day]> = [];
    for (const a of this.ws.assignments) {
      if (a.payee !== payee || a.plan !== planId) continue;
      const s = Math.max(a.from, period.start);
      const e = Math.min(a.to ?? Number.MAX_SAFE_INTEGER, period.end);
      if (s <= e) out.push([s, e]);
    }
    return out;
  }

  /** Cancelled within the same period (of this plan) as its date: left out entirely. */
  private excluded(t: Txn, plan: Plan): boolean {
    if (!t.cancelled || t.cancelDate === undefined) return false;
    const same = t.cancelDate <= periodContaining(plan.kind, t.date, this.ws.settings.fys).end;
    if (same) this.trace('cancelled in the same period, left out');
    return same;
  }

  private passes(where: Filter, t: Txn): boolean {
    for (const cond of where) {
      const v = t.cells.get(cond.field) ?? '';
      if (!cond.values.includes(v)) return false;
    }
    return true;
  }

  private fieldValue(m: Measure, t: Txn, share: Rat, plan: Plan): Rat {
    if (m.source.kind === 'count') return share;
    const field = m.source.field;
    if (field === 'amount') return this.convert(t.amount.mul(share), t.currency, plan.currency, t.date);
    if (field === 'margin') return this.convert(t.margin.mul(share), t.currency, plan.currency, t.date);
    if (field === 'quantity') return t.quantity.mul(share);
    const text = t.cells.get(field) ?? '';
    const n = text === '' ? Rat.ZERO : Rat.parseDecimal(text);
    if (n === undefined) throw new CalcProblem(`transactions.csv: ${field} of ${t.id} is not a number`);
    return n.mul(share);
  }

  private quotaFor(payee: string, plan: Plan, period: Period, measure: string): Rat | undefined {
    const exact = this.ws.quotas.get(quotaKey(payee, period.name, measure));
    if (exact !== undefined) {
      this.trace('exact-period quota');
      return exact;
    }
    if (plan.kind === 'year') return undefined;
    const fy = periodContaining('year', period.start, this.ws.settings.fys);
    const yearly = this.ws.quotas.get(quotaKey(payee, fy.name, measure));
    if (yearly === undefined) return undefined;
    this.trace(plan.kind === 'month' ? 'fiscal-year quota / 12' : 'fiscal-year quota / 4');
    return yearly.div(Rat.int(plan.kind === 'month' ? 12 : 4));
  }

  // ------------------------------------------------------------ components

  private finish(component: Component, exactLines: readonly ExactLine[], currency: string): ComponentResult {
    const lines = exactLines.filter((l) => !l.exact.isZero());
    let total = Rat.ZERO;
    for (const l of lines) total = total.add(l.exact);
    const uncapped = this.roundMoney(total, currency);
    let capped: ExactLine[] = [...lines];
    if (component.cap !== undefined && total.gt(component.cap)) {
      this.trace('cap scales lines');
      const factor = component.cap.div(total);
      capped = lines.map((l) => ({ txn: l.txn, exact: l.exact.mul(factor) }));
      total = component.cap;
    }
    const scale = this.scale(currency);
    const earned = this.roundMoney(total, currency);
    const units = capped.map((l) => this.roundMoney(l.exact, currency));
    const remainders = capped.map((l, i) => l.exact.sub(Rat.fromUnits(units[i] ?? 0n, scale)));
    let sum = 0n;
    for (const u of units) sum += u;
    let k = earned - sum;
    if (k !== 0n) {
      this.trace(k > 0n ? 'remainder hand-out +' : 'remainder hand-out -');
      const order = capped.map((_, i) => i);
      if (k > 0n) {
        // largest remainder first, ties to the earlier line
        order.sort((a, b) => {
          const c = (remainders[b] ?? Rat.ZERO).cmp(remainders[a] ?? Rat.ZERO);
          return c !== 0 ? c : a - b;
        });
      } else {
        order.sort((a, b) => {
          const c = (remainders[a] ?? Rat.ZERO).cmp(remainders[b] ?? Rat.ZERO);
          return c !== 0 ? c : a - b;
        });
      }
      const step = k > 0n ? 1n : -1n;
      let idx = 0;
      while (k !== 0n) {
        const i = order[idx];
        if (i === undefined) throw new Error('remainder hand-out ran out of lines');
        units[i] = (units[i] ?? 0n) + step;
        k -= step;
        idx++;
      }
    }
    return {
      component,
      earned,
      uncapped,
      lines: capped.map((l, i) => ({ txn: l.txn, units: units[i] ?? 0n })),
    };
  }

  private commissionLines(
    c: Extract<Component, { type: 'commission' }>,
    contribs: readonly Contribution[],
    quota: Rat | undefined,
  ): ExactLine[] {
    if (c.rate !== undefined) {
      const rate = c.rate;
      return contribs.map((x) => ({ txn: x.txn, exact: x.value.mul(rate) }));
    }
    const tiers = c.tiers ?? [];
    const scale = c.basis === 'attainment' ? quota ?? Rat.ONE : Rat.ONE;
    const bands: Array<{ lo: Rat; hi: Rat | undefined; rate: Rat }> = [];
    let lo = Rat.ZERO;
    for (const t of tiers) {
      const hi = t.to === undefined ? undefined : t.to.mul(scale);
      bands.push({ lo, hi, rate: t.rate });
      if (hi !== undefined) lo = hi;
    }
    const firstRate = bands[0]?.rate ?? Rat.ZERO;
    if (c.method === 'graduated') {
      this.trace('graduated tiers');
      const f = (x: Rat): Rat => {
        if (x.sign() < 0) {
          this.trace('graduated, negative total');
          return x.mul(firstRate);
        }
        let out = Rat.ZERO;
        for (const b of bands) {
          if (!x.gt(b.lo)) continue;
          const top = b.hi === undefined || x.lt(b.hi) ? x : b.hi;
          out = out.add(top.sub(b.lo).mul(b.rate));
        }
        return out;
      };
      const lines: ExactLine[] = [];
      let running = Rat.ZERO;
      for (const x of contribs) {
        const before = f(running);
        running = running.add(x.value);
        lines.push({ txn: x.txn, exact: f(running).sub(before) });
      }
      return lines;
    }
    // retroactive
    let total = Rat.ZERO;
    for (const x of contribs) total = total.add(x.value);
    this.trace(total.sign() < 0 ? 'retroactive, negative measure' : 'retroactive tiers');
    let rate = firstRate;
    if (total.sign() >= 0) {
      for (const b of bands) {
        if (b.hi === undefined || total.lt(b.hi)) {
          rate = b.rate;
          break;
        }
      }
    }
    return contribs.map((x) => ({ txn: x.txn, exact: x.value.mul(rate) }));
  }

  private requireQuota(core: { payee: string; period: Period }, quotas: ReadonlyMap<string, Rat>, measure: string): Rat {
    const q = quotas.get(measure);
    if (q === undefined) {
      throw new CalcProblem(`quotas.csv: missing quota for ${core.payee}, ${measure}, ${core.period.name}`);
    }
    return q;
  }

  // ------------------------------------------------------------ results

  core(payee: string, plan: Plan, period: Period): Core {
    const key = `${payee}\u0000${plan.id}\u0000${period.name}`;
    const memo = this.coreMemo.get(key);
    if (memo !== undefined) return memo;

    const cov = this.coverage(payee, plan.id, period);
    let covered = 0;
    for (const [s, e] of cov) covered += e - s + 1;
    const f = Rat.of(BigInt(covered), BigInt(period.end - period.start + 1));
    if (!f.eq(Rat.ONE)) this.trace('proration');
    if (cov.length > 1) this.trace('one result over several assignments');
    const inCoverage = (d: Day): boolean => cov.some(([s, e]) => s <= d && d <= e);

    const hasTeam = plan.measures.some((m) => m.scope === 'team');
    const team = hasTeam ? this.team(payee) : new Set<string>([payee]);
    const self = new Set<string>([payee]);

    // transactions that count in this result
    const counted = this.txns.filter((t) => inCoverage(t.date) && !this.excluded(t, plan));
    // every counted transaction credited to the payee (or the team, for team plans) needs its rates
    for (const t of counted) {
      const relevant = t.credits.some((c) => c.payee === payee || (hasTeam && team.has(c.payee)));
      if (relevant && t.currency !== plan.currency) {
        this.trace('fx conversion');
        this.convert(Rat.ONE, t.currency, plan.currency, t.date);
      }
      if (t.cancelled) this.trace('cancelled later, still counted');
    }

    const measures = new Map<string, Rat>();
    const contributions = new Map<string, Contribution[]>();
    for (const m of plan.measures) {
      const scopeSet = m.scope === 'team' ? team : self;
      const list: Contribution[] = [];
      let total = Rat.ZERO;
      for (const t of counted) {
        if (!this.passes(m.where, t)) continue;
        let value = Rat.ZERO;
        let any = false;
        let merged = 0;
        for (const c of t.credits) {
          if (!scopeSet.has(c.payee)) continue;
          any = true;
          merged++;
          if (merged === 2) this.trace('team line merges credits');
          value = value.add(this.fieldValue(m, t, c.share, plan));
        }
        if (!any) continue;
        list.push({ txn: t, value });
        total = total.add(value);
      }
      measures.set(m.name, total);
      contributions.set(m.name, list);
    }

    const quotas = new Map<string, Rat>();
    for (const m of plan.measures) {
      const q = this.quotaFor(payee, plan, period, m.name);
      if (q !== undefined) quotas.set(m.name, q.mul(f));
    }

    const ctx = { payee, period };
    const components: ComponentResult[] = [];
    for (const c of plan.components) {
      let lines: ExactLine[] = [];
      if (c.type === 'commission') {
        const quota = c.basis === 'attainment' ? this.requireQuota(ctx, quotas, c.measure) : undefined;
        lines = this.commissionLines(c, contributions.get(c.measure) ?? [], quota);
      } else if (c.type === 'bonus') {
        const m = measures.get(c.measure) ?? Rat.ZERO;
        let v = m;
        if (c.basis === 'attainment') v = m.div(this.requireQuota(ctx, quotas, c.measure));
        let best: { at: Rat; amount: Rat } | undefined;
        for (const s of c.steps) {
          if (s.at.le(v) && (best === undefined || s.at.gt(best.at))) best = s;
        }
        if (best !== undefined) {
          this.trace('bonus step reached');
          lines = [{ txn: undefined, exact: best.amount.mul(f) }];
        }
      } else if (c.type === 'spiff') {
        for (const t of counted) {
          const credit = t.credits.find((x) => x.payee === payee);
          if (credit === undefined) continue;
          if (!this.passes(c.where, t)) continue;
          if (c.from !== undefined && t.date < c.from) continue;
          if (c.to !== undefined && t.date > c.to) continue;
          const exact = c.per === 'unit' ? c.amount.mul(t.quantity).mul(credit.share) : c.amount.mul(credit.share);
          this.trace(c.per === 'unit' ? 'spiff per unit' : 'spiff per deal');
          lines.push({ txn: t, exact });
        }
      } else {
        for (const m of c.quotaMeasures) this.requireQuota(ctx, quotas, m);
        let value: Rat;
        try {
          value = evaluate(c.expr, {
            measure: (name) => measures.get(name) ?? Rat.ZERO,
            quota: (name) => this.requireQuota(ctx, quotas, name),
            rounding: this.ws.settings.rounding,
          });
        } catch (e: unknown) {
          if (e instanceof FormulaEvalError) {
            throw new CalcProblem(`${plan.file}: component ${c.id}: ${e.message} for payee ${payee} in ${period.name}`);
          }
          throw e;
        }
        lines = [{ txn: undefined, exact: value }];
      }
      components.push(this.finish(c, lines, plan.currency));
    }

    const core: Core = { payee, plan, period, f, measures, quotas, components };
    this.coreMemo.set(key, core);
    return core;
  }

  /** The plan and period in which a cancelled transaction earned for this payee, when a clawback applies. */
  private clawbackOrigin(payee: string, t: Txn): { plan: Plan; period: Period } | undefined {
    if (!t.cancelled || t.cancelDate === undefined) return undefined;
    const assignment = this.ws.assignments.find(
      (a) => a.payee === payee && a.from <= t.date && t.date <= (a.to ?? Number.MAX_SAFE_INTEGER),
    );
    if (assignment === undefined) return undefined;
    const plan = this.ws.plans.get(assignment.plan);
    if (plan === undefined || plan.clawbackDays === undefined) return undefined;
    const period = periodContaining(plan.kind, t.date, this.ws.settings.fys);
    if (t.cancelDate <= period.end) return undefined; // same period: left out entirely
    if (t.cancelDate - t.date > plan.clawbackDays) return undefined; // outside the window: stays counted
    const hasTeam = plan.measures.some((m) => m.scope === 'team');
    const team = hasTeam ? this.team(payee) : new Set<string>([payee]);
    if (!t.credits.some((c) => team.has(c.payee))) return undefined;
    return { plan, period };
  }

  private destination(payee: string, origin: Plan, day: Day): Destination {
    const fys = this.ws.settings.fys;
    const same = periodContaining(origin.kind, day, fys);
    if (assignedIn(this.ws.assignments, payee, origin.id, same)) return { plan: origin, period: same };
    for (const plan of this.plansById) {
      if (plan.id === origin.id) continue;
      const p = periodContaining(plan.kind, day, fys);
      if (assignedIn(this.ws.assignments, payee, plan.id, p)) return { plan, period: p };
    }
    return 'unapplied';
  }

  private clawbacksLanding(payee: string, plan: Plan, period: Period): ClawbackEntry[] {
    const out: ClawbackEntry[] = [];
    for (const t of this.txns) {
      if (!t.cancelled || t.cancelDate === undefined) continue;
      if (t.cancelDate < period.start || t.cancelDate > period.end) continue;
      const origin = this.clawbackOrigin(payee, t);
      if (origin === undefined) continue;
      const dest = this.destination(payee, origin.plan, t.cancelDate);
      if (dest === 'unapplied' || dest.plan.id !== plan.id || dest.period.name !== period.name) continue;
      const original = this.core(payee, origin.plan, origin.period);
      for (const comp of original.components) {
        for (const line of comp.lines) {
          if (line.txn !== t) continue;
          let units = -line.units;
          this.trace(origin.plan.id === plan.id ? 'clawback, same plan' : 'clawback, another plan');
          if (origin.plan.currency !== plan.currency) {
            this.trace('clawback converted at cancel_date');
            const value = Rat.fromUnits(units, this.scale(origin.plan.currency));
            units = this.roundMoney(this.convert(value, origin.plan.currency, plan.currency, t.cancelDate), plan.currency);
          }
          out.push({ txn: t, component: comp.component.id, units });
        }
      }
    }
    return out;
  }

  full(payee: string, plan: Plan, period: Period): Full {
    const key = `${payee}\u0000${plan.id}\u0000${period.name}`;
    const memo = this.fullMemo.get(key);
    if (memo !== undefined) return memo;
    const core = this.core(payee, plan, period);
    const clawbacks = this.clawbacksLanding(payee, plan, period);
    const adjustments = this.ws.adjustments
      .filter((a) => a.payee === payee && a.plan === plan.id && a.periodName === period.name)
      .map((a) => ({ units: this.roundMoney(a.amount, plan.currency), reason: a.reason }));
    if (adjustments.length > 0) this.trace('adjustment');
    let before = 0n;
    for (const c of core.components) before += c.earned;
    for (const c of clawbacks) before += c.units;
    for (const a of adjustments) before += a.units;

    let payout = before;
    let drawPaid = 0n;
    let recovered = 0n;
    let balance = 0n;
    if (plan.draw !== undefined) {
      const d = this.roundMoney(plan.draw.amount.mul(core.f), plan.currency);
      if (!plan.draw.recoverable) {
        if (before < d) {
          this.trace('non-recoverable draw tops up');
          payout = d;
          drawPaid = d - before;
        }
      } else {
        // balance carried from the previous result of this payee and plan in the same fiscal year
        const fy = periodContaining('year', period.start, this.ws.settings.fys);
        let prev = 0n;
        for (const p of periodsInside(plan.kind, fy, this.ws.settings.fys)) {
          if (p.start >= period.start) break;
          if (assignedIn(this.ws.assignments, payee, plan.id, p)) prev = this.full(payee, plan, p).balance;
        }
        balance = prev;
        if (prev > 0n) this.trace('recoverable draw, balance carried');
        if (before < d) {
          payout = d;
          drawPaid = d - before;
          balance += d - before;
        } else {
          recovered = balance < before - d ? balance : before - d;
          if (recovered > 0n) this.trace('recoverable draw, recovered');
          payout = before - recovered;
          balance -= recovered;
        }
      }
    }
    const full: Full = { core, clawbacks, adjustments, drawPaid, recovered, balance, payout };
    this.fullMemo.set(key, full);
    return full;
  }

  // ------------------------------------------------------------ output

  private fmtMoney(units: bigint, currency: string): string {
    return formatUnits(units, this.scale(currency));
  }

  private fmtPlain(x: Rat): string {
    if (x.isTerminating()) return x.toExactDecimal();
    return formatUnits(x.roundToUnits(10, 'half_even'), 10);
  }

  private fmtMeasure(x: Rat, m: Measure, currency: string): string {
    return m.money ? this.fmtMoney(this.roundMoney(x, currency), currency) : this.fmtPlain(x);
  }

  private render(full: Full, summary: boolean): Record<string, unknown> {
    const { core } = full;
    const cur = core.plan.currency;
    const measures: Record<string, string> = {};
    const quotas: Record<string, string> = {};
    const attainment: Record<string, string> = {};
    for (const m of core.plan.measures) {
      const v = core.measures.get(m.name) ?? Rat.ZERO;
      measures[m.name] = this.fmtMeasure(v, m, cur);
    }
    for (const m of core.plan.measures) {
      const q = core.quotas.get(m.name);
      if (q === undefined) continue;
      quotas[m.name] = this.fmtMeasure(q, m, cur);
    }
    for (const m of core.plan.measures) {
      const q = core.quotas.get(m.name);
      if (q === undefined) continue;
      attainment[m.name] = this.fmtPlain((core.measures.get(m.name) ?? Rat.ZERO).div(q));
    }
    const components = core.components.map((c) => {
      const out: Record<string, unknown> = {
        id: c.component.id,
        earned: this.fmtMoney(c.earned, cur),
        uncapped: this.fmtMoney(c.uncapped, cur),
      };
      if (!summary) {
        out['lines'] = c.lines.map((l) =>
          l.txn === undefined
            ? { amount: this.fmtMoney(l.units, cur) }
            : { transaction: l.txn.id, amount: this.fmtMoney(l.units, cur) },
        );
      }
      return out;
    });
    return {
      payee: core.payee,
      plan: core.plan.id,
      period: core.period.name,
      currency: cur,
      measures,
      quotas,
      attainment,
      components,
      clawbacks: full.clawbacks.map((c) => ({
        transaction: c.txn.id,
        component: c.component,
        amount: this.fmtMoney(c.units, cur),
      })),
      adjustments: full.adjustments.map((a) => ({ amount: this.fmtMoney(a.units, cur), reason: a.reason })),
      draw: {
        paid: this.fmtMoney(full.drawPaid, cur),
        recovered: this.fmtMoney(full.recovered, cur),
        balance: this.fmtMoney(full.balance, cur),
      },
      payout: this.fmtMoney(full.payout, cur),
    };
  }

  run(options: CalcOptions): { ok: true; output: unknown } | { ok: false; problems: string[] } {
    const fys = this.ws.settings.fys;
    const selected = parsePeriod(options.period, fys);
    if (selected === undefined) return { ok: false, problems: [`--period: bad period ${options.period}`] };
    if (options.payee !== undefined && !this.ws.payees.has(options.payee)) {
      return { ok: false, problems: [`--payee: unknown payee ${options.payee}`] };
    }
    const summary = options.summary === true;
    const payees = [...this.ws.payees.keys()]
      .filter((p) => options.payee === undefined || p === options.payee)
      .sort(compareText);
    const results: unknown[] = [];
    // Ordered like results (payee, plan, period), then by transaction (date, id) and component.
    const unapplied: { key: [string, string, number, number, string, number]; entry: unknown }[] = [];
    for (const payee of payees) {
      for (const plan of this.plansById) {
        for (const period of periodsInside(plan.kind, selected, fys)) {
          if (!assignedIn(this.ws.assignments, payee, plan.id, period)) continue;
          results.push(this.render(this.full(payee, plan, period), summary));
        }
      }
    }
    for (const payee of payees) {
      for (const t of this.txns) {
        if (!t.cancelled || t.cancelDate === undefined) continue;
        if (t.cancelDate < selected.start || t.cancelDate > selected.end) continue;
        const origin = this.clawbackOrigin(payee, t);
        if (origin === undefined) continue;
        if (this.destination(payee, origin.plan, t.cancelDate) !== 'unapplied') continue;
        const original = this.core(payee, origin.plan, origin.period);
        for (const [ci, comp] of original.components.entries()) {
          for (const line of comp.lines) {
            if (line.txn !== t) continue;
            this.trace('unapplied');
            unapplied.push({ key: [payee, origin.plan.id, origin.period.start, t.date, t.id, ci], entry: {
              payee,
              plan: origin.plan.id,
              period: origin.period.name,
              transaction: t.id,
              component: comp.component.id,
              amount: this.fmtMoney(-line.units, origin.plan.currency),
            } });
          }
        }
      }
    }
    unapplied.sort((x, y) => {
      const [a, b] = [x.key, y.key];
      return compareText(a[0], b[0]) || compareText(a[1], b[1]) || a[2] - b[2] || a[3] - b[3] || compareText(a[4], b[4]) || a[5] - b[5];
    });
    return { ok: true, output: { period: options.period, results, unapplied: unapplied.map((u) => u.entry) } };
  }
}
