import { calcOutputCsv, writeCalcOutputJson } from '@prestasi/engine';
import {
  calcLoaded,
  formatProblem,
  loadWorkspace,
  type Problem,
  readWorkspaceFolder,
  WorkspaceFolderError,
} from '@prestasi/workspace';
import { type Io, onePositional, parse as parseWith, UsageError } from './args.js';
import { EXIT } from './exit.js';

export { EXIT } from './exit.js';
export type { Io } from './args.js';

const USAGE = `usage:
  prestasi calc WORKSPACE --period PERIOD [--payee ID] [--summary] [--explain] [--format json|csv]
  prestasi check WORKSPACE
  prestasi migrate [--data DIR]
  prestasi import WORKSPACE [--data DIR]
  prestasi export DIR [--data DIR]
  prestasi serve [--port PORT] [--host HOST] [--data DIR]
  prestasi demo [--data DIR] [--today YYYY-MM-DD] | prestasi demo --out DIR [--today YYYY-MM-DD]
  prestasi user add EMAIL --role rep|manager|finance|admin [--payee ID] [--name NAME] [--sso] [--data DIR]
  prestasi token create NAME --scope SCOPE [--scope SCOPE]... [--data DIR]
  prestasi audit verify [--data DIR]

PERIOD is YYYY-MM (a month), YYYY-Qn (a fiscal quarter) or YYYY (a fiscal year).

The database: --data DIR (PGlite in DIR), else DATABASE_URL (PostgreSQL), else PGlite in
PRESTASI_DATA or ./data. serve listens on PORT (default 3000) and HOST (default 127.0.0.1), and
on the first start of an empty database creates the demo organisation (not with PRESTASI_NO_DEMO=1).
demo loads that organisation into an empty database, once; --out writes it as a workspace folder.`;

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
      // The database and the server load only for the commands that use them: calc stays quick to start.
      case 'migrate':
        return await (await import('./database-commands.js')).migrateCommand(rest, io, USAGE);
      case 'import':
        return await (await import('./database-commands.js')).importCommand(rest, io, USAGE);
      case 'export':
        return await (await import('./database-commands.js')).exportCommand(rest, io, USAGE);
      case 'serve':
        return await (await import('./serve.js')).serveCommand(rest, io, USAGE);
      case 'demo':
        return await (await import('./demo-command.js')).demoCommand(rest, io, USAGE);
      case 'user':
        return await (await import('./account-commands.js')).userCommand(rest, io, USAGE);
      case 'token':
        return await (await import('./account-commands.js')).tokenCommand(rest, io, USAGE);
      case 'audit':
        return await (await import('./account-commands.js')).auditCommand(rest, io, USAGE);
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
  if (format === 'csv') io.out(calcOutputCsv(outcome.result));
  else {
    const out = chunkedWriter(io);
    writeCalcOutputJson(outcome.result, outcome.outputOptions, out.write);
    out.flush();
  }
  return EXIT.ok;
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
