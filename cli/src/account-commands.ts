import { userInfo } from 'node:os';
import { appendAudit, createApiToken, insertUser, randomPassword, ROLES, type Role, verifyAuditLog } from '@prestasi/db';
import { SCOPE_NAMES } from '@prestasi/server';
import { type Io, parse, stringOption, UsageError } from './args.js';
import { databaseOptions, describeDatabase, openDatabase } from './database.js';
import { reportingDomainErrors } from './errors.js';
import { EXIT } from './exit.js';

const cliActor = () => `cli:${userInfo().username}`;

/**
 * `prestasi user add EMAIL --role ROLE [--payee ID] [--name NAME] [--sso]`: a user, with a random
 * password printed this once (or none with --sso: single sign-on only). How the first admin of a
 * real organisation comes to exist.
 */
export async function userCommand(args: readonly string[], io: Io, usage: string): Promise<number> {
  const { values, positionals } = parse(args, { data: { type: 'string' }, role: { type: 'string' }, payee: { type: 'string' }, name: { type: 'string' }, sso: { type: 'boolean' } }, usage);
  if (positionals[0] !== 'add' || positionals.length !== 2) throw new UsageError(`expected: user add EMAIL --role ROLE\n${usage}`);
  const role = stringOption(values['role']);
  if (role === undefined || !ROLES.includes(role as Role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  const options = databaseOptions(stringOption(values['data']));
  const conn = await openDatabase(options);
  try {
    return await reportingDomainErrors(io, async () => {
      const password = values['sso'] === true ? undefined : randomPassword();
      const user = await conn.db.transaction().execute(async (trx) => {
        const created = await insertUser(trx, {
          email: positionals[1]!,
          role: role as Role,
          payeeId: stringOption(values['payee']) ?? null,
          name: stringOption(values['name']) ?? '',
          ...(password === undefined ? {} : { password }),
        });
        await appendAudit(trx, { actor: cliActor(), action: 'user.create', entity: 'user', entityId: String(created.id), after: { id: created.id, email: created.email, role: created.role, payeeId: created.payeeId, hasPassword: created.hasPassword } });
        return created;
      });
      io.out(`${describeDatabase(options)}: added ${user.role} ${user.email}${password === undefined ? ' (single sign-on only)' : `; password (shown this once): ${password}`}\n`);
      return EXIT.ok;
    });
  } finally {
    await conn.close();
  }
}

/** `prestasi token create NAME --scope SCOPE...`: an API token, printed this once. */
export async function tokenCommand(args: readonly string[], io: Io, usage: string): Promise<number> {
  const { values, positionals } = parse(args, { data: { type: 'string' }, scope: { type: 'string', multiple: true } }, usage);
  if (positionals[0] !== 'create' || positionals.length !== 2) throw new UsageError(`expected: token create NAME --scope SCOPE\n${usage}`);
  const scopes = (values['scope'] as string[] | undefined) ?? [];
  const unknown = scopes.filter((s) => !(SCOPE_NAMES as readonly string[]).includes(s));
  if (scopes.length === 0 || unknown.length > 0) throw new UsageError(`--scope must be given, each one of ${SCOPE_NAMES.join(', ')}${unknown.length > 0 ? ` (not ${unknown.join(', ')})` : ''}`);
  const name = positionals[1]!;
  if (name.trim() === '' || name.length > 100 || /\p{Cc}/u.test(name)) throw new UsageError('the token name is 1 to 100 printable characters');
  const options = databaseOptions(stringOption(values['data']));
  const conn = await openDatabase(options);
  try {
    const made = await conn.db.transaction().execute(async (trx) => {
      const created = await createApiToken(trx, { name, scopes, createdBy: cliActor() });
      await appendAudit(trx, { actor: cliActor(), action: 'token.create', entity: 'api_token', entityId: String(created.record.id), after: { id: created.record.id, name, prefix: created.record.prefix, scopes: created.record.scopes } });
      return created;
    });
    io.out(`${made.token}\n`);
    io.err(`prestasi: API token ${made.record.id} "${name}" (${made.record.scopes.join(' ')}): shown this once, send it as Authorization: Bearer\n`);
    return EXIT.ok;
  } finally {
    await conn.close();
  }
}

/**
 * `prestasi audit verify`: walks the hash chain of the audit log; exit 0 when intact, 1 with the
 * first entry that was altered or whose predecessor was removed.
 */
export async function auditCommand(args: readonly string[], io: Io, usage: string): Promise<number> {
  const { values, positionals } = parse(args, { data: { type: 'string' } }, usage);
  if (positionals[0] !== 'verify' || positionals.length !== 1) throw new UsageError(`expected: audit verify\n${usage}`);
  const options = databaseOptions(stringOption(values['data']));
  const conn = await openDatabase(options);
  try {
    const result = await verifyAuditLog(conn.db);
    if (result.ok) {
      io.out(`${describeDatabase(options)}: audit log intact: ${result.entries} entries, each chained to the one before\n`);
      return EXIT.ok;
    }
    io.out(`${describeDatabase(options)}: audit log broken at entry ${result.firstBad}: ${result.reason} (${result.entries - 1} entries before it are intact)\n`);
    return EXIT.failure;
  } finally {
    await conn.close();
  }
}
