import { type ParseArgsConfig, parseArgs } from 'node:util';
import { calcOutputCsv } from '@prestasi/engine';
import {
  calcLoaded,
  formatProblem,
  loadWorkspace,
  type Problem,
  readWorkspaceFolder,
  WorkspaceFolderError,
} from '@prestasi/workspace';

/** Exit statuses, one table for the whole command line. */
export const EXIT = { ok: 0, failure: 1, invalid: 2 } as const;

const USAGE = `usage:
  prestasi calc WORKSPACE --period PERIOD [--payee ID] [--summary] [--explain] [--format json|csv]
  prestasi check WORKSPACE

PERIOD is YYYY-MM (a month), YYYY-Qn (a fiscal quarter) or YYYY (a fiscal year).`;

export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const processIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

export async function main(args: readonly string[], io: Io = processIo): Promise<number> {
  try {
    const [command, ...rest] = args;
    switch (command) {
      case 'calc':
        return calc(rest, io);
      case 'check':
        return check(rest, io);
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        io.out(`${USAGE}\n`);
        return command === undefined ? EXIT.invalid : EXIT.ok;
      default:
        io.err(`prestasi: unknown command "${command}"\n${USAGE}\n`);
        return EXIT.invalid;
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof WorkspaceFolderError) {
      io.err(`prestasi: ${e.message}\n`);
      return EXIT.invalid;
    }
    io.err(`prestasi: ${e instanceof Error ? e.message : String(e)}\n`);
    if (process.env['PRESTASI_DEBUG'] && e instanceof Error) io.err(`${e.stack ?? ''}\n`);
    return EXIT.failure;
  }
}

class UsageError extends Error {}

function parse(args: readonly string[], options: NonNullable<ParseArgsConfig['options']>) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n${USAGE}`);
  }
}

function onlyWorkspace(positionals: readonly string[]): string {
  if (positionals.length !== 1) throw new UsageError(`expected one WORKSPACE folder\n${USAGE}`);
  return positionals[0]!;
}

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
  const loaded = loadWorkspace(readWorkspaceFolder(dir));
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
  printProblems(outcome.warnings, io);
  io.out(format === 'csv' ? calcOutputCsv(outcome.result) : `${JSON.stringify(outcome.output, null, 2)}\n`);
  return EXIT.ok;
}
