import { sql } from 'kysely';
import { DomainError } from '../errors.js';
import type { Db } from '../schema.js';
import { newSecret, secretHash } from './tokens-hash.js';

/** Every token starts so: secret scanners (and people) can tell what leaked. */
export const TOKEN_PREFIX = 'prst_';

export interface ApiTokenRecord {
  readonly id: number;
  readonly name: string;
  /** The token's first characters, to recognise it. */
  readonly prefix: string;
  readonly scopes: readonly string[];
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
  readonly revokedBy: string | null;
  readonly revokedAt: Date | null;
}

const COLUMNS = ['id', 'name', 'prefix', 'scopes', 'created_by', 'created_at', 'last_used_at', 'revoked_by', 'revoked_at'] as const;

type Row = { id: number; name: string; prefix: string; scopes: string; created_by: string; created_at: Date; last_used_at: Date | null; revoked_by: string | null; revoked_at: Date | null };

function record(r: Row): ApiTokenRecord {
  return {
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    scopes: r.scopes.split(' '),
    createdBy: r.created_by,
    createdAt: new Date(r.created_at),
    lastUsedAt: r.last_used_at && new Date(r.last_used_at),
    revokedBy: r.revoked_by,
    revokedAt: r.revoked_at && new Date(r.revoked_at),
  };
}

/** A new token: the secret is in the answer and nowhere else (only its sha256 is stored). */
export async function createApiToken(db: Db, token: { readonly name: string; readonly scopes: readonly string[]; readonly createdBy: string }): Promise<{ token: string; record: ApiTokenRecord }> {
  const secret = newSecret(TOKEN_PREFIX);
  const row = await db
    .insertInto('api_tokens')
    .values({ name: token.name, token_hash: secretHash(secret), prefix: secret.slice(0, TOKEN_PREFIX.length + 6), scopes: [...new Set(token.scopes)].sort().join(' '), created_by: token.createdBy })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return { token: secret, record: record(row) };
}

export async function listApiTokens(db: Db): Promise<ApiTokenRecord[]> {
  return (await db.selectFrom('api_tokens').select(COLUMNS).orderBy('id').execute()).map(record);
}

/** Revokes a token (once: revoking again changes nothing). NOT_FOUND when there is none. */
export async function revokeApiToken(db: Db, id: number, by: string): Promise<{ record: ApiTokenRecord; revoked: boolean }> {
  const row = await db
    .updateTable('api_tokens')
    .set({ revoked_by: by, revoked_at: new Date() })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returning(COLUMNS)
    .executeTakeFirst();
  if (row) return { record: record(row), revoked: true };
  const existing = await db.selectFrom('api_tokens').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  if (!existing) throw new DomainError('NOT_FOUND', `no API token ${id}`);
  return { record: record(existing), revoked: false };
}

/** The live token with this secret, if any; notes when it was last used (at most once a minute). */
export async function apiTokenBySecret(db: Db, secret: string): Promise<ApiTokenRecord | undefined> {
  const row = await db.selectFrom('api_tokens').select(COLUMNS).where('token_hash', '=', secretHash(secret)).where('revoked_at', 'is', null).executeTakeFirst();
  if (!row) return undefined;
  await db
    .updateTable('api_tokens')
    .set({ last_used_at: new Date() })
    .where('id', '=', row.id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', sql<Date>`now() - interval '1 minute'`)]))
    .execute();
  return record(row);
}
