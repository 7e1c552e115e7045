import { redactPii } from '../analysis/pii/redact.js';
import type { PiiType } from '../analysis/types.js';
import { definedOnly } from '../defined-only.js';
import { DependencyError, KoeError } from '../errors.js';
import { mapLimitSettled } from '../map-limit.js';
import { spanOf } from '../status/get-status.js';
import type { DataRangeStore } from '../status/ports.js';
import { contentHash, idForKey, newId, type PseudonymKey, pseudonymize } from './ids.js';
import type { FeedbackInput, FeedbackItem } from './model.js';
import type { AnalysisQueue, FeedbackStore, PutOutcome } from './ports.js';

/** What ingest needs from the outside world. */
export interface IngestDeps {
  store: FeedbackStore;
  queue: AnalysisQueue;
  /** Widened with every batch's occurredAt, so the dashboard knows which dates hold data. */
  dataRange: Pick<DataRangeStore, 'widen'>;
  now: () => Date;
  /**
   * The installation's pseudonym secret, for customer ids. Every composition root passes it; a test
   * whose comments carry no customer id may leave it out (a customer id without it is an error, never
   * stored as sent).
   */
  pseudonymKey?: PseudonymKey;
}

/** Per-item answer: the id, and whether it was queued now or was there already. */
export interface IngestResult {
  id: string;
  status: 'queued' | 'duplicate';
}

const WRITE_CONCURRENCY = 16;

/** Characters redacted between two yields to the event loop (about a millisecond or two of work). */
export const YIELD_EVERY_CHARS = 32_000;

/** Lets queued I/O callbacks and timers run before the next slice of CPU work. */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const addCounts = (into: Partial<Record<PiiType, number>>, from: Partial<Record<PiiType, number>>) => {
  for (const [type, n] of Object.entries(from) as Array<[PiiType, number]>) into[type] = (into[type] ?? 0) + n;
};

/** A redactor that adds what it finds to `found`: one call per free-text field. */
export const scrubber = (found: Partial<Record<PiiType, number>>) => (value: string) => {
  const r = redactPii(value);
  addCounts(found, r.found);
  return r.text;
};

/**
 * Metadata with keys and values redacted (a key is free text too: `{"jane@example.com": "vip"}`). Two
 * keys that redact to the same text are both kept, the later one numbered, rather than one dropped.
 */
export const redactMetadata = (
  metadata: Record<string, string> | undefined,
  scrub: (value: string) => string,
): Record<string, string> | undefined => {
  if (!metadata) return undefined;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(metadata)) {
    const redacted = scrub(key);
    let k = redacted;
    for (let n = 2; Object.hasOwn(out, k); n++) k = `${redacted} (${n})`;
    out[k] = scrub(value);
  }
  return out;
};

/** The customer as stored: the id only as its keyed pseudonym, the tier redacted. */
export const storedCustomer = (
  customer: FeedbackInput['customer'],
  key: Uint8Array | undefined,
  scrub: (value: string) => string,
): FeedbackItem['customer'] => {
  if (!customer) return undefined;
  const { id, tier } = customer;
  if (id !== undefined && !key) throw new Error('a customer id needs the pseudonym key');
  return {
    ...(id !== undefined && key ? { id: pseudonymize(key, id) } : {}),
    ...(tier !== undefined ? { tier: scrub(tier) } : {}),
  };
};

/**
 * Redacts every free-text field of an input (text, metadata keys and values, customer tier) and
 * pseudonymises the customer id; the raw values never leave this function. Identifiers (source,
 * externalId) were validated and are kept as sent: redacting them lost rows (issue 12).
 */
export const toRedactedItem = (input: FeedbackInput, receivedAt: string, key?: Uint8Array): FeedbackItem => {
  const found: Partial<Record<PiiType, number>> = {};
  const scrub = scrubber(found);
  const text = scrub(input.text);
  const metadata = redactMetadata(input.metadata, scrub);
  const customer = storedCustomer(input.customer, key, scrub);
  const externalId = input.externalId;
  const id = externalId === undefined ? newId() : idForKey(input.source, externalId);
  const content = {
    text,
    ratings: input.ratings,
    customer,
    metadata,
    channel: input.channel,
    occurredAt: input.occurredAt,
  };
  return definedOnly<FeedbackItem>({
    id,
    kind: 'comment',
    source: input.source,
    externalId,
    channel: input.channel,
    journeyStage: input.journeyStage,
    languageHint: input.language,
    text,
    redacted: found,
    ratings: input.ratings,
    customer,
    metadata,
    occurredAt: input.occurredAt,
    receivedAt,
    revision: 1,
    contentHash: contentHash(content),
    status: 'queued',
    triage: { status: 'open' },
  });
};

