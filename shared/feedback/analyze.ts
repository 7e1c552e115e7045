import { type AlertOutcome, alertIfCritical } from '../alerts/alert-critical.js';
import type { AlertMarks, AlertSender } from '../alerts/ports.js';
import type { JapaneseTokenizer } from '../analysis/japanese/tokenizer.js';
import type { Analysis, AnalysisInput, Analyzer } from '../analysis/types.js';
import { definedOnly } from '../defined-only.js';
import { ConflictError, ValidationError } from '../errors.js';
import { analyzeTranscript } from '../transcripts/analyze.js';
import { triageAfterAnalysis } from '../triage/effective.js';
import { DEFAULT_SLA, type SlaMinutes } from '../triage/sla.js';
import type { FeedbackItem } from './model.js';
import type { AnalysisMessage, FeedbackStore } from './ports.js';

/** What analysis needs. */
export interface AnalyzeDeps {
  store: Pick<FeedbackStore, 'get' | 'getMany' | 'saveAnalysis' | 'markFailed'>;
  analyzer: Analyzer;
  /** The Japanese tokenizer for a transcript's conversation cues (default: kuromoji's installed dictionary). */
  japanese?: () => Promise<JapaneseTokenizer>;
  /** Decides `triage.dueAt` of an analyzed item (default DEFAULT_SLA). */
  sla?: SlaMinutes;
  now: () => Date;
  /** Deliveries of a message before its failure is final (the queue's maxReceiveCount): the item is then marked failed. */
  maxReceiveCount: number;
  /** On-duty alerts for critical items (SNS on AWS; outbox/webhook locally); absent = no alerts. */
  alerts?:
    | { store: Pick<FeedbackStore, 'get'> & AlertMarks; sender: AlertSender; dashboardUrl?: string | undefined }
    | undefined;
}

/** Outcome of one message: analyzed now, or skipped because it was done already or superseded. */
export type AnalyzeOutcome = 'analyzed' | 'already-analyzed' | 'superseded' | 'missing';

/** One delivery of an analysis message: which item and revision, and how many times it was received (1 = first). */
export interface AnalysisDelivery {
  message: AnalysisMessage;
  attempt: number;
}

/** What became of one delivery: done (with its outcome and alert), or failed with the error to retry on. */
export type DeliveryResult =
  | { ok: true; outcome: AnalyzeOutcome; alert?: AlertOutcome }
  | { ok: false; error: Error; final: boolean };

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

/** Attempts at the compare-and-set write when a triage action keeps landing in between. */
const SAVE_ATTEMPTS = 5;

const inputOf = (item: FeedbackItem): AnalysisInput =>
  definedOnly<AnalysisInput>({
    text: item.text,
    language: item.languageHint,
    ratings: item.ratings,
    customer: item.customer,
    channel: item.channel,
  });

/** Adds the personal data removed at ingest to what the analyzer found in the redacted text. */
const withIngestPii = (item: FeedbackItem, analysis: Analysis): Analysis => {
  const pii = { ...analysis.pii };
  for (const [type, n] of Object.entries(item.redacted))
    pii[type as keyof typeof pii] = (pii[type as keyof typeof pii] ?? 0) + n;
  return { ...analysis, pii };
};

/**
 * Analyzes items: comments in one analyzer call (a transcript each on its own). If that call fails,
 * each comment is analyzed alone, so one document the analyzer cannot take fails alone.
 */
const analyzeItems = async (
  items: FeedbackItem[],
  { analyzer, japanese }: Pick<AnalyzeDeps, 'analyzer' | 'japanese'>,
): Promise<Array<Analysis | Error>> => {
  const results: Array<Analysis | Error> = new Array(items.length);
  const one = async (item: FeedbackItem): Promise<Analysis> => {
    if (item.kind === 'transcript') return analyzeTranscript(item, analyzer, japanese ? { japanese } : {});
    const [analysis] = await analyzer.analyze([inputOf(item)]);
    if (!analysis) throw new Error(`analyzer returned no result for ${item.id}`);
    return analysis;
  };
  const settle = async (index: number, item: FeedbackItem) => {
    try {
      results[index] = await one(item);
    } catch (error) {
      results[index] = error as Error;
    }
  };
  const comments = items.flatMap((item, index) => (item.kind === 'transcript' ? [] : [{ item, index }]));
  const transcripts = items.flatMap((item, index) => (item.kind === 'transcript' ? [settle(index, item)] : []));
  if (comments.length > 1) {
    try {
      const analyses = await analyzer.analyze(comments.map((c) => inputOf(c.item)));
      if (analyses.length !== comments.length) throw new Error('analyzer returned a result per input but not all');
      comments.forEach((c, i) => {
        results[c.index] = analyses[i] as Analysis;
      });
    } catch {
      await Promise.all(comments.map((c) => settle(c.index, c.item)));
    }
  } else {
    await Promise.all(comments.map((c) => settle(c.index, c.item)));
  }
  await Promise.all(transcripts);
  return results;
};

/**
 * Writes the analysis and the triage state decided from it (overrides win, the SLA sets `dueAt`) in
 * one compare-and-set; when a triage action or a new revision landed in between it re-reads and
 * decides again. Returns the item as stored, or why nothing was written.
 */
