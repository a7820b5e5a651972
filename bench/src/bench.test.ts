/**
 * Verifies the benchmark itself: the generator is deterministic and well-formed, and the DuckDB
 * SQL computes exactly what a straightforward TypeScript implementation of the plan computes
 * (exact decimals in bigint, half away from zero). When `prestasi calc` works, it is compared
 * too.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { duckdbPayouts, duckdbTotal } from './duckdb-calc.js';
import { REPO_ROOT, generateWorkspace } from './generate.js';
import { formatCents, parseCents } from './money.js';
import { PLAN, SETTINGS_YAML, planYaml } from './plan.js';
import { Mulberry32 } from './prng.js';
import { parsePeakRss, parseTimings, sumPayouts } from './calc-vs-duckdb.js';

// ---------------------------------------------------------------------------------------------
// A tiny exact decimal: value = n / 10^s.

class Dec {
  constructor(
    readonly n: bigint,
    readonly s: number,
  ) {}

  static of(text: string): Dec {
    const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
    if (m === null) throw new Error(`bad decimal ${text}`);
    const frac = m[3] ?? '';
    const n = BigInt(`${m[2] ?? '0'}${frac}`);
    return new Dec(m[1] === '-' ? -n : n, frac.length);
  }

  static readonly ZERO = new Dec(0n, 0);

  private at(s: number): bigint {
    return this.n * 10n ** BigInt(s - this.s);
  }

  add(o: Dec): Dec {
    const s = Math.max(this.s, o.s);
    return new Dec(this.at(s) + o.at(s), s);
  }

  sub(o: Dec): Dec {
    const s = Math.max(this.s, o.s);
    return new Dec(this.at(s) - o.at(s), s);
  }

  mul(o: Dec): Dec {
    return new Dec(this.n * o.n, this.s + o.s);
  }

  cmp(o: Dec): number {
    const s = Math.max(this.s, o.s);
    const a = this.at(s);
    const b = o.at(s);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  /** Rounded to cents, half away from zero. */
  cents(): bigint {
    if (this.s <= 2) return this.at(2);
    const div = 10n ** BigInt(this.s - 2);
    const abs = this.n < 0n ? -this.n : this.n;
    const q = (abs * 2n + div) / (2n * div);
    return this.n < 0n ? -q : q;
  }
}

const min = (a: Dec, b: Dec): Dec => (a.cmp(b) <= 0 ? a : b);

// ---------------------------------------------------------------------------------------------
// Reading a workspace (the generated files: no quoting, so a plain split is enough).

function readCsv(dir: string, file: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(join(dir, file), 'utf8').split('\n').filter((l) => l !== '');
  const cols = (header ?? '').split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    if (cells.length !== cols.length) throw new Error(`${file}: bad row ${line}`);
    return Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? '']));
  });
}

function field(row: Record<string, string>, name: string): string {
  const v = row[name];
  if (v === undefined) throw new Error(`missing column ${name}`);
  return v;
}

