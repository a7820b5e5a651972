import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { connect, exportWorkspace, importWorkspace, migrate } from '@prestasi/db';
import { formatProblem, readWorkspaceFolder } from '@prestasi/workspace';
import { DATA_OPTION, type Io, onePositional, parse, stringOption, UsageError } from './args.js';
import { databaseOptions, describeDatabase, openDatabase } from './database.js';
import { reportingDomainErrors } from './errors.js';
import { EXIT } from './exit.js';

export async function migrateCommand(args: readonly string[], io: Io, usage: string): Promise<number> {
  const { values, positionals } = parse(args, DATA_OPTION, usage);
  if (positionals.length > 0) throw new UsageError(`migrate takes no arguments\n${usage}`);
  const options = databaseOptions(stringOption(values['data']));
  const conn = await connect(options);
  try {
    const applied = await migrate(conn.db);
    io.out(`${describeDatabase(options)}: ${applied.length === 0 ? 'up to date' : `applied ${applied.join(', ')}`}\n`);
    return EXIT.ok;
  } finally {
    await conn.close();
  }
}

export async function importCommand(args: readonly string[], io: Io, usage: string): Promise<number> {
  const { values, positionals } = parse(args, { ...DATA_OPTION, 'dry-run': { type: 'boolean' } }, usage);
  const files = readWorkspaceFolder(onePositional(positionals, 'WORKSPACE folder', usage));
  const dryRun = values['dry-run'] === true;
  const conn = await openDatabase(databaseOptions(stringOption(values['data'])));
  try {
    return await reportingDomainErrors(io, async () => {
      const summary = await importWorkspace(conn.db, files, { actor: `cli:${userInfo().username}`, source: 'cli', dryRun });
      if (summary.warnings.length > 0) io.err(summary.warnings.map((w) => `${formatProblem(w)}\n`).join(''));
      const changed = Object.entries(summary.changed).filter(([, n]) => n > 0);
      const counts = changed.map(([table, n]) => `${table} ${n}`).join(', ');
      io.out(
        dryRun
          ? `dry run, nothing written: ${changed.length === 0 ? 'nothing would change' : `would change ${counts}`}\n`
          : `imported as batch ${summary.batch}: ${changed.length === 0 ? 'nothing changed' : counts}\n`,
      );
      return EXIT.ok;
    });
  } finally {
    await conn.close();
  }
}

/** Writes the workspace into a new or empty folder: files left from elsewhere would join it. */
export async function exportCommand(args: readonly string[], io: Io, usage: string): Promise<number> {
  const { values, positionals } = parse(args, DATA_OPTION, usage);
  const dir = onePositional(positionals, 'DIR to export into', usage);
  if ((await readdir(dir).catch(() => [])).length > 0) throw new UsageError(`${dir} is not empty: export into a new or empty folder`);
  const conn = await openDatabase(databaseOptions(stringOption(values['data'])));
  try {
    const files = await exportWorkspace(conn.db);
    for (const [path, bytes] of files) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), bytes);
    }
    io.out(`exported ${files.size} files to ${dir}\n`);
    return EXIT.ok;
  } finally {
    await conn.close();
  }
}