const saveAnalysis = async (
  read: FeedbackItem,
  analysis: Analysis,
  deps: AnalyzeDeps,
): Promise<{ outcome: AnalyzeOutcome; item?: FeedbackItem }> => {
  let current: FeedbackItem | undefined = read;
  const revision = read.revision;
  for (let attempt = 0; attempt < SAVE_ATTEMPTS; attempt++) {
    if (!current) return { outcome: 'missing' };
    if (current.revision !== revision) return { outcome: 'superseded' };
    if ((current.analyzedRevision ?? 0) >= revision) return { outcome: 'already-analyzed', item: current };
    const triage = triageAfterAnalysis(current.triage, analysis, current.receivedAt, deps.sla ?? DEFAULT_SLA);
    const analyzedAt = deps.now().toISOString();
    if (await deps.store.saveAnalysis(current, analysis, triage, analyzedAt)) {
      const { failure: _cleared, ...rest } = current;
      return {
        outcome: 'analyzed',
        item: { ...rest, status: 'analyzed', analysis, analyzedRevision: revision, analyzedAt, triage },
      };
    }
    current = await deps.store.get(read.id);
  }
  throw new ConflictError(`item ${read.id} kept changing during analysis`);
};

/**
 * Analyzes a batch of deliveries of the analysis queue: one read of all their items, one analyzer
 * call, one conditional write per item analyzed, then the on-duty alert for critical items from
 * what is already in hand. Idempotent: a message delivered twice (or twice in one batch) is analyzed
 * once — the stored revision check, then the compare-and-set write. A delivery that fails is
 * reported alone so the queue retries it, and at its last attempt the item is marked failed (the
 * message then goes to the DLQ). Results line up with `deliveries`.
 */
export const analyzeBatch = async (deliveries: AnalysisDelivery[], deps: AnalyzeDeps): Promise<DeliveryResult[]> => {
  const fail = async (delivery: AnalysisDelivery, error: Error): Promise<DeliveryResult> => {
    const final = delivery.attempt >= deps.maxReceiveCount;
    if (final) {
      const { id, revision } = delivery.message;
      await deps.store.markFailed(id, revision, error.message).catch(() => undefined); // the DLQ keeps the message either way
    }
    return { ok: false, error, final };
  };
  let items: Map<string, FeedbackItem>;
  try {
    items = await deps.store.getMany(deliveries.map((d) => d.message.id));
  } catch (error) {
    return Promise.all(deliveries.map((d) => fail(d, error as Error)));
  }

  // What each delivery needs: the item to analyze (once per id and revision), or nothing.
  const work = new Map<string, FeedbackItem>();
  const key = (m: AnalysisMessage) => `${m.id}\u0000${m.revision}`;
  for (const { message } of deliveries) {
    const item = items.get(message.id);
    if (item && item.revision === message.revision && (item.analyzedRevision ?? 0) < message.revision)
      work.set(key(message), item);
  }
  const toAnalyze = [...work.values()];
  const analyses = await analyzeItems(toAnalyze, deps);
  const saved = new Map<string, Promise<{ outcome: AnalyzeOutcome; item?: FeedbackItem }>>();
  toAnalyze.forEach((item, i) => {
    const analysis = analyses[i];
    saved.set(
      key({ id: item.id, revision: item.revision }),
      analysis instanceof Error || analysis === undefined
        ? Promise.reject(analysis ?? new Error(`no analysis for ${item.id}`))
        : saveAnalysis(item, withIngestPii(item, analysis), deps),
    );
  });
  // A rejected promise shared by two deliveries must not be reported unhandled before both await it.
  for (const p of saved.values()) p.catch(() => undefined);

  const alerted = new Map<string, Promise<AlertOutcome>>();
  const alert = (item: FeedbackItem) => {
    const { alerts } = deps;
    if (!alerts) return Promise.resolve(undefined);
    let pending = alerted.get(item.id);
    if (!pending) {
      pending = alertIfCritical(item, { ...alerts, now: deps.now });
      alerted.set(item.id, pending);
    }
    return pending;
  };

  const reported = new Set<string>();
  return Promise.all(
    deliveries.map(async (delivery): Promise<DeliveryResult> => {
      const { message } = delivery;
      // The same message twice in one batch: analyzed once, and only the first says so.
      const first = !reported.has(key(message));
      reported.add(key(message));
      try {
        const item = items.get(message.id);
        let result: { outcome: AnalyzeOutcome; item?: FeedbackItem };
        if (!item) result = { outcome: 'missing' };
        else if (item.revision !== message.revision) result = { outcome: 'superseded' };
        else result = (await saved.get(key(message))) ?? { outcome: 'already-analyzed', item };
        if (!first && result.outcome === 'analyzed') result = { ...result, outcome: 'already-analyzed' };
        // Also after 'already-analyzed': a redelivery after a failed alert must still send it.
        const alertOutcome = result.item ? await alert(result.item) : undefined;
        return { ok: true, outcome: result.outcome, ...(alertOutcome ? { alert: alertOutcome } : {}) };
      } catch (error) {
        return fail(delivery, error as Error);
      }
    }),
  );
};
