import { redactPii } from '../analysis/pii/redact.js';
import type { PiiType } from '../analysis/types.js';
import { DependencyError } from '../errors.js';
import { spanOf } from '../status/get-status.js';
import type { DataRangeStore } from '../status/ports.js';
import { contentHash, idForKey, newId } from './ids.js';
import type { FeedbackInput, FeedbackItem } from './model.js';
import type { AnalysisQueue, FeedbackStore } from './ports.js';

/** What ingest needs from the outside world. */
export interface IngestDeps {
  store: FeedbackStore;
  queue: AnalysisQueue;
  /** Widened with every batch's occurredAt, so the dashboard knows which dates hold data. */
  dataRange: Pick<DataRangeStore, 'widen'>;
  now: () => Date;
}

/** Per-item answer: the id, and whether it was queued now or was there already. */
export interface IngestResult {
  id: string;
  status: 'queued' | 'duplicate';
}

const WRITE_CONCURRENCY = 16;

const addCounts = (into: Partial<Record<PiiType, number>>, from: Partial<Record<PiiType, number>>) => {
  for (const [type, n] of Object.entries(from) as Array<[PiiType, number]>) into[type] = (into[type] ?? 0) + n;
};

/** Redacts every free-text field of an input; the raw values never leave this function. */
export const toRedactedItem = (input: FeedbackInput, receivedAt: string): FeedbackItem => {
  const found: Partial<Record<PiiType, number>> = {};
  const scrub = (value: string) => {
    const r = redactPii(value);
    addCounts(found, r.found);
    return r.text;
  };
  const text = scrub(input.text);
  const metadata = input.metadata
    ? Object.fromEntries(Object.entries(input.metadata).map(([k, v]) => [k, scrub(v)]))
    : undefined;
  // A customer id that is itself personal data (an e-mail, a phone) is kept only as a pseudonym.
  const customerId = input.customer?.id;
  const pseudonymous =
    customerId && redactPii(customerId).text !== customerId ? `anon_${contentHash(customerId)}` : customerId;
  const customer = input.customer ? { ...input.customer, id: pseudonymous } : undefined;
  const externalId = input.externalId === undefined ? undefined : scrub(input.externalId);
  const id = input.externalId === undefined ? newId() : idForKey(input.source, input.externalId);
  const content = {
    text,
    ratings: input.ratings,
    customer,
    metadata,
    channel: input.channel,
    occurredAt: input.occurredAt,
  };
  return {
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
  };
};

const mapLimit = async <T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> => {
  const results: PromiseSettledResult<R>[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        results[i] = { status: 'fulfilled', value: await fn(items[i] as T) };
      } catch (reason) {
        results[i] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
};

/**
 * Redact → dedupe → store → enqueue. All or nothing: if any write or the enqueue fails, the
 * items this call created are removed and a DependencyError is thrown, so a 202 always means
 * stored and queued. A duplicate still waiting for analysis is re-enqueued (analysis is idempotent),
 * which heals a crash between store and enqueue on the caller's retry.
 */
export const ingestFeedback = async (inputs: FeedbackInput[], deps: IngestDeps): Promise<IngestResult[]> => {
  const receivedAt = deps.now().toISOString();
  const items = inputs.map((input) => toRedactedItem(input, receivedAt));
  const outcomes = await mapLimit(items, WRITE_CONCURRENCY, (item) => deps.store.putNew(item));
  const created = outcomes.flatMap((o) =>
    o.status === 'fulfilled' && o.value.status === 'created' ? [o.value.item] : [],
  );
  const rollback = async (cause: unknown): Promise<never> => {
    await mapLimit(created, WRITE_CONCURRENCY, (item) => deps.store.remove(item.id));
    throw cause instanceof DependencyError ? cause : new DependencyError('queue', { cause });
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
