import { createHash, randomBytes } from 'node:crypto';

/** A new secret: 32 random bytes, base64url (43 characters), with a prefix saying what it is. */
export function newSecret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** What is stored of a secret: its sha256, hex. The secret has 256 random bits, so no salt or slow hash is needed. */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
