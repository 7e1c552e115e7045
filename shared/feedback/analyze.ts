import type { Analyzer } from '../analysis/types.js';
import { ValidationError } from '../errors.js';
import { analyzeTranscript } from '../transcripts/analyze.js';
import type { AnalysisMessage, FeedbackStore } from './ports.js';

/** What analysis needs. */
export interface AnalyzeDeps {
  store: FeedbackStore;
  analyzer: Analyzer;
  now: () => Date;
}

/** Outcome of one message: analyzed now, or skipped because it was done already or superseded. */
export type AnalyzeOutcome = 'analyzed' | 'already-analyzed' | 'superseded' | 'missing';

/** Parses a queue message body; a malformed one is a bug upstream and goes to the DLQ. */
export const parseAnalysisMessage = (body: string): AnalysisMessage => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new ValidationError('analysis message is not JSON');
  }
  const m = parsed as Partial<AnalysisMessage>;
  if (typeof m?.id !== 'string' || typeof m.revision !== 'number') {
    throw new ValidationError('analysis message needs a string id and a numeric revision');
  }
  return { id: m.id, revision: m.revision };
};

/**
 * Analyzes one stored item for the revision in the message. Idempotent: a message delivered
 * twice is analyzed once (the stored revision check, then a conditional write). Throws on
 * failure so the queue retries and finally dead-letters it.
 */
export const analyzeFeedback = async (message: AnalysisMessage, deps: AnalyzeDeps): Promise<AnalyzeOutcome> => {
  const item = await deps.store.get(message.id);
  if (!item) return 'missing';
  if (item.revision !== message.revision) return 'superseded';
  if ((item.analyzedRevision ?? 0) >= message.revision) return 'already-analyzed';
  // A transcript is analyzed from its customer turns; its analysis keeps a comment's shape.
  const [analysis] =
    item.kind === 'transcript'
      ? [await analyzeTranscript(item, deps.analyzer)]
      : await deps.analyzer.analyze([
          {
            text: item.text,
            language: item.languageHint,
            ratings: item.ratings,
            customer: item.customer,
            channel: item.channel,
          },
        ]);
  if (!analysis) throw new Error(`analyzer returned no result for ${item.id}`);
  const pii = { ...analysis.pii };
  for (const [type, n] of Object.entries(item.redacted))
    pii[type as keyof typeof pii] = (pii[type as keyof typeof pii] ?? 0) + n;
  const saved = await deps.store.saveAnalysis(
    item.id,
    message.revision,
    { ...analysis, pii },
    deps.now().toISOString(),
  );
  return saved ? 'analyzed' : 'already-analyzed';
};

/** Records that an item could not be analyzed after its last attempt (the message goes to the DLQ). */
export const recordAnalysisFailure = async (
  message: AnalysisMessage,
  reason: string,
  deps: Pick<AnalyzeDeps, 'store'>,
) => deps.store.markFailed(message.id, message.revision, reason);
