import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a signed timestamp may be from now (Zendesk and the generic scheme): older is a replay. */
export const REPLAY_WINDOW_MS = 5 * 60 * 1000;

/** Why a signature was refused (the caller only ever sees 401; the log sees the reason). */
export type SignatureCheck = { ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'mismatch' };

/** Request headers, names lower-cased (API Gateway v2 and the local server both lower-case them). */
export type Headers = Record<string, string | undefined>;

const hmac = (algorithm: 'sha1' | 'sha256', secret: string, parts: Array<string | Buffer>) => {
  const mac = createHmac(algorithm, secret);
  for (const part of parts) mac.update(part);
  return mac.digest();
};

/** Constant-time comparison of a computed digest with the one sent (decoded); lengths are public. */
const sameDigest = (expected: Buffer, given: Buffer) =>
  expected.length === given.length && timingSafeEqual(expected, given);

const decode = (value: string, encoding: 'hex' | 'base64'): Buffer | undefined => {
  const pattern = encoding === 'hex' ? /^[0-9a-f]+$/i : /^[A-Za-z0-9+/]+={0,2}$/;
  return pattern.test(value) ? Buffer.from(value, encoding) : undefined;
};

const fresh = (atMs: number, now: Date) => Number.isFinite(atMs) && Math.abs(now.getTime() - atMs) <= REPLAY_WINDOW_MS;

/**
 * Zendesk: `X-Zendesk-Webhook-Signature` = base64(HMAC-SHA256(secret, timestamp + body)), the timestamp
 * from `X-Zendesk-Webhook-Signature-Timestamp` (ISO-8601, as Zendesk sends it; unix seconds also taken).
 * https://developer.zendesk.com/documentation/webhooks/verifying/
 */
export const verifyZendesk = (headers: Headers, body: Buffer, secrets: string[], now: Date): SignatureCheck => {
  const signature = headers['x-zendesk-webhook-signature'];
  const timestamp = headers['x-zendesk-webhook-signature-timestamp'];
  if (!signature || !timestamp) return { ok: false, reason: 'missing' };
  const given = decode(signature.trim(), 'base64');
  if (!given) return { ok: false, reason: 'malformed' };
  const atMs = /^\d+$/.test(timestamp) ? Number(timestamp) * 1000 : Date.parse(timestamp);
  if (!fresh(atMs, now)) return { ok: false, reason: 'stale' };
  return secrets.some((s) => sameDigest(hmac('sha256', s, [timestamp, body]), given))
    ? { ok: true }
    : { ok: false, reason: 'mismatch' };
};

/**
 * Intercom: `X-Hub-Signature: sha1=<hex HMAC-SHA1(client secret, body)>`. Intercom signs no timestamp;
 * a replayed delivery is answered as a duplicate (the conversation's content is already stored).
 */
export const verifyIntercom = (headers: Headers, body: Buffer, secrets: string[]): SignatureCheck => {
  const header = headers['x-hub-signature'];
  if (!header) return { ok: false, reason: 'missing' };
  const hex = /^sha1=([0-9a-f]{40})$/i.exec(header.trim())?.[1];
  const given = hex === undefined ? undefined : decode(hex, 'hex');
  if (!given) return { ok: false, reason: 'malformed' };
  return secrets.some((s) => sameDigest(hmac('sha1', s, [body]), given))
    ? { ok: true }
    : { ok: false, reason: 'mismatch' };
};

/**
 * Koe's generic scheme: `X-Koe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`;
 * several `v1=` are allowed (secret rotation), `t` must be within 5 minutes of now.
 */
export const verifyGeneric = (headers: Headers, body: Buffer, secrets: string[], now: Date): SignatureCheck => {
  const header = headers['x-koe-signature'];
  if (!header) return { ok: false, reason: 'missing' };
  const fields = header.split(',').map((part) => part.trim().split('='));
  const t = fields.find(([k]) => k === 't')?.[1];
  const candidates = fields.flatMap(([k, v]) => (k === 'v1' && v ? [decode(v, 'hex')] : []));
  const digests = candidates.filter((c) => c !== undefined);
  if (!t || !/^\d+$/.test(t) || digests.length === 0 || digests.length < candidates.length)
    return { ok: false, reason: 'malformed' };
  if (!fresh(Number(t) * 1000, now)) return { ok: false, reason: 'stale' };
  for (const secret of secrets) {
    const expected = hmac('sha256', secret, [`${t}.`, body]);
    if (digests.some((c) => sameDigest(expected, c))) return { ok: true };
  }
  return { ok: false, reason: 'mismatch' };
};

/** The `X-Koe-Signature` header for a body: what a sender computes (used by tests and the docs' recipe). */
export const signGeneric = (secret: string, body: string | Buffer, unixSeconds: number): string =>
  `t=${unixSeconds},v1=${hmac('sha256', secret, [`${unixSeconds}.`, body]).toString('hex')}`;

/** Zendesk's two signature headers for a body (tests, local tools). */
export const signZendesk = (secret: string, body: string | Buffer, timestamp: string): Record<string, string> => ({
  'x-zendesk-webhook-signature': hmac('sha256', secret, [timestamp, body]).toString('base64'),
  'x-zendesk-webhook-signature-timestamp': timestamp,
});

/** Intercom's `X-Hub-Signature` for a body (tests, local tools). */
export const signIntercom = (secret: string, body: string | Buffer): string =>
  `sha1=${hmac('sha1', secret, [body]).toString('hex')}`;
