import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Prefix of every Koe API key, so a leaked key is easy to recognise (and to scan for). */
export const KEY_PREFIX = 'koe_';

/**
 * SHA-256 of a key, hex. A fast hash is right here: keys carry 256 random bits, so there is
 * nothing to brute-force, and a slow hash (bcrypt) would cost every request tens of milliseconds.
 */
export const hashKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

/** The key's public id, derived from its hash so a key can be looked up with one read. */
export const keyIdFromHash = (hash: string): string => `key_${hash.slice(0, 16)}`;

/** A new random key (`koe_` + 32 bytes base64url), its hash and its id. The key is shown once, never stored. */
export const generateKey = (): { key: string; hash: string; id: string } => {
  const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  const hash = hashKey(key);
  return { key, hash, id: keyIdFromHash(hash) };
};

/** Compares two secrets in time independent of where they differ (hashing first makes lengths equal). */
export const constantTimeEqual = (a: string, b: string): boolean =>
  timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