/**
 * Redact → dedupe → store → enqueue. All or nothing: if any write or the enqueue fails, the
 * items this call created are removed and a DependencyError is thrown, so a 202 always means
 * stored and queued. A duplicate still waiting for analysis is re-enqueued (analysis is idempotent),
 * which heals a crash between store and enqueue on the caller's retry.
 */
export const ingestFeedback = async (inputs: FeedbackInput[], deps: IngestDeps): Promise<IngestResult[]> => {
  const receivedAt = deps.now().toISOString();
  const key = inputs.some((input) => input.customer?.id !== undefined) ? await deps.pseudonymKey?.() : undefined;
  const items: FeedbackItem[] = [];
  let sinceYield = 0;
  for (const input of inputs) {
    items.push(toRedactedItem(input, receivedAt, key));
    // The per-request CPU budget: a 1 MB batch is ~1M characters of redaction. Give the event loop
    // back every ~32,000 characters so other requests (and /health) are served in between.
    sinceYield += input.text.length;
    if (sinceYield >= YIELD_EVERY_CHARS) {
      sinceYield = 0;
      await yieldToEventLoop();
    }
  }
  // A batch (an import, a re-sent file) first reads what is stored already, one BatchGetItem per 100 ids:
  // a duplicate then costs a share of a read, not a failed conditional put and a read (a re-import took as
  // long as the import). The put's condition still decides for the rest. A single comment skips the read:
  // nearly all are new. Items without an external id have fresh random ids and are never read.
  const keyed = items.length > 1 ? items.filter((item) => item.externalId !== undefined).map((item) => item.id) : [];
  const stored = keyed.length > 0 ? await deps.store.getMany(keyed) : new Map<string, FeedbackItem>();
  const outcomes = await mapLimitSettled(items, WRITE_CONCURRENCY, async (item): Promise<PutOutcome> => {
    const existing = stored.get(item.id);
    return existing ? { status: 'duplicate', item: existing } : deps.store.putNew(item);
  });
  const created = outcomes.flatMap((o) =>
    o.status === 'fulfilled' && o.value.status === 'created' ? [o.value.item] : [],
  );
  const rollback = async (cause: unknown): Promise<never> => {
    await mapLimitSettled(created, WRITE_CONCURRENCY, (item) => deps.store.remove(item.id));
    // A store that refused the write (StoreRejectedError, 500) stays what it is; anything else is the queue.
    throw cause instanceof KoeError ? cause : new DependencyError('queue', { cause });
  };
  const failed = outcomes.find((o) => o.status === 'rejected');
  if (failed?.status === 'rejected') return rollback(failed.reason);

  const results: IngestResult[] = [];
  const toEnqueue: Array<{ id: string; revision: number }> = [];
  const seen = new Set<string>();
  for (const outcome of outcomes) {
    if (outcome.status !== 'fulfilled') continue;
    const { item } = outcome.value;
    const fresh = outcome.value.status === 'created' && !seen.has(item.id);
    seen.add(item.id);
    results.push({ id: item.id, status: fresh ? 'queued' : 'duplicate' });
    if (fresh || item.status === 'queued') toEnqueue.push({ id: item.id, revision: item.revision });
  }
  const unique = [...new Map(toEnqueue.map((m) => [m.id, m])).values()];
  // Duplicates count too: a retry after a failure here widens the range the first call did not.
  const span = spanOf(items.map((item) => item.occurredAt));
  if (span) {
    try {
      await deps.dataRange.widen(span.first, span.last);
    } catch (error) {
      return rollback(error);
    }
  }
  if (unique.length > 0) {
    try {
      await deps.queue.send(unique);
    } catch (error) {
      return rollback(error);
    }
  }
  return results;
};
