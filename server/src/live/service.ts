import type { FiscalCalendar } from '@prestasi/engine';
import { type Db, lastLiveEventId, type LiveResult, liveTotals, liveYears, readLiveResults } from '@prestasi/db';
import { sees, type Visible } from '../auth/visibility.js';
import { fiscalCalendar, overlaps, parsePeriod } from '../periods.js';
import type { LiveHub } from './hub.js';

/** The labels of every month, quarter and year overlapping `label` (all in its fiscal year). */
function overlapping(calendar: FiscalCalendar, label: string): { year: string; periods: string[] } {
  const period = parsePeriod(calendar, label);
  const year = calendar.fiscalYearOf(period.start);
  const periods = (['month', 'quarter', 'year'] as const).flatMap((kind) => calendar.inside(kind, year).filter((p) => overlaps(p, period)).map((p) => p.label));
  return { year: year.label, periods };
}

/**
 * Brings the live results of `label`'s fiscal year up to date (keeping the year live from now
 * on): the periods overlapping it, and what a reader of their results needs besides.
 */
async function upToDate(db: Db, hub: LiveHub, label: string) {
  const calendar = await fiscalCalendar(db);
  const { year, periods } = overlapping(calendar, label);
  await hub.update({ keep: [year] });
  // Read before the results: a stream opened from it may repeat a change, never miss one.
  const lastEventId = await lastLiveEventId(db);
  const problems = (await liveYears(db)).get(year) ?? [];
  return { periods, lastEventId, problems };
}

/** The live results of the periods overlapping `label` that the caller may see, with names. */
async function current(db: Db, hub: LiveHub, label: string, payees: Visible | undefined) {
  const { periods, lastEventId, problems } = await upToDate(db, hub, label);
  const rows = await readLiveResults(db, { periods, ...payeeFilter(payees) });
  const names = await payeeNames(db, rows);
  return { lastEventId, rows, names, problems };
}

function payeeFilter(payees: Visible | undefined): { payees?: readonly string[] } {
  return payees === undefined || payees === 'all' ? {} : { payees: [...payees] };
}

/**
 * What the live results `liveResults` gives add up to, without the results: the payouts per
 * currency, exactly, and how many results there are, have a quota and reach it. Finance's runs
 * page shows it for every payee, refetched as deals land.
 */
export async function liveTotalsOf(db: Db, hub: LiveHub, label: string, visible: Visible) {
  const { periods, lastEventId, problems } = await upToDate(db, hub, label);
  const totals = await liveTotals(db, { periods, ...payeeFilter(visible) });
  const count = (field: 'results' | 'withQuota' | 'atQuota') => totals.reduce((n, t) => n + t[field], 0);
  return {
    period: label,
    lastEventId,
    problems,
    results: count('results'),
    withQuota: count('withQuota'),
    atQuota: count('atQuota'),
    payouts: totals.map((t) => ({ currency: t.currency, amount: t.payout })),
  };
}

async function payeeNames(db: Db, rows: readonly LiveResult[]): Promise<Map<string, string>> {
  const ids = [...new Set(rows.map((r) => r.payee))];
  if (ids.length === 0) return new Map();
  const found = await db.selectFrom('payees').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(found.map((p) => [p.id, p.name]));
}

type Texts = Record<string, string>;

export async function liveResults(db: Db, hub: LiveHub, label: string, visible: Visible) {
  const { lastEventId, rows, names, problems } = await current(db, hub, label, visible);
  return {
    period: label,
    lastEventId,
    problems,
    results: rows.map((r) => {
      const result = r.result as { measures?: Texts; quotas?: Texts; attainment?: Texts };
      return {
        payee: r.payee,
        name: names.get(r.payee) ?? r.payee,
        plan: r.plan,
        period: r.period,
        currency: r.currency,
        earned: r.earned,
        payout: r.payout,
        attainment: r.attainment,
        measures: result.measures ?? {},
        quotas: result.quotas ?? {},
        attainments: result.attainment ?? {},
      };
    }),
  };
}

/**
 * One board per plan and period: everyone on it ranked by attainment and by earned. A caller is
 * shown the boards of the plans they (or, for a manager, their team) are on, with names, ranks and
 * attainment of all, and amounts only of those whose pay they may see.
 */
export async function leaderboards(db: Db, hub: LiveHub, label: string, visible: Visible, top?: number) {
  const { rows, names } = await current(db, hub, label, undefined);
  const groups = new Map<string, LiveResult[]>();
  for (const r of rows) {
    const k = `${r.plan}\u0000${r.period}`;
    let list = groups.get(k);
    if (!list) groups.set(k, (list = []));
    list.push(r);
  }
  const boards = [];
  for (const list of groups.values()) {
    if (visible !== 'all' && !list.some((r) => visible.has(r.payee))) continue;
    const byAttainment = ranks(list, (r) => (r.attainment === null ? null : r.attainment));
    const byEarned = ranks(list, (r) => r.earned);
    const ranked = [...list].sort(
      (a, b) => byAttainment.get(a)! - byAttainment.get(b)! || byEarned.get(a)! - byEarned.get(b)! || (a.payee < b.payee ? -1 : 1),
    );
    boards.push({
      plan: list[0]!.plan,
      period: list[0]!.period,
      currency: list[0]!.currency,
      size: list.length,
      // With `top`, the first `top` and the caller's own people (a rep: themselves; a manager: their team).
      entries: (top === undefined ? ranked : ranked.filter((r, i) => i < top || (visible !== 'all' && visible.has(r.payee))))
        .map((r) => ({
          payee: r.payee,
          name: names.get(r.payee) ?? r.payee,
          rank: byAttainment.get(r)!,
          rankByEarned: byEarned.get(r)!,
          attainment: r.attainment,
          earned: sees(visible, r.payee) ? r.earned : null,
        })),
    });
  }
  boards.sort((a, b) => (a.plan === b.plan ? (a.period < b.period ? -1 : 1) : a.plan < b.plan ? -1 : 1));
  return { period: label, boards };
}

/** Competition ranks (1, 2, 2, 4), highest decimal first, no value last. */
function ranks(list: readonly LiveResult[], value: (r: LiveResult) => string | null): Map<LiveResult, number> {
  const sorted = [...list].sort((a, b) => compareDecimals(value(b), value(a)));
  const out = new Map<LiveResult, number>();
  sorted.forEach((r, i) => {
    const prev = sorted[i - 1];
    out.set(r, prev !== undefined && compareDecimals(value(prev), value(r)) === 0 ? out.get(prev)! : i + 1);
  });
  return out;
}

/** Exact order of two decimal strings; null below everything. */
export function compareDecimals(a: string | null, b: string | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  const [ai, af = ''] = a.replace(/^-/, '').split('.');
  const [bi, bf = ''] = b.replace(/^-/, '').split('.');
  const scale = Math.max(af.length, bf.length);
  const x = BigInt((a.startsWith('-') ? '-' : '') + ai + af.padEnd(scale, '0'));
  const y = BigInt((b.startsWith('-') ? '-' : '') + bi + bf.padEnd(scale, '0'));
  return x < y ? -1 : x > y ? 1 : 0;
}
