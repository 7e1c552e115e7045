import { NotFoundError, PayloadTooLargeError, UnauthorizedError, ValidationError } from '../errors.js';
import { ingestTranscript, type TranscriptIngestDeps, type TranscriptIngestResult } from '../transcripts/ingest.js';
import { parseTranscriptRequest } from '../transcripts/validate.js';
import { mapIntercom } from './intercom.js';
import type { MappedPayload } from './payload.js';
import { isWebhookTool, type WebhookSecrets, type WebhookTool } from './secrets.js';
import { type Headers, type SignatureCheck, verifyGeneric, verifyIntercom, verifyZendesk } from './signatures.js';
import { mapZendesk } from './zendesk.js';

/** What receiving a webhook needs: transcript ingest, and the signing secrets. */
export interface WebhookDeps extends TranscriptIngestDeps {
  secrets: WebhookSecrets;
  /** Hears why a signature was refused (log it; the caller only sees 401). */
  onRefused?: (tool: WebhookTool, reason: string) => void;
}

/** One delivery as it arrived: the tool from the path, headers lower-cased, the raw body bytes. */
export interface WebhookDelivery {
  tool: string;
  headers: Headers;
  body: Buffer;
}

/** Largest webhook body read (the mapped conversation must still fit 500 turns and 200 KB of text). */
export const MAX_WEBHOOK_BYTES = 1024 * 1024;

const VERIFY: Record<WebhookTool, (h: Headers, b: Buffer, s: string[], now: Date) => SignatureCheck> = {
  zendesk: verifyZendesk,
  intercom: (h, b, s) => verifyIntercom(h, b, s),
  generic: verifyGeneric,
};

const MAP: Record<WebhookTool, (payload: unknown) => MappedPayload> = {
  zendesk: mapZendesk,
  intercom: mapIntercom,
  generic: (payload) => ({ kind: 'transcript', input: parseTranscriptRequest(payload) }),
};

/**
 * Verify → parse → map → ingest. The signature is checked on the raw bytes before anything is parsed
 * or stored: an unknown or unconfigured tool is 404, a missing, stale or wrong signature 401, a body
 * that is not the tool's shape 400 naming what is missing. Events that carry no message (a ping, a
 * status change) are acknowledged and ignored.
 */
export const receiveWebhook = async (
  delivery: WebhookDelivery,
  deps: WebhookDeps,
): Promise<TranscriptIngestResult | { status: 'ignored'; reason: string }> => {
  const { tool } = delivery;
  if (!isWebhookTool(tool)) throw new NotFoundError(`No webhook for '${tool}'`);
  const secrets = await deps.secrets.get(tool);
  if (!secrets?.length) throw new NotFoundError(`The ${tool} webhook is not configured`);
  if (delivery.body.byteLength > MAX_WEBHOOK_BYTES)
    throw new PayloadTooLargeError(`Body is ${delivery.body.byteLength} bytes; the limit is ${MAX_WEBHOOK_BYTES}`);
  const check = VERIFY[tool](delivery.headers, delivery.body, secrets, deps.now());
  if (!check.ok) {
    deps.onRefused?.(tool, check.reason);
    throw new UnauthorizedError('Missing or invalid webhook signature');
  }
  let payload: unknown;
  try {
    payload = JSON.parse(delivery.body.toString('utf8'));
  } catch (error) {
    const detail = error instanceof SyntaxError ? error.message : 'unparseable';
    throw new ValidationError(`Malformed JSON: ${detail}`, [{ path: '(body)', message: `malformed JSON: ${detail}` }]);
  }
  const mapped = MAP[tool](payload);
  if (mapped.kind === 'ignored') return { status: 'ignored', reason: mapped.reason };
  return ingestTranscript(mapped.input, deps);
};
