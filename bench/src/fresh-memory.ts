/**
 * What the first touch of fresh memory costs on this machine, and whether a second thread or
 * process gets it done sooner:
 *
 *   node bench/dist/fresh-memory.js [--mb 200]
 *
 * Touches one byte per 4 KiB page of a new buffer (so the time is the page faults, not the
 * writes), then the same buffer again (pages already there), then the same amount split over
 * two worker threads of one process, and over two processes. On the VMs of 2026-11-30 a first
 * touch cost about 3.4 ms per MB (13 µs a page) against well under 0.1 ms per MB for a page
 * already there, and neither two threads nor two processes finished sooner than one: the
 * faults are served one at a time. That is why `prestasi calc` reads files through one reused
 * window and keeps its columns and objects small, and why it does not spread work over threads.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

const PAGE = 4096;

function touch(buffer: Uint8Array): void {
  for (let i = 0; i < buffer.length; i += PAGE) buffer[i] = 1;
}

/** Milliseconds to touch `mb` MB of fresh memory here. */
function freshTouch(mb: number): number {
  const started = performance.now();
  touch(new Uint8Array(mb * 1e6));
  return performance.now() - started;
}

function inWorker(mb: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(fileURLToPath(import.meta.url), { workerData: mb });
    worker.once('message', (ms: number) => {
      resolve(ms);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

function inProcess(mb: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--child', String(mb)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.on('error', reject);
    child.on('close', () => resolve(Number(out)));
  });
}

async function main(argv: readonly string[]): Promise<void> {
  const at = argv.indexOf('--mb');
  const mb = at >= 0 ? Number(argv[at + 1]) : 200;
  if (!Number.isInteger(mb) || mb < 2 || mb % 2 !== 0) throw new Error('--mb needs an even number of MB, at least 2');
  const perMb = (ms: number, of: number) => `${ms.toFixed(0)} ms (${(ms / of).toFixed(2)} ms/MB)`;

  const buffer = new Uint8Array(mb * 1e6);
  let started = performance.now();
  touch(buffer);
  const first = performance.now() - started;
  started = performance.now();
  touch(buffer);
  const again = performance.now() - started;
  console.log(`one thread, ${mb} MB fresh:        ${perMb(first, mb)}`);
  console.log(`one thread, the same ${mb} MB again: ${perMb(again, mb)}`);

  await inWorker(1); // start-up and module load out of the figures below
  const threads = await Promise.all([inWorker(mb / 2), inWorker(mb / 2)]);
  console.log(`two worker threads, ${mb / 2} MB each:  ${threads.map((ms) => perMb(ms, mb / 2)).join(', ')}`);
  const processes = await Promise.all([inProcess(mb / 2), inProcess(mb / 2)]);
  console.log(`two processes, ${mb / 2} MB each:       ${processes.map((ms) => perMb(ms, mb / 2)).join(', ')}`);
  console.log(`(two at once help only if each takes about half of the one-thread ${first.toFixed(0)} ms)`);
}

if (!isMainThread) parentPort?.postMessage(freshTouch(workerData as number));
else if (process.argv[2] === '--child') process.stdout.write(String(freshTouch(Number(process.argv[3]))));
else await main(process.argv.slice(2));
