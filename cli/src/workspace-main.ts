/**
 * `prestasi calc`, `prestasi check` and `prestasi diff`: the commands that read workspace folders
 * and need neither the database nor the server. `bin/prestasi.cjs` runs them from one bundled file
 * (`dist/workspace-main.bundle.cjs`, see package.json), which loads about 45 ms sooner than the
 * same modules one by one; `main` runs the same code unbundled.
 */
import { join } from 'node:path';
import { type CalcResult, calcOutputCsv, writeCalcOutputJson } from '@prestasi/engine';
import { calcLoaded, formatProblem, loadWorkspace, type Problem, readWorkspaceFolder, streamLoaded } from '@prestasi/workspace';
import { type Io, onePositional, parse as parseWith, UsageError } from './args.js';
import { diffResults, diffText } from './diff.js';
import { EXIT } from './exit.js';
import { reportFailure } from './failure.js';
import { processIo } from './io.js';
import { USAGE } from './usage.js';

/** The commands run here. */
export type WorkspaceCommand = 'calc' | 'check' | 'diff';

/** Runs `calc`, `check` or `diff` with `args` after the command name. */
export function workspaceMain(command: WorkspaceCommand, args: readonly string[], io: Io = processIo): number {
  try {
    switch (command) {
      case 'calc':
        return calc(args, io);
      case 'check':
        return check(args, io);
      case 'diff':
        return diff(args, io);
    }
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
  const options = {
    period,
    payee: typeof values['payee'] === 'string' ? values['payee'] : undefined,
    // The CSV has a row per result and no lines: they are not computed for it.
    summary: values['summary'] === true || format === 'csv',
    explain: values['explain'] === true,
  };
  if (format === 'csv') {
    const outcome = calcLoaded(loaded.workspace, options, loaded.warnings);
    if (!outcome.ok) return calcFailed(outcome, io);
    clock?.lap('calc');
    printProblems(outcome.warnings, io);
    io.out(calcOutputCsv(outcome.result));
  } else {
    // Results are computed as they are printed (a result's lines and words only then), so a run
    // with lines for a million deals never holds them all; every problem is known before.
    const outcome = streamLoaded(loaded.workspace, options, loaded.warnings);
    if (!outcome.ok) return calcFailed(outcome, io);
    clock?.lap('calc');
    printProblems(outcome.warnings, io);
    // A batch of results is some 200 KB of text: each is written as it comes, not joined first.
    writeCalcOutputJson(outcome.result, outcome.outputOptions, io.out);
  }
  if (clock) {
    clock.lap('output');
    // Peak RSS too (KiB, as the kernel counts it), from inside: the benchmark runs this command
    // as a person does, with nothing wrapped around it to measure it.
    io.err(`prestasi: timings (ms): ${clock.laps.join(', ')}\nprestasi: peak RSS (KiB): ${process.resourceUsage().maxRSS}\n`);
  }
  return EXIT.ok;
}

function calcFailed(outcome: { readonly problems: readonly Problem[]; readonly badArguments: boolean }, io: Io): number {
  if (outcome.badArguments) io.err(outcome.problems.map((p) => `prestasi: ${p.message}\n`).join(''));
  else printProblems(outcome.problems, io);
  return EXIT.invalid;
}

/** `prestasi diff BEFORE AFTER --period P`: see diff.ts. Problems name their folder, as `BEFORE/plans/ae.yaml:7: …`. */
function diff(args: readonly string[], io: Io): number {
  const { values, positionals } = parse(args, { period: { type: 'string' }, payee: { type: 'string' }, format: { type: 'string' } });
  if (positionals.length !== 2) throw new UsageError(`expected the BEFORE and AFTER workspace folders\n${USAGE}`);
  const period = values['period'];
  if (typeof period !== 'string') throw new UsageError(`--period is required\n${USAGE}`);
  const format = values['format'] ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${String(format)}"`);
  const payee = typeof values['payee'] === 'string' ? values['payee'] : undefined;
  const results: CalcResult[] = [];
  let invalid = false;
  for (const dir of positionals) {
    const inFolder = (problems: readonly Problem[]) => problems.map((p) => ({ ...p, file: join(dir, p.file) }));
    const loaded = loadWorkspace(readWorkspaceFolder(dir));
    if (!loaded.ok) {
      printProblems(inFolder(loaded.problems), io);
      invalid = true;
      continue;
    }
    const outcome = calcLoaded(loaded.workspace, { period, payee, summary: true, explain: false }, loaded.warnings);
    if (!outcome.ok) {
      // A bad period or payee is the same mistake for both folders: said once.
      if (outcome.badArguments) {
        io.err(outcome.problems.map((p) => `prestasi: ${p.message}\n`).join(''));
        return EXIT.invalid;
      }
      printProblems(inFolder(outcome.problems), io);
      invalid = true;
      continue;
    }
    printProblems(inFolder(outcome.warnings), io);
    results.push(outcome.result);
  }
  if (invalid) return EXIT.invalid;
  const d = diffResults(results[0]!, results[1]!);
  io.out(format === 'json' ? `${JSON.stringify(d, null, 2)}\n` : diffText(d));
  return EXIT.ok;
}

/**
 * With PRESTASI_TIMINGS=1, `calc` ends by printing where its time went on stderr: `start` (from
 * the process's start to the command: Node and module loading), then reading the workspace,
 * computing and printing; and its peak resident memory. The benchmark reports them.
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
