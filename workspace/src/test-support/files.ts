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
