import type { Analysis, SentimentLabel, UrgencyLevel, UrgencyReason } from '../../shared/analysis/types.js';
import { toRedactedItem } from '../../shared/feedback/ingest.js';
import type { FeedbackItem } from '../../shared/feedback/model.js';

/** A hand-made analysis: the level, score, topics and sentiment a test needs, nothing learned. */
export const analysisOf = (
  level: UrgencyLevel,
  options: {
    score?: number | undefined;
    topics?: string[] | undefined;
    sentiment?: SentimentLabel;
    reasons?: UrgencyReason[];
  } = {},
): Analysis => ({
  language: { code: 'en', confidence: 0.99 },
  sentiment: { label: options.sentiment ?? 'negative', score: -0.7, confidence: 0.9, sentences: [] },
  keyPhrases: [],
  topics: (options.topics ?? ['billing']).map((topic) => ({
    topic,
    sentiment: { label: 'negative', score: -0.7 },
    evidence: [],
  })),
  urgency: { level, score: options.score ?? 80, reasons: options.reasons ?? [{ code: 'test_rule', level }] },
  pii: {},
  analyzer: { name: 'fixture', version: '1' },
});

/** A stored-shape item (redacted at "ingest") received at `receivedAt`. */
export const itemOf = (text: string, key: string, receivedAt = '2026-11-22T09:00:00.000Z'): FeedbackItem =>
  toRedactedItem(
    { text, source: 'triage-test', externalId: key, channel: 'email', occurredAt: receivedAt },
    receivedAt,
  );
