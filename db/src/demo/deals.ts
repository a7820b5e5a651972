import type { Day } from '@prestasi/engine';
import { DEMO_CALENDAR, formatDay, workingDays } from './calendar.js';
import { formatCents } from './money.js';
import type { DemoRandom } from './prng.js';
import type { Team } from './roster.js';

export type Currency = 'MYR' | 'USD' | 'SGD';
export type Product = 'CORE' | 'ANALYTICS' | 'PRO';
type DealType = 'new' | 'upsell' | 'renewal';

/** List prices per seat, in whole units of each currency. */
const PRICES: Readonly<Record<Currency, Readonly<Record<Product, number>>>> = {
  MYR: { CORE: 1200, ANALYTICS: 1650, PRO: 1995 },
  USD: { CORE: 270, ANALYTICS: 370, PRO: 450 },
  SGD: { CORE: 360, ANALYTICS: 495, PRO: 600 },
};

const SGD_CUSTOMERS = ['Jurong Components Pte Ltd', 'Changi Freight Services Pte Ltd', 'Orchard Lifestyle Pte Ltd', 'Tampines Care Group Pte Ltd', 'Raffles Learning Pte Ltd'];
const USD_CUSTOMERS = ['Harbor Point Semiconductors Inc', 'Bluegrass Logistics LLC', 'Cascade Medical Devices Inc', 'Redwood Data Systems Inc'];

export interface Row {
  readonly kind: 'deal' | 'meeting';
  readonly date: Day;
  readonly amount: string;
  readonly currency: Currency | '';
  readonly owner: string;
  readonly splits: string;
  readonly quantity: string;
  readonly type: string;
  readonly product: string;
  readonly region: string;
  readonly source: string;
  readonly customer: string;
  status: '' | 'cancelled';
  cancelDate: string;
}

/** Who a deal can be shared with: the seller's teammates who are AEs on that day. */
export type Teammates = (day: Day) => readonly string[];

export interface AeMonth {
  readonly ae: string;
  readonly team: Team;
  readonly month: number;
  /** The first day the AE sells (a mid-month hire or promotion starts later). */
  readonly notBefore: Day;
  /** What the AE books this month in new and upsell business, in ringgit at list price. */
  readonly target: number;
  /** Month index from which PRO is on sale. */
  readonly proFrom: number;
  readonly teammates: Teammates;
}

/** One AE's deals in one month: new and upsell deals until the month's target is reached, and renewals beside them. */
export function aeDeals(rng: DemoRandom, m: AeMonth): Row[] {
  const days = workingDays(m.month, m.notBefore);
  if (days.length === 0) return [];
  const rows: Row[] = [];
  let booked = 0;
  // Bounded, so that a tiny target still stops.
  for (let n = 0; booked < m.target && n < 40; n++) {
    const type = rng.weighted<DealType>([['new', 50], ['upsell', 30], ['renewal', 20]]);
    const product = rng.weighted<Product>(m.month >= m.proFrom ? [['CORE', 50], ['ANALYTICS', 30], ['PRO', 20]] : [['CORE', 60], ['ANALYTICS', 40]]);
    const quantity = rng.weighted<[number, number]>([[[3, 10], 40], [[11, 25], 35], [[26, 45], 20], [[46, 80], 5]]);
    const seats = rng.between(quantity[0], quantity[1]);
    const discount = rng.pick([0, 0, 5, 10, 15, 20]);
    const currency = rng.weighted<Currency>([['USD', m.team.usdPerMille], ['SGD', m.team.sgdPerMille], ['MYR', 1000 - m.team.usdPerMille - m.team.sgdPerMille]]);
    const cents = seats * PRICES[currency][product] * (100 - discount);
    const date = rng.pick(days);
    let splits = '';
    if (type !== 'renewal' && rng.chance(70)) {
      const others = m.teammates(date).filter((id) => id !== m.ae);
      if (others.length > 0) {
        const [mine, theirs] = rng.pick([[50, 50], [60, 40], [70, 30]] as const);
        splits = `${m.ae}:${mine};${rng.pick(others)}:${theirs}`;
      }
    }
    rows.push({
      kind: 'deal',
      date,
      amount: formatCents(cents),
      currency,
      owner: splits === '' ? m.ae : '',
      splits,
      quantity: String(seats),
      type,
      product,
      region: currency === 'SGD' ? 'Singapore' : m.team.territory,
      source: type === 'renewal' ? 'existing' : rng.weighted(type === 'new' ? [['outbound', 35], ['inbound', 30], ['partner', 15], ['referral', 10], ['event', 10]] : [['existing', 60], ['inbound', 20], ['referral', 20]]),
      customer: rng.pick(currency === 'SGD' ? SGD_CUSTOMERS : currency === 'USD' ? USD_CUSTOMERS : m.team.customers),
      status: '',
      cancelDate: '',
    });
    if (type !== 'renewal') booked += (seats * PRICES.MYR[product] * (100 - discount)) / 100;
  }
  return rows;
}

/** A credit note: part of an earlier sale refunded, as a negative upsell. */
export function creditNote(rng: DemoRandom, ae: string, team: Team, month: number): Row {
  const seats = rng.between(2, 8);
  return {
    kind: 'deal',
    date: rng.pick(workingDays(month)),
    amount: formatCents(-seats * PRICES.MYR.CORE * 100),
    currency: 'MYR',
    owner: ae,
    splits: '',
    quantity: String(-seats),
    type: 'upsell',
    product: 'CORE',
    region: team.territory,
    source: 'credit-note',
    customer: rng.pick(team.customers),
    status: '',
    cancelDate: '',
  };
}

/** An SDR's qualified meetings in one month: amount 0, counted by the SDR plan. */
export function meetings(rng: DemoRandom, sdr: string, team: Team, month: number, count: number): Row[] {
  const days = workingDays(month);
  return Array.from({ length: count }, () => ({
    kind: 'meeting' as const,
    date: rng.pick(days),
    amount: '0',
    currency: '' as const,
    owner: sdr,
    splits: '',
    quantity: '',
    type: 'meeting',
    product: '',
    region: team.territory,
    source: rng.weighted([['outbound', 60], ['inbound', 25], ['event', 15]]),
    customer: rng.pick(team.customers),
    status: '' as const,
    cancelDate: '',
  }));
}

/** The three ways a deal is cancelled, as the spec's clawback rules tell them apart. */
export type Cancellation = 'same-quarter' | 'within-window' | 'after-window';

/**
 * Cancels a deal on a day no later than `last` (the end of the year of deals): in the quarter
 * it closed (it never counts), within the plans' 90-day clawback window but in a later quarter
 * (clawed back), or after the window (it stays paid). Returns false when no such day exists.
 */
export function cancel(rng: DemoRandom, row: Row, how: Cancellation, last: Day): boolean {
  const quarterEnd = DEMO_CALENDAR.containing('quarter', row.date).end;
  const [lo, hi] =
    how === 'same-quarter'
      ? [row.date + 1, Math.min(quarterEnd, last)]
      : how === 'within-window'
        ? [Math.max(quarterEnd + 1, row.date + 20), Math.min(row.date + 90, last)]
        : [row.date + 100, Math.min(row.date + 200, last)];
  if (lo > hi) return false;
  row.status = 'cancelled';
  row.cancelDate = formatDay(rng.between(lo, hi));
  return true;
}
