/**
 * Reading a large transactions.csv on two threads.
 *
 * The rows after the header are cut into parts of about `partBytes`, each ending just after a
 * line feed. A worker thread reads parts from the back and the calling thread reads them from
 * the front, until they meet. Each thread reads a part into arrays of its own (reused from part
 * to part) and copies the rows into columns in shared memory: the calling thread from the first
 * row on, the worker from the top of the columns' capacity down. The gap between the two is
 * then closed, codes and lines of the worker's rows are made to match the calling thread's, and
 * the rest (maps of the few special rows) is joined in file order. Everything stays synchronous
 * for the caller: it waits for the worker with `Atomics.wait` and takes what it posted with
 * `receiveMessageOnPort`.
 *
 * The worker starts as soon as the header is known (`prepareReadInParts`, from
 * `transactionColumns`), before the plans say which columns matter and before the payees are
 * known: it keeps every column a plan could filter or sum on as text, and numbers owners as it
 * meets them. Joining keeps the columns the plans use, turns summed text into numbers, and
 * owners into payees.
 *
 * A cut is only a guess at a record boundary: a line feed inside a quoted field is not one.
 * Every part is read with a cursor that stops at its end, so a wrong guess makes the part
 * before it end inside a quoted field, which the cursor reports. Any problem at all in any
 * part (a wrong cut, a bad cell, a repeated id, an unknown owner or currency, a bad split or
 * summed cell), or anything unexpected from the worker, makes the parts worthless: the file is
 * then read again on the calling thread alone, which reports every problem in order with its
 * line. So the result never depends on the threads, only the time does.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { isCurrencyCode, type Split } from '@prestasi/engine';
import type { CsvCursor } from './csv.js';
import { compareBytes, hasRepeat } from './ids.js';
import {
  ABORT,
  CLAIM,
  cutsOf,
  estimateRowsSampled,
  PART_PENDING,
  type PartInfo,
  partInfo,
  readPart,
  RowArrays,
  RowState,
  SharedColumns,
  STATUS,
  USED,
  type WorkerJob,
} from './parallel-part.js';
import { newDecimalOut, parseDecimal } from './scalars.js';
import type { Table } from './table.js';
import { type DecimalData, estimateRows, type RowLayout, type RowsRead, rowLayout } from './transaction-rows.js';
import { splitParser, tableOf, type ReadTransactionsOptions, type TransactionsContext, type TransactionsRead } from './transactions.js';

/** Files smaller than this are read on one thread: starting a worker would cost more. */
export const PARALLEL_MIN_BYTES = 8 << 20;
const PART_BYTES = 1 << 20;
/** How long to wait for one part from the worker before giving up on the parts. */
const WORKER_TIMEOUT_MS = 60_000;
/** A prepared read that nobody joins is stopped after this long. */
const UNUSED_MS = 30_000;

/** Counts of what reading in parts did, for tests: tables joined from parts, and parts the worker read. */
export const partsRead = { joined: 0, workerParts: 0 };

/** Columns whose cells the worker never keeps as text (a plan filtering on them is read on one thread). */
const NOT_TEXT = new Set(['id', 'date', 'amount', 'quantity', 'margin', 'cancel_date', 'owner', 'splits']);

/** A read in parts under way: the worker, the shared memory, and how the file is cut. */
interface Prepared {
  readonly worker: Worker;
  /** Where the job went and the parts come back. */
  readonly port: MessagePort;
  readonly words: Int32Array;
  readonly columns: SharedColumns;
  readonly cuts: readonly number[];
  /** The layout both threads read with (see WorkerJob.layout). */
  readonly layout: RowLayout;
  readonly frontParts: number;
}

const prepared = new WeakMap<Uint8Array, Prepared>();