/** The plan computed the plain way: per payee, payout in cents (commission + bonus, each rounded). */
function reference(dir: string): Map<string, { bookings: Dec; commission: bigint; bonus: bigint; payout: bigint }> {
  const windows = new Map<string, { lo: string; hi: string }>();
  for (const a of readCsv(dir, 'assignments.csv')) {
    if (field(a, 'plan') !== PLAN.id) continue;
    const from = field(a, 'from');
    const to = field(a, 'to') === '' ? PLAN.periodEnd : field(a, 'to');
    if (from > PLAN.periodEnd || to < PLAN.periodStart) continue;
    windows.set(field(a, 'payee'), {
      lo: from > PLAN.periodStart ? from : PLAN.periodStart,
      hi: to < PLAN.periodEnd ? to : PLAN.periodEnd,
    });
  }
  const quotas = new Map<string, Dec>();
  for (const q of readCsv(dir, 'quotas.csv')) {
    if (field(q, 'period') === PLAN.period && field(q, 'measure') === PLAN.measure) {
      quotas.set(field(q, 'payee'), Dec.of(field(q, 'amount')));
    }
  }
  // Credits per payee, in (date, id) order.
  const credits = new Map<string, { date: string; id: string; amount: Dec }[]>();
  for (const t of readCsv(dir, 'transactions.csv')) {
    const owner = field(t, 'owner');
    const w = windows.get(owner);
    const date = field(t, 'date');
    if (w === undefined || date < w.lo || date > w.hi) continue;
    if (!PLAN.types.includes(field(t, 'type'))) continue;
    const list = credits.get(owner) ?? [];
    list.push({ date, id: field(t, 'id'), amount: Dec.of(field(t, 'amount')) });
    credits.set(owner, list);
  }

  const tiers = PLAN.commission.tiers;
  const firstRate = Dec.of(tiers[0]?.rate ?? '0');
  const cap = Dec.of(PLAN.commission.cap);
  const out = new Map<string, { bookings: Dec; commission: bigint; bonus: bigint; payout: bigint }>();
  for (const payee of windows.keys()) {
    const quota = quotas.get(payee);
    if (quota === undefined) throw new Error(`no quota for ${payee}`);
    // The graduated earnings function f of the spec.
    const f = (x: Dec): Dec => {
      if (x.cmp(Dec.ZERO) < 0) return x.mul(firstRate);
      let total = Dec.ZERO;
      let lo = Dec.ZERO;
      for (const tier of tiers) {
        const hi = tier.to === undefined ? undefined : Dec.of(tier.to).mul(quota);
        if (x.cmp(lo) <= 0) break;
        const top = hi === undefined ? x : min(x, hi);
        total = total.add(top.sub(lo).mul(Dec.of(tier.rate)));
        if (hi === undefined) break;
        lo = hi;
      }
      return total;
    };
    // Lines: f(running total after) − f(running total before), in (date, id) order.
    const list = (credits.get(payee) ?? []).sort((a, b) =>
      a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
    );
    let running = Dec.ZERO;
    let lines = Dec.ZERO;
    for (const c of list) {
      const after = running.add(c.amount);
      lines = lines.add(f(after).sub(f(running)));
      running = after;
    }
    const commission = (lines.cmp(cap) > 0 ? cap : lines).cents();
    let bonus = 0n;
    let bestAt: Dec | undefined;
    for (const step of PLAN.bonus.steps) {
      const at = Dec.of(step.at);
      if (running.cmp(at.mul(quota)) >= 0 && (bestAt === undefined || at.cmp(bestAt) > 0)) {
        bestAt = at;
        bonus = Dec.of(step.amount).cents();
      }
    }
    out.set(payee, { bookings: running, commission, bonus, payout: commission + bonus });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// prestasi calc: the product itself, which must agree with the SQL to the cent.

const PRESTASI_BIN = join(REPO_ROOT, 'node_modules', '.bin', 'prestasi');

function prestasiPayouts(dir: string): { total: bigint; payouts: Map<string, bigint>; results: number } {
  if (!existsSync(PRESTASI_BIN)) throw new Error(`${PRESTASI_BIN} is missing: run npm ci`);
  const r = spawnSync(process.execPath, [PRESTASI_BIN, 'calc', dir, '--period', PLAN.period, '--summary'], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (r.status !== 0 || r.stdout.trim() === '') {
    throw new Error(`prestasi calc failed (exit ${r.status}): ${r.stderr.split('\n').slice(0, 3).join(' | ')}`);
  }
  const s = sumPayouts(r.stdout);
  return { total: s.totalCents, payouts: s.payouts, results: s.results };
}

// ---------------------------------------------------------------------------------------------

const TMP = mkdtempSync(join(tmpdir(), 'prestasi-bench-test-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

describe('mulberry32', () => {
  it('is deterministic and roughly uniform', () => {
    const a = new Mulberry32(42);
    const b = new Mulberry32(42);
    const xs = Array.from({ length: 10_000 }, () => a.next());
    expect(xs).toEqual(Array.from({ length: 10_000 }, () => b.next()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
  });
});

describe('generator', () => {
  const dir = join(TMP, 'tiny');
  beforeAll(async () => {
    await generateWorkspace({ dir, payees: 20, transactions: 2_000, seed: 7 });
  });

  it('writes a well-formed tiny workspace', () => {
    expect(readFileSync(join(dir, 'prestasi.yaml'), 'utf8')).toBe(SETTINGS_YAML);
    expect(readFileSync(join(dir, 'plans', 'ae.yaml'), 'utf8')).toBe(planYaml());
    const payees = readCsv(dir, 'payees.csv');
    expect(payees).toHaveLength(20);
    expect(new Set(payees.map((p) => p['id'])).size).toBe(20);
    const ids = new Set(payees.map((p) => field(p, 'id')));
    const assignments = readCsv(dir, 'assignments.csv');
    expect(assignments.map((a) => field(a, 'payee'))).toEqual([...ids]);
    expect(assignments.every((a) => a['plan'] === 'ae' && a['from'] === '2026-01-01' && a['to'] === '2026-12-31')).toBe(true);
    const quotas = readCsv(dir, 'quotas.csv');
    expect(quotas.map((q) => field(q, 'payee'))).toEqual([...ids]);
    expect(quotas.every((q) => q['period'] === '2026-Q1' && parseCents(field(q, 'amount')) > 0n)).toBe(true);
    expect(new Set(quotas.map((q) => q['amount'])).size).toBeGreaterThan(10); // varied

    const header = readFileSync(join(dir, 'transactions.csv'), 'utf8').split('\n')[0];
    expect(header).toBe('id,date,amount,currency,owner,type,product');
    const tx = readCsv(dir, 'transactions.csv');
    expect(tx).toHaveLength(2_000);
    expect(tx[0]?.['id']).toBe('t0000001');
    expect(tx[1999]?.['id']).toBe('t0002000');
    expect(tx.every((t) => /^-?\d+\.\d\d$/.test(field(t, 'amount')))).toBe(true);
    expect(tx.every((t) => t['currency'] === 'MYR' && ids.has(field(t, 'owner')))).toBe(true);
    expect(tx.every((t) => field(t, 'date') >= '2026-01-01' && field(t, 'date') <= '2026-03-31')).toBe(true);
    const negatives = tx.filter((t) => field(t, 'amount').startsWith('-')).length;
    expect(negatives).toBeGreaterThan(20);
    expect(negatives).toBeLessThan(120);
    expect(new Set(tx.map((t) => t['type']))).toEqual(new Set(['new', 'upsell', 'renewal', 'services']));
  });

  it('is deterministic: same seed, same bytes; other seed, other data', async () => {
    const again = join(TMP, 'tiny-again');
    const other = join(TMP, 'tiny-other');
    await generateWorkspace({ dir: again, payees: 20, transactions: 2_000, seed: 7 });
    await generateWorkspace({ dir: other, payees: 20, transactions: 2_000, seed: 8 });
    for (const f of ['payees.csv', 'assignments.csv', 'quotas.csv', 'transactions.csv', 'plans/ae.yaml']) {
      expect(readFileSync(join(again, f), 'utf8'), f).toBe(readFileSync(join(dir, f), 'utf8'));
    }
    expect(readFileSync(join(other, 'transactions.csv'), 'utf8')).not.toBe(readFileSync(join(dir, 'transactions.csv'), 'utf8'));
  });

  it('DuckDB SQL equals the straightforward TypeScript computation, per payee and in total', async (ctx) => {
    const ref = reference(dir);
    const sql = await duckdbPayouts(dir);
    expect(sql.map((r) => r.payee)).toEqual([...ref.keys()].sort());
    for (const r of sql) {
      const e = ref.get(r.payee);
      expect({ payee: r.payee, bookings: r.bookingsCents, commission: r.commissionCents, bonus: r.bonusCents, payout: r.payoutCents }).toEqual({
        payee: r.payee,
        bookings: e?.bookings.cents(),
        commission: e?.commission,
        bonus: e?.bonus,
        payout: e?.payout,
      });
    }
    const refTotal = [...ref.values()].reduce((s, r) => s + r.payout, 0n);
    const total = await duckdbTotal(dir);
    expect(total.totalCents).toBe(refTotal);
    expect(total.payees).toBe(20);
    // The tiny workspace exercises every branch worth having: tiers above 1, both bonus steps, the cap.
    const values = [...ref.values()];
    expect(values.some((v) => v.bonus === 5000_00n)).toBe(true);
    expect(values.some((v) => v.bonus === 8000_00n)).toBe(true);
    expect(values.some((v) => v.bonus === 0n)).toBe(true);
    expect(values.some((v) => v.commission === parseCents(PLAN.commission.cap))).toBe(true);
    ctx.annotate(`tiny total ${formatCents(refTotal)} MYR`);
  });

  it('prestasi calc gives the same payouts', () => {
    const p = prestasiPayouts(dir);
    const ref = reference(dir);
    expect(p.results).toBe(ref.size);
    expect(Object.fromEntries([...p.payouts].map(([k, v]) => [k, formatCents(v)]))).toEqual(
      Object.fromEntries([...ref].map(([k, v]) => [k, formatCents(v.payout)])),
    );
    expect(p.total).toBe([...ref.values()].reduce((s, r) => s + r.payout, 0n));
  });
});

describe('edge cases', () => {
  // payee, quota, transactions (date, amount, type), expected payout worked out by hand.
  const cases: { payee: string; quota: string; tx: [string, string, string][]; payout: string; why: string }[] = [
    { payee: 'e01', quota: '100000', tx: [['2026-01-10', '-1234.57', 'new']], payout: '-24.69', why: 'negative measure × first rate' },
    { payee: 'e02', quota: '100000', tx: [['2026-01-10', '0.25', 'upsell']], payout: '0.01', why: '0.005 rounds up' },
    { payee: 'e03', quota: '100000', tx: [['2026-01-10', '-0.25', 'new']], payout: '-0.01', why: '-0.005 rounds away from zero' },
    { payee: 'e04', quota: '1000', tx: [['2026-02-01', '1000.00', 'new']], payout: '5050.00', why: 'exactly at quota: step 1.0 reached' },
    { payee: 'e05', quota: '1000', tx: [['2026-02-01', '1200.00', 'new']], payout: '8074.00', why: 'exactly 1.2: step 1.2 reached' },
    { payee: 'e06', quota: '1000', tx: [['2026-02-01', '1199.99', 'new']], payout: '5074.00', why: '73.9988 rounds; step 1.0 only' },
    { payee: 'e07', quota: '100000', tx: [['2026-03-01', '1000000.00', 'new']], payout: '68000.00', why: '138,500 capped at 60,000' },
    { payee: 'e08', quota: '5000', tx: [], payout: '0.00', why: 'no transactions' },
    { payee: 'e09', quota: '1234.57', tx: [['2026-03-02', '1851.86', 'upsell']], payout: '8135.80', why: 'quota with cents: 135.80345' },
    {
      payee: 'e10',
      quota: '10000',
      tx: [
        ['2025-12-31', '5000.00', 'new'],
        ['2026-04-01', '5000.00', 'new'],
        ['2026-02-01', '5000.00', 'renewal'],
        ['2026-01-01', '999.00', 'services'],
        ['2026-03-31', '100.00', 'new'],
      ],
      payout: '2.00',
      why: 'only in-period new/upsell counts',
    },
    {
      payee: 'e11',
      quota: '2000',
      tx: [
        ['2026-01-05', '-500.00', 'new'],
        ['2026-01-06', '3000.00', 'upsell'],
      ],
      payout: '8160.00',
      why: 'running total negative, then above 1.2',
    },
    { payee: 'e12', quota: '1000', tx: [['2026-01-07', '500.00', 'new']], payout: '10.00', why: 'exactly at the first bound' },
  ];
  const dir = join(TMP, 'edge');
  beforeAll(() => {
    mkdirSync(join(dir, 'plans'), { recursive: true });
    writeFileSync(join(dir, 'prestasi.yaml'), SETTINGS_YAML);
    writeFileSync(join(dir, 'plans', 'ae.yaml'), planYaml());
    writeFileSync(join(dir, 'payees.csv'), `id,name,email,team\n${cases.map((c) => `${c.payee},Edge ${c.payee},,edge\n`).join('')}`);
    writeFileSync(
      join(dir, 'assignments.csv'),
      `payee,plan,from,to\n${cases.map((c) => `${c.payee},ae,2026-01-01,${c.payee === 'e10' ? '' : '2026-12-31'}\n`).join('')}`,
    );
    writeFileSync(join(dir, 'quotas.csv'), `payee,period,measure,amount\n${cases.map((c) => `${c.payee},2026-Q1,bookings,${c.quota}\n`).join('')}`);
    let n = 0;
    const rows = cases.flatMap((c) => c.tx.map(([date, amount, type]) => `x${String(++n).padStart(3, '0')},${date},${amount},MYR,${c.payee},${type},CORE\n`));
    writeFileSync(join(dir, 'transactions.csv'), `id,date,amount,currency,owner,type,product\n${rows.join('')}`);
  });

  it('hand-computed payouts = TypeScript reference = DuckDB SQL', async () => {
    const expected = Object.fromEntries(cases.map((c) => [c.payee, c.payout]));
    const ref = reference(dir);
    expect(Object.fromEntries([...ref].map(([k, v]) => [k, formatCents(v.payout)]))).toEqual(expected);
    const sql = await duckdbPayouts(dir);
    expect(Object.fromEntries(sql.map((r) => [r.payee, formatCents(r.payoutCents)]))).toEqual(expected);
    const total = await duckdbTotal(dir);
    expect(total.totalCents).toBe(cases.reduce((s, c) => s + parseCents(c.payout), 0n));
  });

  it('prestasi calc gives the same payouts', () => {
    const p = prestasiPayouts(dir);
    expect(Object.fromEntries([...p.payouts].map(([k, v]) => [k, formatCents(v)]))).toEqual(
      Object.fromEntries(cases.map((c) => [c.payee, c.payout])),
    );
  });
});

describe('money', () => {
  it('parses and formats cents exactly', () => {
    expect(parseCents('-0.05')).toBe(-5n);
    expect(parseCents('12')).toBe(1200n);
    expect(parseCents('12.3')).toBe(1230n);
    expect(formatCents(-5n)).toBe('-0.05');
    expect(formatCents(123456789n)).toBe('1234567.89');
    expect(() => parseCents('1.234')).toThrow();
    expect(() => parseCents('1e3')).toThrow();
  });

  it('sums prestasi payouts exactly', () => {
    const json = JSON.stringify({
      period: '2026-Q1',
      results: [
        { payee: 'a', plan: 'ae', currency: 'MYR', payout: '0.10' },
        { payee: 'b', plan: 'ae', currency: 'MYR', payout: '0.20' },
        { payee: 'c', plan: 'ae', currency: 'MYR', payout: '-0.05' },
      ],
    });
    expect(sumPayouts(json).totalCents).toBe(25n);
  });

  it.each([
    ['prestasi: timings (ms): start 70, load 413, calc 321, output 92\n', [['start', 70], ['load', 413], ['calc', 321], ['output', 92]]],
    ['a warning\nprestasi: timings (ms): start 5, load 1\n', [['start', 5], ['load', 1]]],
    ['', []],
    ['prestasi: timings (ms): start x\n', []],
  ])('reads the phases of %j', (stderr, phases) => {
    expect([...parseTimings(stderr)]).toEqual(phases);
  });

  it.each([
    ['prestasi: timings (ms): start 70, load 413\nprestasi: peak RSS (KiB): 123904\n', 123904],
    ['prestasi: timings (ms): start 70, load 413\n', Number.NaN],
    ['prestasi: peak RSS (KiB): x\n', Number.NaN],
  ])('reads the peak RSS of %j', (stderr, kib) => {
    expect(parsePeakRss(stderr)).toBe(kib);
  });
});
