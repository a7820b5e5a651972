import type { Db } from '../schema.js';
import { fold } from './mapping.js';

const CACHE_LIMIT = 100_000;

export type PayeeMatch = { readonly id: string } | { readonly error: string };

/**
 * The payees a CRM's owners are matched against. CRMs know people by login email and
 * display name, not by payee id, so an owner is looked up by email first (case aside), then
 * by name (case and spacing aside); a name two payees share is refused rather than guessed.
 */
export class PayeeDirectory {
  private readonly ids = new Set<string>();
  private readonly emails = new Map<string, string[]>();
  private readonly names = new Map<string, string[]>();
  /** Outcomes by cell text: a file names the same few hundred owners a million times. */
  private readonly cache = new Map<string, PayeeMatch>();

  constructor(payees: Iterable<{ readonly id: string; readonly name: string; readonly email: string | null }>) {
    for (const p of payees) {
      this.ids.add(p.id);
      if (p.email !== null) push(this.emails, p.email.trim().toLowerCase(), p.id);
      push(this.names, fold(p.name), p.id);
    }
  }

  static async load(db: Db): Promise<PayeeDirectory> {
    return new PayeeDirectory(await db.selectFrom('payees').select(['id', 'name', 'email']).execute());
  }

  get size(): number {
    return this.ids.size;
  }

  /** By email; a value that is not an email is tried as a name. */
  byEmail(email: string): PayeeMatch {
    return this.cached(`e\u0000${email}`, () => (email.includes('@') ? unique(this.emails.get(email.trim().toLowerCase()), `email "${email}"`) : this.byNameNow(email)));
  }

  /** By name; a value that looks like an email is matched as one. */
  byName(name: string): PayeeMatch {
    return this.cached(`n\u0000${name}`, () => (name.includes('@') ? unique(this.emails.get(name.trim().toLowerCase()), `email "${name}"`) : this.byNameNow(name)));
  }

  /** A payee id, else an email, else a name: for cells that may hold any of them (splits, fixed owners). */
  byAny(text: string): PayeeMatch {
    return this.cached(`a\u0000${text}`, () => {
      if (this.ids.has(text)) return { id: text };
      const match = text.includes('@') ? unique(this.emails.get(text.toLowerCase()), `email "${text}"`) : this.byNameNow(text);
      return 'id' in match ? match : { error: `"${text}" is no payee id, email or name` };
    });
  }

  private byNameNow(name: string): PayeeMatch {
    return unique(this.names.get(fold(name)), `name "${name}"`);
  }

  private cached(key: string, compute: () => PayeeMatch): PayeeMatch {
    let match = this.cache.get(key);
    if (match === undefined) {
      match = compute();
      // A hostile file of a million distinct owners must not grow the cache without bound.
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(key, match);
    }
    return match;
  }
}

function push(map: Map<string, string[]>, key: string, id: string): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [id]);
  else list.push(id);
}

function unique(ids: readonly string[] | undefined, what: string): PayeeMatch {
  if (ids === undefined) return { error: `no payee has the ${what}` };
  if (ids.length > 1) return { error: `${ids.length} payees have the ${what} (${ids.slice(0, 5).join(', ')}): give them distinct ones` };
  return { id: ids[0]! };
}
