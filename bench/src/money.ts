/** Exact money helpers for two-decimal currencies (MYR): bigint cents, never floats. */

const MONEY = /^(-?)(\d+)(?:\.(\d{1,2}))?$/;

/** Parses a decimal string with at most 2 decimals ("-12.5", "100", "3.07") to bigint cents. */
export function parseCents(text: string): bigint {
  const m = MONEY.exec(text.trim());
  if (m === null) throw new Error(`not a 2-decimal money amount: ${JSON.stringify(text)}`);
  const cents = BigInt(m[2] ?? '0') * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
  return m[1] === '-' ? -cents : cents;
}

/** Formats bigint cents as a plain decimal string with exactly 2 decimals. */
export function formatCents(cents: bigint): string {
  const neg = cents < 0n;
  const abs = neg ? -cents : cents;
  const s = `${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
  return neg ? `-${s}` : s;
}

/** Formats bigint cents with thousands separators, for human-readable reports only. */
export function displayCents(cents: bigint): string {
  const [int, frac] = formatCents(cents).split('.');
  return `${(int ?? '').replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac ?? '00'}`;
}
