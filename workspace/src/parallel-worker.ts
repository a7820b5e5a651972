/**
 * The worker thread of parallel.ts: takes parts of transactions.csv from the back, reads each,
 * writes its rows into the shared columns from the back, and posts what else the part holds,
 * marking the part done in shared memory.
 *
 * Currency codes are taken on trust here (the ISO list lives in the engine) and checked when
 * the parts are joined.
 */
import { type MessagePort, workerData } from 'node:worker_threads';
import {
  ABORT,
  CLAIM,
  FAILED,
  PART_DONE,
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
import { estimateRows } from './transaction-rows.js';

const port = (workerData as { port: MessagePort }).port;

port.once('message', (job: WorkerJob) => {
  try {
    run(job);
  } finally {
    port.close();
  }
});

function run(job: WorkerJob): void {
  const words = new Int32Array(job.control);
  const bytes = job.region instanceof Uint8Array ? job.region : new Uint8Array(job.region);
  const columns = new SharedColumns(job.layout, job.columns.capacity, job.columns.buffers);
  // Owners are numbered as met and named to the calling thread, which knows the payees.
  let owners = 0;
  const resolve = { payee: () => owners++, currency: () => true };
  const state = new RowState(job.layout);
  let scratch: RowArrays | undefined;
  let sentCurrencies = 0;
  let sentOwners = 0;
  const sentText = job.layout.text.map(() => 0);
  let back = columns.capacity;
  for (;;) {
    const claim = Atomics.load(words, CLAIM);
    const next = claim & 0xffff;
    const end = claim >>> 16;
    // Take the last part not taken, if its bytes are here.
    if (end <= next || end - 1 < job.firstPart || Atomics.load(words, ABORT) !== 0) return;
    if (Atomics.compareExchange(words, CLAIM, claim, ((end - 1) << 16) | next) !== claim) continue;
    const part = end - 1;
    let info: PartInfo = FAILED(part);
    try {
      const start = job.cuts[part]!;
      const stop = job.cuts[part + 1]!;
      scratch ??= new RowArrays(job.layout, Math.ceil(estimateRows(bytes, start - job.regionStart, stop - job.regionStart) * 1.1) + 64);
      const got = readPart(bytes, job.regionStart, start, stop, job.layout, resolve, state, scratch);
      // Room for the rows, shared with the other thread: together they never pass capacity.
      if (got && Atomics.add(words, USED, got.read.rows) + got.read.rows <= columns.capacity) {
        back -= got.read.rows;
        columns.place(got.read, back, 0, job.regionStart);
        const r = got.read;
        info = {
          ...partInfo(part, back, r, got.splits),
          added: {
            currencyFrom: sentCurrencies,
            currencies: r.currencies.slice(sentCurrencies),
            ownerFrom: sentOwners,
            owners: state.ownerNames.values.slice(sentOwners),
            textFrom: [...sentText],
            text: r.text.map((t, i) => t.values.slice(sentText[i])),
          },
        };
        sentCurrencies = r.currencies.length;
        sentOwners = state.ownerNames.values.length;
        r.text.forEach((t, i) => (sentText[i] = t.values.length));
      }
    } catch {
      info = FAILED(part);
    }
    try {
      port.postMessage(info);
    } catch {
      port.postMessage(FAILED(part));
    }
    if (!info.ok) {
      Atomics.store(words, ABORT, 1);
      Atomics.notify(words, CLAIM);
    }
    Atomics.store(words, STATUS + part, PART_DONE);
    Atomics.notify(words, STATUS + part);
    if (!info.ok) return;
  }
}
