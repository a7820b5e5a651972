import { calcFromFiles, loadWorkspace } from '@prestasi/workspace';
import { describe, expect, it } from 'vitest';
import { generateDemo } from './generate.js';
import { DEMO_MANAGER, DEMO_REP } from './roster.js';

const decoder = new TextDecoder();
const text = (files: ReadonlyMap<string, Uint8Array>, path: string) => decoder.decode(files.get(path));
const csv = (files: ReadonlyMap<string, Uint8Array>, path: string) => {
  const [header, ...lines] = text(files, path).trimEnd().split('\n');
  const columns = header!.split(',');
  // The demo's cells hold no quoted commas except customer names, which the tests do not read.
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [columns[i]!, cell])));
};

describe('generateDemo', () => {
  const demo = generateDemo({ today: '2026-05-20' });

  it('covers the twelve full months before today', () => {
    expect(demo).toMatchObject({ from: '2025-05-01', to: '2026-04-30', manager: DEMO_MANAGER, rep: DEMO_REP });
    expect(demo.months).toEqual(['2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04']);
    expect(demo.quarters).toEqual(['2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2']);
  });

  it('is the same bytes for any day of one month, and moves with the month', () => {
    expect(generateDemo({ today: '2026-05-01' }).files).toEqual(demo.files);
    expect(generateDemo({ today: '2026-05-31' }).files).toEqual(demo.files);
    expect(generateDemo({ today: '2026-06-01' }).files.get('transactions.csv')).not.toEqual(demo.files.get('transactions.csv'));
  });

  it('has the shape the issue asks for: 40 payees, 2 regions, 5 teams, 3 levels of management', () => {
    const payees = csv(demo.files, 'payees.csv');
    expect(payees).toHaveLength(40);
    expect(new Set(payees.map((p) => p['team']).filter((t) => t !== ''))).toEqual(
      new Set(['central-enterprise', 'central-commercial', 'central-public-sector', 'northern-penang', 'northern-perak']),
    );
    expect(payees.every((p) => p['email'] === `${p['id']}@demo.prestasi.my`)).toBe(true);
    const managerOf = new Map(payees.map((p) => [p['id']!, p['manager']!]));
    const depth = (id: string): number => (managerOf.get(id) === '' ? 0 : 1 + depth(managerOf.get(id)!));
    const reports = (id: string) => payees.filter((p) => p['manager'] === id).map((p) => p['id']);
    expect(payees.map((p) => depth(p['id']!)).sort()).toEqual([0, 1, 1, ...Array<number>(5).fill(2), ...Array<number>(32).fill(3)]);
    expect(reports(DEMO_MANAGER).length).toBeGreaterThanOrEqual(5);
    expect(managerOf.get(DEMO_REP)).toBe(DEMO_MANAGER);
    expect(depth(DEMO_MANAGER)).toBe(2);
  });

  it('has splits, cancellations in and outside the clawback window, USD and SGD deals, and their rates', () => {
    const rows = csv(demo.files, 'transactions.csv');
    const deals = rows.filter((r) => r['type'] !== 'meeting');
    expect(deals.length).toBeGreaterThan(1000);
    expect(rows.length - deals.length).toBeGreaterThan(500);
    expect(deals.filter((r) => r['splits'] !== '').length).toBeGreaterThan(20);
    expect(new Set(deals.map((r) => r['currency']))).toEqual(new Set(['MYR', 'USD', 'SGD']));
    const days = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 86_400_000;
    const cancelled = deals.filter((r) => r['status'] === 'cancelled');
    expect(cancelled.filter((r) => days(r['date']!, r['cancel_date']!) <= 90).length).toBeGreaterThan(10);
    expect(cancelled.filter((r) => days(r['date']!, r['cancel_date']!) > 90).length).toBeGreaterThan(5);
    expect(cancelled.every((r) => r['cancel_date']! <= demo.to)).toBe(true);
    expect(deals.some((r) => r['amount']!.startsWith('-'))).toBe(true);
    expect(text(demo.files, 'fx.csv')).toMatch(/^2025-05-01,USD,\d\.\d{4}$/m);
  });

  it('is a valid workspace on which every month and quarter computes, with clawbacks and draws', () => {
    const loaded = loadWorkspace(demo.files);
    expect(loaded.ok ? loaded.warnings : loaded.problems).toEqual([]);
    let clawbacks = 0;
    let drawsPaid = 0;
    for (const period of [...demo.months, ...demo.quarters, '2025', '2026']) {
      const outcome = calcFromFiles(demo.files, { period, summary: true });
      expect(outcome.ok ? [] : outcome.problems, period).toEqual([]);
      if (!outcome.ok) continue;
      const output = outcome.output as { results: { clawbacks: unknown[]; draw: { paid: string } }[] };
      expect(output.results.length, period).toBeGreaterThan(0);
      clawbacks += output.results.reduce((n, r) => n + r.clawbacks.length, 0);
      drawsPaid += output.results.filter((r) => r.draw.paid !== '0.00').length;
    }
    expect(clawbacks).toBeGreaterThan(0);
    expect(drawsPaid).toBeGreaterThan(0);
  });

  it.each(['2024-03-01', '2025-01-15', '2027-12-31'])('stays valid for today = %s', (today) => {
    const other = generateDemo({ today });
    for (const period of other.quarters) {
      const outcome = calcFromFiles(other.files, { period, summary: true });
      expect(outcome.ok ? [] : outcome.problems, period).toEqual([]);
    }
  });
});
