import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import pg from 'pg';
import type { Db } from './schema.js';

/**
 * `COPY table (columns) FROM STDIN` through Kysely, on PostgreSQL and PGlite alike, inside
 * whatever transaction the handle is. COPY loads rows several times faster than INSERT (the
 * server batches heap writes), which is what makes a million-deal import take seconds.
 *
 * Kysely only runs SQL text with parameters, so a COPY travels as one: the statement with the
 * CSV bytes as its single parameter `$1` at the end. The pool's clients (see connect.ts)
 * recognise that shape and run it as a COPY instead of a query: over the wire protocol's
 * CopyData messages on PostgreSQL (pg has the messages but no API for them), and through
 * PGlite's `/dev/blob` on PGlite, which cannot take COPY FROM STDIN.
 */
export async function copyInto(db: Db, table: string, columns: readonly string[], csv: Uint8Array): Promise<number> {
  const { rows } = await sql<{ copied: number }>`copy ${sql.table(table)} (${sql.join(columns.map((c) => sql.id(c)))}) from stdin with (format csv) ${csv}`.execute(db);
  return rows[0]?.copied ?? 0;
}

/** A COPY statement as copyInto sends it: the text without its `$1`, and the data. */
function copyStatement(args: readonly unknown[]): { text: string; data: Uint8Array } | undefined {
  const [text, values] = args;
  if (typeof text !== 'string' || !Array.isArray(values) || values.length !== 1 || !(values[0] instanceof Uint8Array)) return undefined;
  const m = /^(copy\s[\s\S]*\sfrom\s+stdin\s[\s\S]*?)\s*\$1\s*$/i.exec(text);
  return m === null ? undefined : { text: m[1]!, data: values[0] };
}

const NUMBER = /\d+$/;

/**
 * The smallest "submittable" pg accepts in place of a query that speaks COPY FROM STDIN:
 * on CopyInResponse it sends the data in CopyData messages and CopyDone.
 */
class CopyFromStdin {
  private copied = 0;
  private failed = false;
  constructor(
    readonly text: string,
    private readonly data: Uint8Array,
    private readonly done: (copied: number) => void,
    private readonly fail: (error: unknown) => void,
  ) {}
  submit(connection: { query(text: string): void }): void {
    connection.query(this.text);
  }
  handleCopyInResponse(connection: { sendCopyFromChunk(chunk: Buffer): void; endCopyFrom(): void }): void {
    const piece = 1 << 20;
    for (let at = 0; at < this.data.length; at += piece) {
      connection.sendCopyFromChunk(Buffer.from(this.data.buffer, this.data.byteOffset + at, Math.min(piece, this.data.length - at)));
    }
    connection.endCopyFrom();
  }
  handleCommandComplete(message: { text: string }): void {
    this.copied = Number(NUMBER.exec(message.text)?.[0] ?? 0);
  }
  handleError(error: unknown): void {
    this.failed = true;
    this.fail(error);
  }
  handleReadyForQuery(): void {
    if (!this.failed) this.done(this.copied);
  }
  // A COPY returns no rows; pg calls these only for row-returning statements.
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
}

type QueryResultLike = { command: string; rowCount: number; rows: { copied: number }[] };

/** pg's Client, able to run copyInto's statements on PostgreSQL. */
export class CopyingClient extends pg.Client {
  // Every other call goes to pg's own query, overloads and all.
  override query(...args: unknown[]): any {
    const copy = copyStatement(args);
    if (copy === undefined) return (pg.Client.prototype.query as (...a: unknown[]) => unknown).apply(this, args);
    return new Promise<QueryResultLike>((resolve, reject) => {
      const submittable = new CopyFromStdin(copy.text, copy.data, (copied) => resolve({ command: 'COPY', rowCount: copied, rows: [{ copied }] }), reject);
      (pg.Client.prototype.query as (q: unknown) => unknown).call(this, submittable);
    });
  }
}

/** pg's Client over PGlite (node-postgres adapter), able to run copyInto's statements through /dev/blob. */
export function pgliteCopyingClient(pglite: PGlite): typeof pg.Client {
  return class PgliteCopyingClient extends pg.Client {
    override query(...args: unknown[]): any {
      const copy = copyStatement(args);
      if (copy === undefined) return (pg.Client.prototype.query as (...a: unknown[]) => unknown).apply(this, args);
      // Kysely awaits each statement before the next on a connection, and PGlite is one
      // session: this runs in the transaction the adapter's client has open.
      return pglite
        .query(copy.text.replace(/\sfrom\s+stdin\s/i, " from '/dev/blob' "), [], { blob: new Blob([copy.data as Uint8Array<ArrayBuffer>]) })
        .then((r): QueryResultLike => ({ command: 'COPY', rowCount: r.affectedRows ?? 0, rows: [{ copied: r.affectedRows ?? 0 }] }));
    }
  };
}

/**
 * One line of COPY's CSV: null is an unquoted empty field (NULL); every value is quoted, so an
 * empty string stays "" and a lone `\.` is never taken for the end of the data.
 */
export function copyCsvLine(values: readonly (string | null)[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) line += i === 0 ? copyCsvValue(values[i] ?? null) : `,${copyCsvValue(values[i] ?? null)}`;
  return `${line}\n`;
}

export function copyCsvValue(value: string | null): string {
  if (value === null) return '';
  return value.includes('"') ? `"${value.replaceAll('"', '""')}"` : `"${value}"`;
}
