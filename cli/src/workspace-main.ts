/**
 * `prestasi calc` and `prestasi check`: the commands that read a workspace folder and need
 * neither the database nor the server. `bin/prestasi.cjs` runs them from one bundled file
 * (`dist/workspace-main.bundle.cjs`, see package.json), which loads about 45 ms sooner than the
 * same modules one by one; `main` runs the same code unbundled.
 */
import { calcOutputCsv, writeCalcOutputJson } from '@prestasi/engine';
import { calcLoaded, formatProblem, loadWorkspace, type Problem, readWorkspaceFolder } from '@prestasi/workspace';
import { type Io, onePositional, parse as parseWith, UsageError } from './args.js';
import { EXIT } from './exit.js';
import { reportFailure } from './failure.js';
import { processIo } from './io.js';
import { USAGE } from './usage.js';

/** Runs `calc` or `check` with `args` after the command name. */
export function workspaceMain(command: 'calc' | 'check', args: readonly string[], io: Io = processIo): number {
  try {
    return command === 'calc' ? calc(args, io) : check(args, io);
  } catch (e) {
    return reportFailure(e, io);
  }
}

const parse = (args: readonly string[], options: Parameters<typeof parseWith>[1]) => parseWith(args, options, USAGE);
const onlyWorkspace = (positionals: readonly string[]) => onePositional(positionals, 'WORKSPACE folder', USAGE);

function printProblems(problems: readonly Problem[], io: Io): void {
  if (problems.length > 0) io.err(problems.map((p) => `${formatProblem(p)}\n`).join(''));
}

function check(args: readonly string[], io: Io): number {
  const { positionals } = parse(args, {});
  const dir = onlyWorkspace(positionals);
  const loaded = loadWorkspace(readWorkspaceFolder(dir));
  if (!loaded.ok) {
    printProblems(loaded.problems, io);
    return EXIT.invalid;
  }
  printProblems(loaded.warnings, io);
  const i = loaded.workspace.input;
  io.out(
    `ok: ${dir}: ${i.payees.length} payees, ${i.plans.length} plans, ${i.assignments.length} assignments, ` +
      `${i.transactions.length} transactions, ${i.quotas.length} quotas, ${i.fx.length} exchange rates, ` +
      `${i.adjustments.length} adjustments\n`,
  );
  return EXIT.ok;
}

function calc(args: readonly string[], io: Io): number {
  const { values, positionals } = parse(args, {
    period: { type: 'string' },
    payee: { type: 'string' },
    summary: { type: 'boolean' },
    explain: { type: 'boolean' },
    format: { type: 'string' },
  });
  const dir = onlyWorkspace(positionals);
  const period = values['period'];
  if (typeof period !== 'string') throw new UsageError(`--period is required\n${USAGE}`);
  const format = values['format'] ?? 'json';
  if (format !== 'json' && format !== 'csv') throw new UsageError(`--format must be json or csv, not "${String(format)}"`);
  const clock = process.env['PRESTASI_TIMINGS'] === '1' ? phaseClock() : undefined;
  const loaded = loadWorkspace(readWorkspaceFolder(dir));
  clock?.lap('load');
  if (!loaded.ok) {
    printProblems(loaded.problems, io);
    return EXIT.invalid;
  }
  const outcome = calcLoaded(
    loaded.workspace,
    {
      period,
      payee: typeof values['payee'] === 'string' ? values['payee'] : undefined,
      summary: values['summary'] === true,
      explain: values['explain'] === true,
    },
    loaded.warnings,
  );
  if (!outcome.ok) {
    if (outcome.badArguments) io.err(outcome.problems.map((p) => `prestasi: ${p.message}\n`).join(''));
    else printProblems(outcome.problems, io);
    return EXIT.invalid;
  }
  clock?.lap('calc');
  printProblems(outcome.warnings, io);
  if (format === 'csv') io.out(calcOutputCsv(outcome.result));
  else {
    const out = chunkedWriter(io);
    writeCalcOutputJson(outcome.result, outcome.outputOptions, out.write);
    out.flush();
  }
  if (clock) {
    clock.lap('output');
    io.err(`prestasi: timings (ms): ${clock.laps.join(', ')}\n`);
  }
  return EXIT.ok;
}

/**
 * With PRESTASI_TIMINGS=1, `calc` ends by printing where its time went on stderr: `start` (from
 * the process's start to the command: Node and module loading), then reading the workspace,
 * computing and printing. The benchmark reports them.
 */
function phaseClock(): { lap: (name: string) => void; readonly laps: string[] } {
  let last = performance.now();
  const laps = [`start ${Math.round(last)}`];
  return {
    laps,
    lap(name) {
      const now = performance.now();
      laps.push(`${name} ${Math.round(now - last)}`);
      last = now;
    },
  };
}

/** Gathers small pieces of output into writes of about 1 MB: fewer system calls, no huge string. */
function chunkedWriter(io: Io): { write: (text: string) => void; flush: () => void } {
  let pending: string[] = [];
  let size = 0;
  const flush = () => {
    if (pending.length > 0) io.out(pending.join(''));
    pending = [];
    size = 0;
  };
  return {
    write: (text) => {
      pending.push(text);
      size += text.length;
      if (size >= 1 << 20) flush();
    },
    flush,
  };
}
