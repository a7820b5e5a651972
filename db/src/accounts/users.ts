import { DomainError } from '../errors.js';
import type { Db, Role } from '../schema.js';
import { hashPassword, MAX_PASSWORD_LENGTH } from './passwords.js';

export const ROLES: readonly Role[] = ['rep', 'manager', 'finance', 'admin'];

export interface UserRecord {
  readonly id: number;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly payeeId: string | null;
  readonly disabled: boolean;
  readonly hasPassword: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** Emails as stored and matched: trimmed and lower-case. */
export function normalEmail(email: string): string {
  return email.trim().toLowerCase();
}

const EMAIL = /^[^@\s\p{Cc}]+@[^@\s\p{Cc}]+$/u;
export const MIN_PASSWORD_LENGTH = 12;

export function emailProblem(email: string): string | undefined {
  if (email.length > 254) return 'at most 254 characters';
  if (!EMAIL.test(email)) return 'not an email address';
  return undefined;
}

export function passwordProblem(password: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `at most ${MAX_PASSWORD_LENGTH} characters`;
  return undefined;
}

type Row = { id: number; email: string; name: string; role: Role; payee_id: string | null; disabled: boolean; password_hash: string | null; created_at: Date; updated_at: Date };

export function userRecord(r: Row): UserRecord {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role,
    payeeId: r.payee_id,
    disabled: r.disabled,
    hasPassword: r.password_hash !== null,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
  };
}

/** What the audit log keeps of a user: never the password or its hash. */
export function auditedUser(u: UserRecord) {
  return { id: u.id, email: u.email, name: u.name, role: u.role, payeeId: u.payeeId, disabled: u.disabled, hasPassword: u.hasPassword };
}

const COLUMNS = ['id', 'email', 'name', 'role', 'payee_id', 'disabled', 'password_hash', 'created_at', 'updated_at'] as const;

export async function findUser(db: Db, id: number): Promise<UserRecord | undefined> {
  const row = await db.selectFrom('users').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  return row && userRecord(row);
}

/** The user with this email (matched as stored: lower-case), with the password hash to check. */
export async function findUserByEmail(db: Db, email: string): Promise<(UserRecord & { readonly passwordHash: string | null }) | undefined> {
  const row = await db.selectFrom('users').select(COLUMNS).where('email', '=', normalEmail(email)).executeTakeFirst();
  return row && { ...userRecord(row), passwordHash: row.password_hash };
}

export async function listUsers(db: Db): Promise<UserRecord[]> {
  return (await db.selectFrom('users').select(COLUMNS).orderBy('id').execute()).map(userRecord);
}

export interface NewUser {
  readonly email: string;
  readonly name?: string;
  readonly role: Role;
  readonly payeeId?: string | null;
  /** Omitted: single sign-on only. */
  readonly password?: string;
}

async function checkUser(db: Db, user: { email: string; role: Role; payeeId: string | null }): Promise<void> {
  const problems: { field: string; message: string }[] = [];
  const emailIssue = emailProblem(user.email);
  if (emailIssue) problems.push({ field: 'email', message: emailIssue });
  if ((user.role === 'rep' || user.role === 'manager') && user.payeeId === null) problems.push({ field: 'payeeId', message: `a ${user.role} must be linked to a payee` });
  if (user.payeeId !== null && !(await db.selectFrom('payees').select('id').where('id', '=', user.payeeId).executeTakeFirst())) {
    problems.push({ field: 'payeeId', message: `no payee "${user.payeeId}"` });
  }
  if (problems.length > 0) throw new DomainError('INVALID_INPUT', problems.map((p) => `${p.field}: ${p.message}`).join('; '), { problems });
}

/** Adds a user; CONFLICT when the email is taken. */
export async function insertUser(db: Db, user: NewUser): Promise<UserRecord> {
  const email = normalEmail(user.email);
  const payeeId = user.payeeId ?? null;
  await checkUser(db, { email, role: user.role, payeeId });
  if (user.password !== undefined) {
    const issue = passwordProblem(user.password);
    if (issue) throw new DomainError('INVALID_INPUT', `password: ${issue}`, { problems: [{ field: 'password', message: issue }] });
  }
  const passwordHash = user.password === undefined ? null : await hashPassword(user.password);
  const row = await db
    .insertInto('users')
    .values({ email, name: user.name ?? '', role: user.role, payee_id: payeeId, password_hash: passwordHash })
    .onConflict((oc) => oc.column('email').doNothing())
    .returning(COLUMNS)
    .executeTakeFirst();
  if (!row) throw new DomainError('CONFLICT', `a user with email ${email} exists`);
  return userRecord(row);
}

export interface UserChange {
  readonly name?: string | undefined;
  readonly role?: Role | undefined;
  readonly payeeId?: string | null | undefined;
  readonly disabled?: boolean | undefined;
  /** `null`: remove the password (single sign-on only). */
  readonly password?: string | null | undefined;
}

/**
 * Changes a user. A new role, password or disabling ends their sessions: whatever they could
 * do before is not carried over.
 */
export async function updateUser(db: Db, id: number, change: UserChange): Promise<{ before: UserRecord; after: UserRecord }> {
  const before = await findUser(db, id);
  if (!before) throw new DomainError('NOT_FOUND', `no user ${id}`);
  const role = change.role ?? before.role;
  const payeeId = change.payeeId === undefined ? before.payeeId : change.payeeId;
  await checkUser(db, { email: before.email, role, payeeId });
  if (typeof change.password === 'string') {
    const issue = passwordProblem(change.password);
    if (issue) throw new DomainError('INVALID_INPUT', `password: ${issue}`, { problems: [{ field: 'password', message: issue }] });
  }
  const passwordHash = change.password === undefined ? undefined : change.password === null ? null : await hashPassword(change.password);
  const row = await db
    .updateTable('users')
    .set({
      ...(change.name === undefined ? {} : { name: change.name }),
      role,
      payee_id: payeeId,
      ...(change.disabled === undefined ? {} : { disabled: change.disabled }),
      ...(passwordHash === undefined ? {} : { password_hash: passwordHash }),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  const after = userRecord(row);
  if (after.role !== before.role || after.payeeId !== before.payeeId || (after.disabled && !before.disabled) || passwordHash !== undefined) {
    await db.deleteFrom('sessions').where('user_id', '=', id).execute();
  }
  return { before, after };
}
