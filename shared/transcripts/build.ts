import { redactPii } from '../analysis/pii/redact.js';
import type { PiiType } from '../analysis/types.js';
import { definedOnly } from '../defined-only.js';
import { contentHash, idForKey } from '../feedback/ids.js';
import { redactMetadata, scrubber, storedCustomer } from '../feedback/ingest.js';
import type { FeedbackItem } from '../feedback/model.js';
import type { StoredTurn, TranscriptInput, TurnRole } from './model.js';
import { checkTranscriptSize } from './validate.js';

/** How a turn's speaker is written in the item's text (the queue excerpt, alerts and exports show it). */
export const ROLE_LABELS: Record<TurnRole, string> = { customer: 'Customer', agent: 'Agent', bot: 'Bot' };

/**
 * Item id of a conversation: derived from (source, conversationId) like an externalId's (docs/adr/0002),
 * in its own namespace so a comment keyed on a ticket id and that ticket's transcript stay two items.
 */
export const idForConversation = (source: string, conversationId: string): string =>
  idForKey(source, `transcript\u0000${conversationId}`);

interface Turn {
  role: TurnRole;
  at: string;
  key: string;
  text: string;
}

/** A stored item's turns with their (redacted) text. */
export const turnsOf = (item: Pick<FeedbackItem, 'text' | 'turns'>): Turn[] =>
  (item.turns ?? []).map((t) => ({ role: t.role, at: t.at, key: t.key, text: item.text.slice(t.start, t.end) }));

/**
 * The conversation to store: the input's turns redacted, merged with the stored ones (a turn with a
 * tool id replaces the one with the same id; without an id, a turn is identified by role, time and
 * text), in time order. Webhooks deliver one new message at a time, `POST /v1/transcripts` the whole
 * conversation: both end up as the same item. The raw text never leaves this function.
 */
export const buildTranscriptItem = (
  input: TranscriptInput,
  receivedAt: string,
  existing?: FeedbackItem,
  pseudonymKey?: Uint8Array,
): FeedbackItem => {
  const redacted: Partial<Record<PiiType, number>> = { ...(existing?.redacted ?? {}) };
  const scrub = scrubber(redacted);
  const merged = new Map<string, Turn>();
  for (const t of existing ? turnsOf(existing) : []) merged.set(t.key, t);
  for (const t of input.turns) {
    const r = redactPii(t.text);
    const key = t.id ? `id:${t.id}` : `h:${contentHash([t.role, t.at, r.text])}`;
    const before = merged.get(key);
    if (before && before.text === r.text && before.role === t.role && before.at === t.at) continue;
    for (const [type, n] of Object.entries(r.found) as Array<[PiiType, number]>)
      redacted[type] = (redacted[type] ?? 0) + n;
    merged.set(key, { role: t.role, at: t.at, key, text: r.text });
  }
  // Stable: turns written at the same instant keep the order they arrived in.
  const turns = [...merged.values()].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  checkTranscriptSize(turns);

  let text = '';
  const stored: StoredTurn[] = turns.map((t, i) => {
    const prefix = `${i === 0 ? '' : '\n'}${ROLE_LABELS[t.role]}: `;
    const start = text.length + prefix.length;
    text += prefix + t.text;
    return { role: t.role, at: t.at, start, end: text.length, key: t.key };
  });

  const metadata =
    input.metadata || existing?.metadata
      ? { ...(existing?.metadata ?? {}), ...redactMetadata(input.metadata, scrub) }
      : undefined;
  const ratings = input.ratings || existing?.ratings ? { ...existing?.ratings, ...input.ratings } : undefined;
  const customer = input.customer ? storedCustomer(input.customer, pseudonymKey, scrub) : existing?.customer;
  const channel = input.channel;
  const occurredAt = stored[0]?.at ?? receivedAt;
  const hash = contentHash({
    turns: turns.map((t) => [t.role, t.at, t.text]),
    ratings,
    customer,
    metadata,
    channel,
    journeyStage: input.journeyStage ?? existing?.journeyStage,
  });
  return definedOnly<FeedbackItem>({
    id: idForConversation(input.source, input.conversationId),
    kind: 'transcript',
    source: input.source,
    // An identifier: validated, kept as sent (redacting it lost rows, issue 12).
    externalId: existing?.externalId ?? input.conversationId,
    channel,
    journeyStage: input.journeyStage ?? existing?.journeyStage,
    languageHint: input.language ?? existing?.languageHint,
    text,
    turns: stored,
    redacted,
    ratings,
    customer,
    metadata,
    occurredAt,
    receivedAt: existing?.receivedAt ?? receivedAt,
    revision: existing ? existing.revision + 1 : 1,
    contentHash: hash,
    status: 'queued',
    triage: existing?.triage ?? { status: 'open' },
  });
};
