/**
 * Sums decimal texts exactly (as scaled bigints), per currency. For totals the server does not
 * give (a payee's payouts over several results); never through floats.
 */
export function sumByCurrency(items: readonly { currency: string; amount: string }[]): { currency: string; amount: string }[] {
  const totals = new Map<string, { units: bigint; scale: number }>();
  for (const { currency, amount } of items) {
    const [whole = '0', frac = ''] = amount.replace('-', '').split('.');
    const sign = amount.startsWith('-') ? -1n : 1n;
    const prev = totals.get(currency) ?? { units: 0n, scale: 0 };
    const scale = Math.max(prev.scale, frac.length);
    const value = sign * BigInt(whole + frac.padEnd(scale, '0'));
    totals.set(currency, { units: prev.units * 10n ** BigInt(scale - prev.scale) + value, scale });
  }
  return [...totals].map(([currency, { units, scale }]) => {
    const negative = units < 0n;
    const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
    const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
    return { currency, amount: negative ? `-${text}` : text };
  });
}
