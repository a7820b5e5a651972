/** Builds an in-memory workspace from file texts; `undefined` leaves a file out. */
export function workspaceFiles(texts: Readonly<Record<string, string | undefined>>): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  for (const [path, text] of Object.entries(texts)) {
    if (text !== undefined) files.set(path, new TextEncoder().encode(text));
  }
  return files;
}

/** Lines joined with newlines, so tests can write one CSV row per array item. */
export function csv(...rows: string[]): string {
  return `${rows.join('\n')}\n`;
}

/** A quarterly plan paying 5% of `amount`: the least a workspace needs, for tests about other things. */
export const FLAT_RATE_PLAN = `
id: ae
name: Account Executive
period: quarter
measures:
  bookings: { sum: amount }
components:
  - { id: commission, type: commission, measure: bookings, rate: 0.05 }
`;
