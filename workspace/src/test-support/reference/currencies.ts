// A small ISO 4217 table: enough for the currencies the generators use, plus a few common ones.
// A code not in this table is treated as unknown (invalid).

const MINOR_UNITS: ReadonlyMap<string, number> = new Map<string, number>([
  ['MYR', 2],
  ['SGD', 2],
  ['USD', 2],
  ['EUR', 2],
  ['GBP', 2],
  ['AUD', 2],
  ['IDR', 2],
  ['THB', 2],
  ['PHP', 2],
  ['INR', 2],
  ['CNY', 2],
  ['HKD', 2],
  ['JPY', 0],
  ['KRW', 0],
  ['VND', 0],
  ['KWD', 3],
  ['BHD', 3],
  ['OMR', 3],
]);

export function isKnownCurrency(code: string): boolean {
  return MINOR_UNITS.has(code);
}

export function minorUnits(code: string): number {
  return MINOR_UNITS.get(code) ?? 2;
}
