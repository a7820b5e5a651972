import { describe, expect, it } from 'vitest';
import { explanationParts, translateExplanation } from './explanations';

// Explanations as the engine writes them (engine/src/components.ts), from the demo's statements.
const CASES = [
  {
    en: 'SO-01628 on 2026-07-01: bookings 0.00 → 52800.00: 52800.00 × 2% (tier 1) = 1056.00',
    ms: 'SO-01628 pada 2026-07-01: bookings 0.00 → 52800.00: 52800.00 × 2% (peringkat 1) = 1056.00',
    parts: { deal: 'SO-01628', date: '2026-07-01', tiers: [{ tier: 1, rate: '2%' }], capped: false },
  },
  {
    en: 'SO-01846 on 2026-08-05: bookings 204928.45 → 258793.45: 31571.55 × 2% (tier 1) = 631.43 + 22293.45 × 5% (tier 2) = 1114.67 = 1746.10',
    ms: 'SO-01846 pada 2026-08-05: bookings 204928.45 → 258793.45: 31571.55 × 2% (peringkat 1) = 631.43 + 22293.45 × 5% (peringkat 2) = 1114.67 = 1746.10',
    parts: { deal: 'SO-01846', date: '2026-08-05', tiers: [{ tier: 1, rate: '2%' }, { tier: 2, rate: '5%' }], capped: false },
  },
  {
    en: 'graduated tiers on bookings (quota 473000.00): tier 1 [0, 1) at 2%, tier 2 [1, ∞) at 5%; 636066.51 in total; capped at 40000.00 (uncapped 41234.10)',
    ms: 'peringkat berperingkat bagi bookings (kuota 473000.00): peringkat 1 [0, 1) pada kadar 2%, peringkat 2 [1, ∞) pada kadar 5%; 636066.51 keseluruhannya; dihadkan pada 40000.00 (tanpa had 41234.10)',
    parts: { tiers: [], capped: true },
  },
  {
    en: 'attainment 1.34 of bookings reaches the step at 1: 3000.00',
    ms: 'pencapaian 1.34 bagi bookings mencapai langkah pada 1: 3000.00',
    parts: { tiers: [], capped: false },
  },
  {
    en: 'reverses commission line of SO-00912 (2026-02-11, 2026-Q1, plan ae) cancelled on 2026-04-02',
    ms: 'membalikkan baris commission bagi SO-00912 (2026-02-11, 2026-Q1, pelan ae) dibatalkan pada 2026-04-02',
    parts: { tiers: [], capped: false },
  },
];

describe('explanations', () => {
  it.each(CASES)('$en', ({ en, ms, parts }) => {
    expect(translateExplanation(en, 'en')).toBe(en);
    expect(translateExplanation(en, 'ms')).toBe(ms);
    expect(explanationParts(en)).toEqual(parts);
  });
});
