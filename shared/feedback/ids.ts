import { createHash, randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower case

const base32 = (bytes: Uint8Array, length: number): string => {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  return out;
};

/**
 * Item id for an idempotency key: the same (source, key) always gives the same id, so a
 * conditional put is the duplicate check — one write, no separate key record to keep in step.
 */
export const idForKey = (source: string, key: string): string =>
  `fb_${base32(createHash('sha256').update(`${source}\u0000${key}`).digest(), 24)}`;

/** A fresh random item id for feedback without an idempotency key. */
export const newId = (): string => `fb_${base32(randomBytes(15), 24)}`;

/** Stable hash of content, to tell a redelivery (same) from an update (different). */
export const contentHash = (value: unknown): string =>
  createHash('sha256').update(JSON.stringify(value)).digest('base64url').slice(0, 22);
