// RFC 4180 CSV reader for the reference implementation.

export interface CsvRow {
  /** 1-based physical line where the record starts (the header is line 1). */
  readonly line: number;
  /** column name -> trimmed cell text; empty cells are absent. */
  readonly cells: ReadonlyMap<string, string>;
}

export interface CsvTable {
  readonly header: readonly string[];
  readonly rows: readonly CsvRow[];
}

export type CsvResult = { ok: true; table: CsvTable } | { ok: false; problems: string[] };

interface RawRecord {
  line: number;
  fields: string[];
  /** true when the record is a single unquoted empty field (a blank line) */
  blank: boolean;
}

function splitRecords(file: string, text: string): { records: RawRecord[]; problems: string[] } {
  const records: RawRecord[] = [];
  const problems: string[] = [];
  let i = 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const startLine = line;
    const fields: string[] = [];
    let anyQuoted = false;
    let endOfRecord = false;
    while (!endOfRecord) {
      // one field
      let value = '';
      if (i < n && text[i] === '"') {
        anyQuoted = true;
        i++;
        let closed = false;
        while (i < n) {
          const c = text[i];
          if (c === '"') {
            if (text[i + 1] === '"') {
              value += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          if (c === '\n') line++;
          value += c;
          i++;
        }
        if (!closed) {
          problems.push(`${file}:${startLine}: unterminated quoted field`);
          return { records, problems };
        }
        // after a closing quote only a separator or end of record may follow
        if (i < n && text[i] !== ',' && text[i] !== '\n' && !(text[i] === '\r' && text[i + 1] === '\n')) {
          problems.push(`${file}:${line}: unexpected character after a quoted field`);
          // skip to end of line to continue reporting
          while (i < n && text[i] !== '\n') i++;
        }
      } else {
        while (i < n) {
          const c = text[i];
          if (c === ',' || c === '\n' || (c === '\r' && text[i + 1] === '\n')) break;
          if (c === '"') {
            problems.push(`${file}:${line}: quote inside an unquoted field`);
          }
          value += c;
          i++;
        }
      }
      fields.push(value);
      if (i >= n) {
        endOfRecord = true;
      } else if (text[i] === ',') {
        i++;
      } else if (text[i] === '\r') {
        i += 2;
        line++;
        endOfRecord = true;
      } else {
        // '\n'
        i++;
        line++;
        endOfRecord = true;
      }
    }
    const blank = fields.length === 1 && fields[0] === '' && !anyQuoted;
    records.push({ line: startLine, fields, blank });
  }
  return { records, problems };
}

export function parseCsv(file: string, text: string): CsvResult {
  let body = text;
  if (body.startsWith('\uFEFF')) body = body.slice(1);
  const { records, problems } = splitRecords(file, body);
  if (problems.length > 0) return { ok: false, problems };
  const nonBlank = records.filter((r) => !r.blank);
  const first = nonBlank[0];
  if (first === undefined || first.line !== 1) {
    return { ok: false, problems: [`${file}:1: missing header row`] };
  }
  const header = first.fields.map((h) => h.trim());
  const seen = new Set<string>();
  for (const h of header) {
    if (h === '') problems.push(`${file}:1: empty column name`);
    else if (seen.has(h)) problems.push(`${file}:1: duplicate column ${h}`);
    seen.add(h);
  }
  const rows: CsvRow[] = [];
  for (let r = 1; r < nonBlank.length; r++) {
    const rec = nonBlank[r];
    if (rec === undefined) continue;
    if (rec.fields.length !== header.length) {
      problems.push(`${file}:${rec.line}: expected ${header.length} fields, found ${rec.fields.length}`);
      continue;
    }
    const cells = new Map<string, string>();
    for (let c = 0; c < header.length; c++) {
      const name = header[c];
      const raw = rec.fields[c];
      if (name === undefined || raw === undefined) continue;
      const v = raw.trim();
      if (v !== '') cells.set(name, v);
    }
    rows.push({ line: rec.line, cells });
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, table: { header, rows } };
}
