import { daysInMonth } from '@prestasi/engine';

/**
 * The date layouts a mapping may name. CRMs print dates in the exporting user's locale
 * (Salesforce en_US: 1/31/2026, en_GB: 31/01/2026, de: 31.01.2026; HubSpot: 2026-01-31), so
 * the layout is part of the mapping, never guessed from the values: 03/04/2026 is March in
 * one and April in the other. Day and month may have one or two digits; years have four.
 */
export const DATE_FORMATS = ['YYYY-MM-DD', 'MM/DD/YYYY', 'DD/MM/YYYY', 'DD.MM.YYYY', 'DD-MM-YYYY', 'MM-DD-YYYY', 'YYYY/MM/DD', 'YYYY.MM.DD'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

export function isDateFormat(text: string): text is DateFormat {
  return (DATE_FORMATS as readonly string[]).includes(text);
}

/**
 * A time after the date is allowed and ignored: exports of date-time fields print the
 * exporting user's local time (`1/31/2026 4:05 PM`, `2026-01-31 16:05`), and the day as
 * printed is the day the CRM shows its users.
 */
const TIME = String.raw`(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?: ?[AaPp]\.?[Mm]\.?)?(?: ?(?:Z|UTC|GMT|[+-]\d{2}:?\d{2}))?)?`;

interface Layout {
  readonly pattern: RegExp;
  /** Capture group of year, month, day. */
  readonly order: readonly [number, number, number];
}

const LAYOUTS = new Map<DateFormat, Layout>(
  DATE_FORMATS.map((format) => {
    const parts = format.split(/[-/.]/);
    const separator = format.replace(/[YMD]/g, '')[0]!;
    const groups = parts.map((p) => (p === 'YYYY' ? String.raw`(\d{4})` : String.raw`(\d{1,2})`));
    const pattern = new RegExp(`^${groups.join(separator === '.' ? String.raw`\.` : separator)}${TIME}$`);
    const at = (token: string) => parts.indexOf(token) + 1;
    return [format, { pattern, order: [at('YYYY'), at('MM'), at('DD')] }];
  }),
);

/** The day `text` names in `format`, as `YYYY-MM-DD`; `undefined` when it is not a real date in that layout. */
export function parseDate(text: string, format: DateFormat): string | undefined {
  const layout = LAYOUTS.get(format)!;
  const m = layout.pattern.exec(text.trim());
  if (m === null) return undefined;
  const year = Number(m[layout.order[0]]);
  const month = Number(m[layout.order[1]]);
  const day = Number(m[layout.order[2]]);
  // Year 0 does not exist in PostgreSQL's calendar.
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
