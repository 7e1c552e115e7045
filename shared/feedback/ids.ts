import { createHash, createHmac, randomBytes } from 'node:crypto';

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

/** The per-installation secret that keys pseudonyms; fetched when first needed (SSM on AWS, a 0600 file locally). */
export type PseudonymKey = () => Promise<Uint8Array>;

/** What a pseudonym looks like: `anon_` and 22 base64url characters (128 bits of HMAC-SHA256). */
export const PSEUDONYM = /^anon_[A-Za-z0-9_-]{22}$/;

/**
 * Keyed pseudonym of an identifier that may be personal data (a customer id that is an e-mail or a
 * phone): HMAC-SHA256 with the installation's secret, so the same customer always gets the same
 * pseudonym but nobody without the key can test guesses (an unsalted hash of a phone number is
 * reversed by trying every number). A value that is already a pseudonym (an exported row imported
 * again) is kept, so customers stay grouped across an export → import round trip.
 */
export const pseudonymize = (key: Uint8Array, value: string): string =>
  PSEUDONYM.test(value)
    ? value
    : `anon_${createHmac('sha256', key).update(value, 'utf8').digest('base64url').slice(0, 22)}`;
