import { exactOrTen, FiscalCalendar, formatDay, parseDay, type Period, Rational } from '@prestasi/engine';
import { type Db, DomainError, exportWorkspace, localToday } from '@prestasi/db';
import { sees, type Visible } from '../auth/visibility.js';
import { formatMinor, moneyDigits, toMinor } from '../money.js';
import { loadOrThrow, resultsOf } from '../plans/compute.js';
import { parsePeriod } from '../periods.js';

export interface MeasureAttainment {
  readonly measure: string;
  readonly value: string;
  readonly quota: string;
  readonly attainment: string;
  /** Attainment below the share of the period elapsed. */
  readonly behindPace: boolean;
}

export interface AttainmentRow {
  readonly payee: string;
  readonly name: string;
  readonly manager: string | null;
  readonly plan: string;
  readonly period: string;
  readonly currency: string;
  /** Components' earnings so far, before clawbacks, adjustments and draw. */
  readonly earned: string;
  readonly payout: string;
  readonly measures: MeasureAttainment[];
  readonly behindPace: boolean;
}

export interface TeamAttainment {
  readonly today: string;
  /** Each period shown, with the share of it elapsed by today (0 before it starts, 1 once it ended). */
  readonly periods: { readonly period: string; readonly start: string; readonly end: string; readonly elapsed: string }[];
  readonly payees: AttainmentRow[];
}

export interface TeamRequest {
  readonly visible: Visible;
  /** Default: the period of each plan's kind that holds today. */
  readonly period?: string | undefined;
  /** Only this payee and those below them (a drill-down). */
  readonly payee?: string | undefined;
  readonly today?: string | undefined;
}

/**
 * Attainment of the payees the caller sees, from the engine on the current data: each measure
 * with a quota against it, what they earned so far, and whether they are behind pace, i.e.
 * their attainment is below the share of the period elapsed by today.
 */
export async function teamAttainment(db: Db, request: TeamRequest): Promise<TeamAttainment> {
  const today = request.today ?? localToday();
  const day = parseDay(today)!;
  const workspace = loadOrThrow(await exportWorkspace(db));
  const { payees, plans, settings } = workspace.input;
  const calendar = new FiscalCalendar(settings.fiscalYearStart);
  if (request.payee !== undefined && !(payees.some((p) => p.id === request.payee) && sees(request.visible, request.payee))) {
    throw new DomainError('NOT_FOUND', `no payee ${request.payee}`);
  }
  const below = request.payee === undefined ? undefined : subtree(payees, request.payee);
  const periods: Period[] = request.period !== undefined ? [parsePeriod(calendar, request.period)] : [...new Set(plans.map((p) => p.period))].map((kind) => calendar.containing(kind, day));
  const elapsed = new Map(periods.map((p) => [p.label, elapsedShare(p, day)]));
  const index = new Map(payees.map((p, i) => [p.id, i]));
  const rows: AttainmentRow[] = [];
  for (const period of periods) {
    for (const r of resultsOf(workspace, { period: period.label })) {
      if (!sees(request.visible, r.payee) || (below && !below.has(r.payee))) continue;
      const share = elapsed.get(period.label) ?? elapsedShare(calendar.parse(r.period)!, day);
      const measures = Object.entries(r.attainment).map(([measure, attainment]) => ({
        measure,
        value: r.measures[measure] ?? '',
        quota: r.quotas[measure] ?? '',
        attainment,
        behindPace: Rational.parse(attainment)!.lt(share),
      }));
      const digits = moneyDigits(r.currency);
      const payee = payees[index.get(r.payee)!]!;
      rows.push({
        payee: r.payee,
        name: payee.name,
        manager: payee.manager < 0 ? null : payees[payee.manager]!.id,
        plan: r.plan,
        period: r.period,
        currency: r.currency,
        earned: formatMinor(r.components.reduce((sum, c) => sum + toMinor(c.earned, digits), 0n), digits),
        payout: r.payout,
        measures,
        behindPace: measures.some((m) => m.behindPace),
      });
    }
  }
  rows.sort((a, b) => (a.payee === b.payee ? (a.plan < b.plan ? -1 : 1) : a.payee < b.payee ? -1 : 1));
  return {
    today,
    periods: periods.map((p) => ({ period: p.label, start: formatDay(p.start), end: formatDay(p.end), elapsed: exactOrTen(elapsed.get(p.label)!) })),
    payees: rows,
  };
}

/** Days of the period up to and including today, over its days; 0 before it, 1 after it. */
function elapsedShare(period: Period, day: number): Rational {
  const total = BigInt(period.end - period.start + 1);
  const done = BigInt(Math.min(Math.max(day - period.start + 1, 0), period.end - period.start + 1));
  return Rational.of(done, total);
}

/** The payee and everyone below them, by the manager lines the engine uses. */
function subtree(payees: readonly { readonly id: string; readonly manager: number }[], root: string): Set<string> {
  const inside = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of payees) {
      if (p.manager >= 0 && inside.has(payees[p.manager]!.id) && !inside.has(p.id)) {
        inside.add(p.id);
        grew = true;
      }
    }
  }
  return inside;
}
