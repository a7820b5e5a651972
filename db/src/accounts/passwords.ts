import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Password hashing with scrypt from node:crypto (OpenSSL's, run on libuv's thread pool so a
 * hash never blocks the event loop). Stored as `scrypt$ln$r$p$salt$key`, base64 without
 * padding, so the cost can be raised later and old hashes still verify with their own.
 *
 * Cost: N = 2^15, r = 8, p = 1 (32 MiB, about 60–100 ms on one core here), within OWASP's
 * scrypt recommendations (N = 2^17/r = 8/p = 1 or an equal-cost trade of memory for passes).
 */
export const SCRYPT_COST = { ln: 15, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
const SALT_BYTES = 16;
/** Longest password accepted: scrypt takes any length, but a megabyte of "password" is an attack. */
export const MAX_PASSWORD_LENGTH = 1024;

function derive(password: string, salt: Buffer, ln: number, r: number, p: number): Promise<Buffer> {
  const N = 2 ** ln;
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

const b64 = (bytes: Buffer) => bytes.toString('base64').replace(/=+$/, '');

/** A new hash of `password` with a fresh random salt. */
export async function hashPassword(password: string): Promise<string> {
  if (password.length > MAX_PASSWORD_LENGTH) throw new RangeError('password too long');
  const salt = randomBytes(SALT_BYTES);
  const { ln, r, p } = SCRYPT_COST;
  return `scrypt$${ln}$${r}$${p}$${b64(salt)}$${b64(await derive(password, salt, ln, r, p))}`;
}

const FORMAT = /^scrypt\$(\d{1,2})\$(\d{1,2})\$(\d{1,2})\$([A-Za-z0-9+/]{16,})\$([A-Za-z0-9+/]{40,})$/;

/**
 * Whether `password` matches `stored`, comparing in constant time. A malformed hash or an
 * over-long password is simply no match.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const m = FORMAT.exec(stored);
  if (!m || password.length > MAX_PASSWORD_LENGTH) return false;
  const [ln, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (ln < 10 || ln > 20 || r < 1 || r > 32 || p < 1 || p > 16) return false;
  const expected = Buffer.from(m[5]!, 'base64');
  const actual = await derive(password, Buffer.from(m[4]!, 'base64'), ln, r, p);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

let dummy: Promise<string> | undefined;

/**
 * A hash of a random password made with the current cost, for signing in with an unknown
 * email: checking against it takes as long as a real check, so timing does not say whether
 * the email exists.
 */
export function dummyPasswordHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(18).toString('base64'));
  return dummy;
}

/** A random password a person can type: 20 characters from 56 unambiguous ones (about 116 bits). */
export function randomPassword(length = 20): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const out: string[] = [];
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // Rejection sampling: bytes past the last whole multiple of the alphabet would bias it.
      if (byte < 256 - (256 % alphabet.length) && out.length < length) out.push(alphabet[byte % alphabet.length]!);
    }
  }
  return out.join('');
}
