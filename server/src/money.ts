import { formatScaled, minorUnits } from '@prestasi/engine';

/** Digits after the point of `currency`'s money: ISO 4217's minor unit, 2 where it gives none. */
export function moneyDigits(currency: string): number {
  return minorUnits(currency) ?? 2;
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * Decimal text (`-12.30`, a numeric from PostgreSQL) as a count of minor units. Money is only
 * ever added and subtracted here, so integers keep it exact; a value with more decimals than
 * the currency has is a bug upstream, not something to round away.
 */
export function toMinor(text: string, digits: number): bigint {
  const m = DECIMAL.exec(text);
  if (!m) throw new Error(`not a decimal: ${JSON.stringify(text)}`);
  const fraction = (m[3] ?? '').replace(/0+$/, '');
  if (fraction.length > digits) throw new Error(`${text} has more than ${digits} decimals`);
  const units = BigInt(`${m[2]}${fraction.padEnd(digits, '0')}`);
  return m[1] === '-' ? -units : units;
}

/** Minor units as money text with exactly the currency's digits, as `prestasi calc` prints it. */
export function formatMinor(units: bigint, digits: number): string {
  return formatScaled(units, digits);
}

/** Decimal text put in `currency`'s form: `1500` → `1500.00` for MYR. */
export function money(text: string, currency: string): string {
  const digits = moneyDigits(currency);
  return formatMinor(toMinor(text, digits), digits);
}