/** Where the worker's script is: next to this module once built, or in dist/ when run from src/. */
function workerScript(): URL | undefined {
  const here = new URL('./parallel-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  const built = new URL('../dist/parallel-worker.js', import.meta.url);
  return existsSync(fileURLToPath(built)) ? built : undefined;
}

/**
 * Reading in parts is off unless asked for (PRESTASI_THREADS=2, or `parallelMinBytes`): on the
 * two-core machine it was measured on, the worker's start-up and its second JIT warm-up compete
 * with the calling thread for the cores, and the whole read took longer than on one thread
 * (see DEVELOPERS.md, or the report that came with this file).
 */
function wantsParts(bytes: Uint8Array, options: ReadTransactionsOptions): boolean {
  const threads = Number(process.env['PRESTASI_THREADS'] ?? '1');
  if (options.parallelMinBytes === undefined && !(threads >= 2)) return false;
  return bytes.length >= (options.parallelMinBytes ?? PARALLEL_MIN_BYTES);
}

/**
 * Starts reading a large file in parts: the worker begins from the back at once, so that it
 * is well on its way by the time `readTransactions` joins it. Without a later read it stops by
 * itself.
 */
export function prepareReadInParts(t: Table, options: ReadTransactionsOptions = {}): void {
  const bytes = t.cursor.bytesOfFile;
  if (!prepared.has(bytes)) start(t, options);
}

function start(t: Table, options: ReadTransactionsOptions): Prepared | undefined {
  const c = t.cursor;
  const bytes = c.bytesOfFile;
  if (!wantsParts(bytes, options)) return undefined;
  // Problems so far (in the header, or invalid UTF-8 anywhere) go the careful way.
  if (c.problems.length > 0 || c.hasInvalidUtf8) return undefined;
  const cuts = cutsOf(bytes, c.position, options.partBytes ?? PART_BYTES);
  const parts = cuts.length - 1;
  if (parts < 2 || parts > 0xffff) return undefined;
  const script = workerScript();
  if (!script) return undefined;
  const text = t.header.flatMap((name, i) => (NOT_TEXT.has(name) || t.index(name) !== i ? [] : [i]));
  const layout: RowLayout = rowLayout(t, text.map((i) => t.header[i]!), [], '');
  const { port1, port2 } = new MessageChannel();
  let worker: Worker;
  try {
    worker = new Worker(script, { workerData: { port: port2 }, transferList: [port2] });
  } catch {
    port1.close();
    return undefined;
  }
  worker.unref();
  // Nothing to do with its errors (the parts it took are then waited for in vain, or marked
  // failed); without a listener they would be uncaught exceptions here.
  worker.on('error', () => undefined);
  const frontParts = Math.min(parts, options.frontParts ?? parts);
  const control = new SharedArrayBuffer(4 * (STATUS + parts));
  const words = new Int32Array(control);
  words[CLAIM] = parts << 16;
  const estimate = estimateRowsSampled(bytes, cuts[0]!, bytes.length);
  const columns = new SharedColumns(layout, Math.ceil(estimate * 1.25) + 1024);
  const regionStart = cuts[0]!;
  const job: WorkerJob = {
    control,
    columns: { capacity: columns.capacity, buffers: columns.buffers },
    region: sharedCopy(bytes, regionStart),
    regionStart,
    firstPart: 0,
    cuts,
    layout,
  };
  port1.postMessage(job);
  const p: Prepared = { worker, port: port1, words, columns, cuts, layout, frontParts };
  prepared.set(bytes, p);
  setTimeout(() => {
    if (prepared.get(bytes) === p) {
      prepared.delete(bytes);
      stop(p);
    }
  }, UNUSED_MS).unref();
  return p;
}

function stop(p: Prepared): void {
  Atomics.store(p.words, ABORT, 1);
  p.port.close();
  void p.worker.terminate();
}

/**
 * The table read in parts on two threads, or `undefined` when the file is small, has a problem
 * anywhere, or the worker cannot help: the caller then reads it on its own thread.
 */
export function readInParts(
  t: Table,
  layout: RowLayout,
  ctx: TransactionsContext,
  options: ReadTransactionsOptions,
): TransactionsRead | undefined {
  const bytes = t.cursor.bytesOfFile;
  const p = prepared.get(bytes) ?? start(t, options);
  prepared.delete(bytes);
  if (!p) return undefined;
  try {
    // Every column the plans use must be among those the worker keeps.
    const kept = new Set(p.layout.text);
    if (!layout.text.every((c) => kept.has(c)) || !layout.numbers.every((n) => kept.has(n.column))) return undefined;
    return readFront(p, t, layout, ctx);
  } finally {
    stop(p);
  }
}

/** Reads parts from the front until the worker is met, waits for its parts, and joins them. */
function readFront(p: Prepared, t: Table, layout: RowLayout, ctx: TransactionsContext): TransactionsRead | undefined {
  const { words, columns, cuts, frontParts } = p;
  const c = t.cursor;
  const bytes = c.bytesOfFile;
  const parts = cuts.length - 1;
  const infos: (PartInfo | undefined)[] = new Array<PartInfo | undefined>(parts).fill(undefined);
  // This thread knows the base currency and the payees.
  const own: RowLayout = { ...p.layout, baseCurrency: ctx.baseCurrency };
  const state = new RowState(own);
  const resolve = { payee: (id: string) => ctx.payeeIndex.get(id) ?? -1, currency: isCurrencyCode };
  let scratch: RowArrays | undefined;
  let front = 0;
  let line = c.physicalLine;
  let next = 0;
  while (next < frontParts) {
    const claim = Atomics.load(words, CLAIM);
    if (next >= claim >>> 16 || Atomics.load(words, ABORT) !== 0) break;
    // Only this thread moves the front; the exchange fails when the worker took a part meanwhile.
    if (Atomics.compareExchange(words, CLAIM, claim, claim + 1) !== claim) continue;
    const start = cuts[next]!;
    const end = cuts[next + 1]!;
    scratch ??= new RowArrays(own, Math.ceil(estimateRows(bytes, start, end) * 1.1) + 64);
    const got = readPart(bytes, 0, start, end, own, resolve, state, scratch);
    // Nothing read from here on will be used: stop the worker taking more parts.
    if (!got || Atomics.add(words, USED, got.read.rows) + got.read.rows > columns.capacity) return undefined;
    columns.place(got.read, front, line - 1, 0);
    infos[next] = partInfo(next, front, got.read, got.splits);
    front += got.read.rows;
    line += got.read.endLine - 1;
    next++;
  }
  if (next === frontParts && frontParts < parts) {
    // Told to stop early (tests): wait until the worker has taken the rest.
    const until = Date.now() + WORKER_TIMEOUT_MS;
    for (let claim = Atomics.load(words, CLAIM); claim >>> 16 > next; claim = Atomics.load(words, CLAIM)) {
      if (Date.now() > until || Atomics.load(words, ABORT) !== 0) return undefined;
      Atomics.wait(words, CLAIM, claim, 20);
    }
  }
  // Parts [next, parts) are the worker's: it marks each done, failed or not.
  next = Atomics.load(words, CLAIM) >>> 16;
  for (let part = next; part < parts; part++) {
    if (Atomics.wait(words, STATUS + part, PART_PENDING, WORKER_TIMEOUT_MS) === 'timed-out') return undefined;
  }
  if (Atomics.load(words, ABORT) !== 0 || !collect(p.port, infos, next, parts, p.layout)) return undefined;
  return join(infos as PartInfo[], next, state, front, columns, p.layout, bytes, c, line, layout, ctx);
}

/**
 * What the worker posted for parts `[from, to)`. Each part brought the values the worker met
 * since the one before; the whole lists are rebuilt, and every worker part gets them.
 */
function collect(port: MessagePort, infos: (PartInfo | undefined)[], from: number, to: number, layout: RowLayout): boolean {
  const currencies: string[] = [];
  const owners: string[] = [];
  const text = layout.text.map((): string[] => []);
  for (let n = to - from; n > 0; n--) {
    const message = receiveMessageOnPort(port);
    if (!message) return false;
    const info = message.message as PartInfo;
    if (!info.ok || info.part < from || info.part >= to || infos[info.part] || !info.added) return false;
    const added = info.added;
    if (added.currencyFrom !== currencies.length || added.ownerFrom !== owners.length) return false;
    currencies.push(...added.currencies);
    owners.push(...added.owners);
    for (let i = 0; i < text.length; i++) {
      if (added.textFrom[i] !== text[i]!.length) return false;
      text[i]!.push(...added.text[i]!);
    }
    infos[info.part] = { ...info, added: { currencyFrom: 0, currencies, ownerFrom: 0, owners, textFrom: [], text } };
  }
  return infos.every((i) => i !== undefined);
}

/**
 * Joins the parts into the table `readRows` would have made of the whole file. Parts before
 * `frontParts` were read on this thread into rows `[0, frontRows)`, lines already absolute,
 * codes in `state`'s lists; the others by the worker, into the top of the columns. `read` is
 * the layout both threads read with, `layout` the one the plans want.
 */
function join(
  infos: readonly PartInfo[],
  frontParts: number,
  state: RowState,
  frontRows: number,
  columns: SharedColumns,
  read: RowLayout,
  bytes: Uint8Array,
  cursor: CsvCursor,
  firstWorkerLine: number,
  layout: RowLayout,
  ctx: TransactionsContext,
): TransactionsRead | undefined {
  // Close the gap: the worker's rows move down to follow the calling thread's.
  let backRows = 0;
  for (let p = frontParts; p < infos.length; p++) backRows += infos[p]!.rows;
  const top = columns.capacity - backRows;
  if (backRows > 0 && top !== frontRows) columns.move(top, columns.capacity, frontRows);
  const n = frontRows + backRows;
  const rowAt = infos.map((info, p) => (p < frontParts ? info.at : info.at - top + frontRows));
  const workerFrom = frontRows;

  // Lines of the worker's rows count from 1 at their part's start.
  let line = firstWorkerLine;
  for (let p = frontParts; p < infos.length; p++) {
    const at = rowAt[p]!;
    const end = at + infos[p]!.rows;
    const shift = line - 1;
    for (let r = at; r < end; r++) columns.lines[r]! += shift;
    line += infos[p]!.lines;
  }

  // The worker's owners, currencies and text are its own numbers: renumber them after ours.
  const worker = infos[infos.length - 1]!.added;
  const currencies = [...state.currencies];
  const text = read.text.map((_, i) => [...state.text[i]!.values]);
  if (worker) {
    const payees = Int32Array.from(worker.owners, (id) => ctx.payeeIndex.get(id) ?? -1);
    const owners = columns.owners;
    for (let r = workerFrom; r < n; r++) {
      const o = owners[r]!;
      if (o >= 0) owners[r] = payees[o]!;
    }
    if (payees.includes(-1)) return undefined;
    // The worker's code 0 is the base currency, as ours is.
    const index = new Map(currencies.map((c, i) => [c, i]));
    const local = ['', ...worker.currencies.slice(1)];
    index.set('', 0);
    if (!renumber(columns.currency, workerFrom, n, local, currencies, index, isCurrencyCode)) return undefined;
    read.text.forEach((_, i) => {
      const values = text[i]!;
      renumber(columns.text[i]!, workerFrom, n, worker.text[i]!, values, new Map(values.map((v, k) => [v, k])), () => true);
    });
  }

  // Ids: parts that each ascend, and ascend across the cuts, repeat nothing; else look.
  let sorted = true;
  let lastStart = -1;
  let lastEnd = -1;
  const idSpecial = new Map<number, string>();
  const specialRows = new Map<string, number>();
  const { idStarts, idEnds } = columns;
  for (let p = 0; p < infos.length; p++) {
    const info = infos[p]!;
    const at = rowAt[p]!;
    if (!info.idSorted) sorted = false;
    if (sorted && info.idFirst >= 0) {
      const first = at + info.idFirst;
      if (lastStart >= 0 && compareBytes(bytes, lastStart, lastEnd, idStarts[first]!, idEnds[first]!) >= 0) sorted = false;
      lastStart = idStarts[at + info.idLast]!;
      lastEnd = idEnds[at + info.idLast]!;
    }
    for (const [r, id] of info.idSpecial) {
      if (specialRows.has(id)) return undefined;
      specialRows.set(id, at + r);
      idSpecial.set(at + r, id);
    }
  }
  if (!sorted && hasRepeat(bytes, idStarts, idEnds, n)) return undefined;

  // The few rows with something special, in file order.
  const parseSplit = splitParser(ctx.payeeIndex);
  const splits = new Map<number, Split[]>();
  const cancelled = new Map<number, number>();
  const bigs = columns.decimals.map(() => new Map<number, bigint>());
  for (let p = 0; p < infos.length; p++) {
    const info = infos[p]!;
    const at = rowAt[p]!;
    for (const [r, cell] of info.splits) {
      const parsed = parseSplit(cell);
      if (typeof parsed === 'string') return undefined;
      splits.set(at + r, parsed);
    }
    for (const [r, day] of info.cancelled) cancelled.set(at + r, day);
    info.big.forEach((big, k) => {
      for (const [r, value] of big) bigs[k]!.set(at + r, value);
    });
  }

  const decimal = (k: number): DecimalData => ({
    mantissa: columns.decimals[k]![0].subarray(0, n),
    scale: columns.decimals[k]![1].subarray(0, n),
    big: bigs[k]!,
  });
  let k = 0;
  const amount = decimal(k++);
  const quantity = read.quantity >= 0 ? decimal(k++) : undefined;
  const margin = read.margin >= 0 ? decimal(k++) : undefined;
  const textOf = (column: number) => {
    const i = read.text.indexOf(column);
    return { codes: columns.text[i]!.subarray(0, n), values: text[i]! };
  };
  const numbers: DecimalData[] = [];
  for (const { column } of layout.numbers) {
    const summed = numbersOf(textOf(column), n);
    if (!summed) return undefined;
    numbers.push(summed);
  }
  const rows: RowsRead = {
    rows: n,
    endLine: line,
    lines: columns.lines.subarray(0, n),
    dates: columns.dates.subarray(0, n),
    owners: columns.owners.subarray(0, n),
    currency: columns.currency.subarray(0, n),
    currencies,
    amount,
    quantity,
    margin,
    numbers,
    idStarts: idStarts.subarray(0, n),
    idEnds: idEnds.subarray(0, n),
    idSpecial,
    idSorted: sorted,
    idFirst: -1,
    idLast: -1,
    text: layout.text.map(textOf),
    cancelled,
  };
  partsRead.joined++;
  partsRead.workerParts += infos.length - frontParts;
  return tableOf(rows, layout, splits, (s, e) => cursor.slice(s, e));
}

/**
 * A summed column from its text: each distinct text read once as a decimal ('' is 0, as an
 * empty cell). `undefined` when some text is not a plain decimal (a problem to report).
 */
function numbersOf(column: { codes: Int32Array; values: readonly string[] }, n: number): DecimalData | undefined {
  const d = newDecimalOut();
  const mantissas = new Float64Array(column.values.length);
  const scales = new Uint16Array(column.values.length);
  const bigs = new Map<number, bigint>();
  for (let v = 0; v < column.values.length; v++) {
    const value = column.values[v]!;
    if (value === '') continue;
    if (!parseDecimal(value, d)) return undefined;
    mantissas[v] = d.mantissa;
    scales[v] = d.scale;
    if (d.big !== undefined) bigs.set(v, d.big);
  }
  const mantissa = new Float64Array(n);
  const scale = new Uint16Array(n);
  const big = new Map<number, bigint>();
  for (let r = 0; r < n; r++) {
    const code = column.codes[r]!;
    mantissa[r] = mantissas[code]!;
    scale[r] = scales[code]!;
    if (bigs.size > 0 && bigs.has(code)) big.set(r, bigs.get(code)!);
  }
  return { mantissa, scale, big };
}

/**
 * Renumbers codes `[from, to)` of `codes`, which index `local`, into `values` (in order of first
 * appearance, growing by every value not seen before); false when `accept` refuses a new value.
 */
function renumber(
  codes: Int32Array | Uint16Array,
  from: number,
  to: number,
  local: readonly string[],
  values: string[],
  index: Map<string, number>,
  accept: (value: string) => boolean,
): boolean {
  const map = new Int32Array(local.length).fill(-1);
  for (let r = from; r < to; r++) {
    const code = codes[r]!;
    let global = map[code]!;
    if (global < 0) {
      const value = local[code]!;
      const known = index.get(value);
      if (known !== undefined) global = known;
      else {
        if (!accept(value)) return false;
        global = values.push(value) - 1;
        index.set(value, global);
      }
      map[code] = global;
    }
    codes[r] = global;
  }
  return true;
}

/** The region from `start` on, in shared memory (the bytes themselves when they already are). */
function sharedCopy(bytes: Uint8Array, start: number): SharedArrayBuffer | Uint8Array {
  if (bytes.buffer instanceof SharedArrayBuffer) return bytes.subarray(start);
  const shared = new SharedArrayBuffer(bytes.length - start);
  new Uint8Array(shared).set(bytes.subarray(start));
  return shared;
}
