import { DependencyError } from '../errors.js';
import type { PseudonymKey } from '../feedback/ids.js';
import type { AnalysisQueue } from '../feedback/ports.js';
import { buildTranscriptItem, idForConversation } from './build.js';
import type { TranscriptInput } from './model.js';
import type { TranscriptStore } from './ports.js';

/** What transcript ingest needs. */
export interface TranscriptIngestDeps {
  store: TranscriptStore;
  queue: AnalysisQueue;
  now: () => Date;
  /** The installation's pseudonym secret, for the customer id (see IngestDeps.pseudonymKey). */
  pseudonymKey?: PseudonymKey;
}

/** The answer: the conversation's item id, what happened, its revision and how many turns it now holds. */
export interface TranscriptIngestResult {
  id: string;
  status: 'queued' | 'updated' | 'duplicate';
  revision: number;
  turns: number;
}

const ATTEMPTS = 5;

/**
 * Redact → merge with the stored conversation → store → enqueue. A new conversation is created
 * (conditional put); the same content again is a duplicate and writes nothing; new or changed turns
 * replace the content as the next revision (compare-and-set on the revision) and re-queue it, so a
 * stale analysis is superseded. If the enqueue fails after an update, the caller's retry heals it:
 * the content is then the same, the item still `queued`, and it is enqueued again.
 */
export const ingestTranscript = async (
  input: TranscriptInput,
  deps: TranscriptIngestDeps,
): Promise<TranscriptIngestResult> => {
  const id = idForConversation(input.source, input.conversationId);
  const receivedAt = deps.now().toISOString();
  const key = input.customer?.id !== undefined ? await deps.pseudonymKey?.() : undefined;
  const enqueue = async (revision: number) => {
    try {
      await deps.queue.send([{ id, revision }]);
    } catch (error) {
      throw error instanceof DependencyError ? error : new DependencyError('queue', { cause: error });
    }
  };
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const existing = await deps.store.get(id);
    const item = buildTranscriptItem(input, receivedAt, existing, key);
    const result = (status: TranscriptIngestResult['status'], revision: number) => ({
      id,
      status,
      revision,
      turns: item.turns?.length ?? 0,
    });
    if (!existing) {
      const outcome = await deps.store.putNew(item);
      if (outcome.status === 'duplicate') continue; // created concurrently: merge into it
      try {
        await enqueue(item.revision);
      } catch (error) {
        await deps.store.remove(id);
        throw error;
      }
      return result('queued', item.revision);
    }
    if (item.contentHash === existing.contentHash) {
      if (existing.status === 'queued') await enqueue(existing.revision);
      return result('duplicate', existing.revision);
    }
    if (!(await deps.store.replaceContent(item, existing.revision))) continue;
    await enqueue(item.revision);
    return result('updated', item.revision);
  }
  throw new DependencyError('DynamoDB (the conversation kept changing)');
};
