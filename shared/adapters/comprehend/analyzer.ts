import {
  BatchDetectDominantLanguageCommand,
  type BatchDetectDominantLanguageItemResult,
  BatchDetectKeyPhrasesCommand,
  type BatchDetectKeyPhrasesItemResult,
  BatchDetectSentimentCommand,
  type BatchDetectSentimentItemResult,
  type BatchItemError,
  type ComprehendClient,
  DetectPiiEntitiesCommand,
  type LanguageCode,
} from '@aws-sdk/client-comprehend';
import type { SettledAnalysis, SettledAnalyzer } from '../../analysis/hybrid-analyzer.js';
import { splitSentences } from '../../analysis/text/sentences.js';
import type {
  Analysis,
  AnalysisInput,
  LanguageResult,
  SentenceSentiment,
  SentimentResult,
  Span,
} from '../../analysis/types.js';
import { DependencyError } from '../../errors.js';
import { mapLimit } from '../../map-limit.js';
import { present } from '../../present.js';
import { type Chunk, chunkBySentences, sentenceChunks } from './chunks.js';
import { toKeyPhrases } from './key-phrases.js';
import { COMPREHEND_PII_LANGUAGES, toComprehendLanguage, toKoeLanguage } from './languages.js';
import { countPii, maskPii, type PiiFinding, toPiiFindings } from './pii.js';
import { DEFAULT_RETRY, type RetryPolicy, type Sleep, sleep, withRetry } from './retry.js';
import type { KoeRules } from './rules.js';
import { aggregateSentiment, toClassScores } from './sentiment.js';

/** The Comprehend API version the adapter is written against. */
export const COMPREHEND_API_VERSION = '2017-11-27';

/** Documents per Batch* call: Comprehend's limit. */
export const COMPREHEND_BATCH_SIZE = 25;

/**
 * UTF-8 bytes per document for the Batch* calls. The API says "5 KB"; older references say
 * "fewer than 5,000 bytes": Koe stays under both with a margin.
 */
export const COMPREHEND_MAX_DOCUMENT_BYTES = 4_800;

/** DetectPiiEntities takes up to 100 KB per text; Koe splits larger ones by sentence. */
export const COMPREHEND_PII_MAX_BYTES = 99_000;

/** Confidence given to a sentiment Comprehend could not produce (unsupported language, failed document). */
export const UNSURE_CONFIDENCE = 0.1;

/** Options of the Comprehend analyzer; only `rules` is required. */
export interface ComprehendAnalyzerOptions {
  rules: KoeRules;
  retry?: Partial<RetryPolicy>;
  /** Replaces the timer between retries (tests pass a no-op). */
  sleep?: Sleep;
  random?: () => number;
  maxDocumentBytes?: number;
  /**
   * `chunk` (default): one sentiment call per ≤5 KB chunk; each sentence takes its chunk's sentiment.
   * `sentence`: comments with several sentences send each sentence as its own document, which
   * gives real sentence and topic sentiment but costs at least 3 units per sentence.
   */
  sentenceSentiment?: 'chunk' | 'sentence';
  /** Comprehend PII detection on top of Koe's rules (en, es only); default on, minimum score 0.5. */
  pii?: { enabled?: boolean; minScore?: number };
  /** Below this detection score the caller's language hint wins. */
  languageHintBelow?: number;
  /** Rounds for documents a batch reported in its ErrorList with a transient code. */
  itemAttempts?: number;
  maxKeyPhrases?: number;
  /** DetectPiiEntities calls in flight at once (it has no batch form). */
  piiConcurrency?: number;
}

// A response that names a document, not the service, as the problem: retrying it as is cannot help.
const DOCUMENT_ERRORS = new Set([
  'InvalidRequestException',
  'TextSizeLimitExceededException',
  'UnsupportedLanguageException',
  'BatchSizeLimitExceededException',
]);
const PERMANENT_ITEM_CODE = /UNSUPPORTED|SIZE|INVALID|LANGUAGE/i;

interface BatchJob {
  text: string;
  language?: LanguageCode | undefined;
}

interface BatchResponse<R> {
  ResultList?: R[] | undefined;
  ErrorList?: BatchItemError[] | undefined;
}

/** Results that line up with every document's jobs in turn, split back per document (`counts[k]` jobs each). */
const perDocument = <R>(results: readonly R[], counts: readonly number[]): R[][] => {
  let at = 0;
  return counts.map((n) => {
    at += n;
    return results.slice(at - n, at);
  });
};

/** Where one document stands while its batch calls are in flight. */
interface Doc {
  input: AnalysisInput;
  text: string;
  language: LanguageResult;
  comprehendLanguage?: LanguageCode | undefined;
  complete: boolean;
  pii: PiiFinding[];
  sentimentPieces: Chunk[];
  phraseChunks: Chunk[];
}

const pieceFor = (pieces: Chunk[], span: Span): number => {
  // The piece holding most of the sentence (a sentence can straddle a hard split).
  let best = -1;
  let bestOverlap = 0;
  pieces.forEach((p, i) => {
    const overlap = Math.min(p.span.end, span.end) - Math.max(p.span.start, span.start);
    if (overlap > bestOverlap) [best, bestOverlap] = [i, overlap];
  });
  return best;
};

/**
 * Analyzer on Amazon Comprehend's real-time Batch* APIs: dominant language, sentiment and key
 * phrases 25 documents a call, chunked by sentence under 5 KB; DetectPiiEntities for English and
 * Spanish on top of Koe's redaction rules. Topics and urgency come from Koe's own rules over
 * Comprehend's sentiment, so they mean the same in every mode. Throttling and 5xx are retried with
 * jittered backoff, then DependencyError; a document Comprehend rejects gets a low-confidence result.
 */
export class ComprehendAnalyzer implements SettledAnalyzer {
  readonly name = 'comprehend';
  readonly version: string;
  private readonly retry: RetryPolicy;
  private readonly wait: Sleep;
  private readonly random: () => number;
  private readonly maxBytes: number;
  private readonly itemAttempts: number;

  constructor(
    private readonly client: ComprehendClient,
    private readonly options: ComprehendAnalyzerOptions,
  ) {
    this.version = `comprehend-${COMPREHEND_API_VERSION}+koe-rules-${options.rules.version}`;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.wait = options.sleep ?? sleep;
    this.random = options.random ?? Math.random;
    this.maxBytes = options.maxDocumentBytes ?? COMPREHEND_MAX_DOCUMENT_BYTES;
    this.itemAttempts = options.itemAttempts ?? 3;
  }

  async analyze(inputs: AnalysisInput[]): Promise<Analysis[]> {
    return (await this.analyzeSettled(inputs)).map((s) => s.analysis);
  }

  async analyzeSettled(
    inputs: AnalysisInput[],
    knownLanguages: Array<LanguageResult | undefined> = [],
  ): Promise<SettledAnalysis[]> {
    const docs: Doc[] = inputs.map((input) => ({
      input,
      text: typeof input.text === 'string' ? input.text : '',
      language: { code: 'und', confidence: 0 },
      complete: true,
      pii: [],
      sentimentPieces: [],
      phraseChunks: [],
    }));
    const live = docs.filter((d) => d.text.trim() !== '');
    const unknown: Doc[] = [];
    docs.forEach((d, i) => {
      const known = knownLanguages[i];
      if (known && d.text.trim() !== '') d.language = { ...known };
      else if (d.text.trim() !== '') unknown.push(d);
    });
    await this.detectLanguages(unknown);
    for (const d of live) d.comprehendLanguage ??= toComprehendLanguage(d.language.code);

    await this.detectPii(
      live.filter((d) => d.comprehendLanguage && COMPREHEND_PII_LANGUAGES.has(d.comprehendLanguage)),
    );

    const analyzable = live.filter((d) => d.comprehendLanguage);
    for (const d of analyzable) {
      d.text = maskPii(d.text, d.pii);
      d.phraseChunks = chunkBySentences(d.text, this.maxBytes);
      const perSentence = this.options.sentenceSentiment === 'sentence' && splitSentences(d.text).length > 1;
      d.sentimentPieces = perSentence ? sentenceChunks(d.text, this.maxBytes) : d.phraseChunks;
    }
    const [sentiments, phrases] = await Promise.all([
      this.detectSentiments(analyzable),
      this.detectKeyPhrases(analyzable),
    ]);

    return docs.map((d) => {
      const k = analyzable.indexOf(d);
      return this.finish(d, k < 0 ? [] : (sentiments[k] ?? []), k < 0 ? [] : (phrases[k] ?? []));
    });
  }

  private async detectLanguages(docs: Doc[]): Promise<void> {
    // The first chunk is enough to tell the language and keeps the call under the size limit.
    const jobs = docs.map((d) => ({ text: chunkBySentences(d.text, this.maxBytes)[0]?.text ?? d.text }));
    const results = await this.runBatches<BatchDetectDominantLanguageItemResult>(jobs, (TextList) =>
      this.client.send(new BatchDetectDominantLanguageCommand({ TextList })),
    );
    const hintBelow = this.options.languageHintBelow ?? 0.5;
    docs.forEach((d, i) => {
      const rawTop = [...(results[i]?.Languages ?? [])].sort((a, b) => (b.Score ?? 0) - (a.Score ?? 0))[0];
      const hint = d.input.language ? toKoeLanguage(d.input.language) : undefined;
      if (!rawTop) {
        // Comprehend could not say: the caller's hint, if any, is the best there is.
        d.language = { code: hint ?? 'und', confidence: 0 };
        d.complete = false;
        return;
      }
      const detected = { code: toKoeLanguage(rawTop.LanguageCode), confidence: rawTop.Score ?? 0 };
      d.language =
        hint && detected.confidence < hintBelow && hint !== detected.code ? { code: hint, confidence: 0.5 } : detected;
      if (d.language === detected) d.comprehendLanguage = toComprehendLanguage(detected.code, rawTop.LanguageCode);
    });
  }

  private async detectPii(docs: Doc[]): Promise<void> {
    if (this.options.pii?.enabled === false || docs.length === 0) return;
    const minScore = this.options.pii?.minScore ?? 0.5;
    const jobs = docs.flatMap((d) => chunkBySentences(d.text, COMPREHEND_PII_MAX_BYTES).map((chunk) => ({ d, chunk })));
    await mapLimit(jobs, this.options.piiConcurrency ?? 4, async ({ d, chunk }) => {
      const out = await this.call(() =>
        this.client.send(
          new DetectPiiEntitiesCommand({ Text: chunk.text, LanguageCode: d.comprehendLanguage as LanguageCode }),
        ),
      );
      if (!out) return; // Comprehend rejected this text; Koe's rules already redacted what they know.
      for (const f of toPiiFindings(chunk.text, out.Entities ?? [], minScore))
        d.pii.push({
          type: f.type,
          span: { start: f.span.start + chunk.span.start, end: f.span.end + chunk.span.start },
        });
    });
  }

  private async detectSentiments(docs: Doc[]): Promise<Array<Array<BatchDetectSentimentItemResult | undefined>>> {
    const jobs = docs.flatMap((d) => d.sentimentPieces.map((p) => ({ text: p.text, language: d.comprehendLanguage })));
    const results = await this.runBatches<BatchDetectSentimentItemResult>(jobs, (TextList, LanguageCode) =>
      this.client.send(new BatchDetectSentimentCommand({ TextList, LanguageCode })),
    );
    return perDocument(
      results,
      docs.map((d) => d.sentimentPieces.length),
    );
  }

  private async detectKeyPhrases(docs: Doc[]): Promise<string[][]> {
    const jobs = docs.flatMap((d) => d.phraseChunks.map((c) => ({ text: c.text, language: d.comprehendLanguage })));
    const results = await this.runBatches<BatchDetectKeyPhrasesItemResult>(jobs, (TextList, LanguageCode) =>
      this.client.send(new BatchDetectKeyPhrasesCommand({ TextList, LanguageCode })),
    );
    return perDocument(
      results,
      docs.map((d) => d.phraseChunks.length),
    ).map((chunks) =>
      toKeyPhrases(
        chunks.flatMap((r) => r?.KeyPhrases ?? []),
        this.options.maxKeyPhrases ?? 10,
      ),
    );
  }

  private finish(
    d: Doc,
    results: Array<BatchDetectSentimentItemResult | undefined>,
    keyPhrases: string[],
  ): SettledAnalysis {
    const pieces = d.sentimentPieces;
    const mapped = results.map((r) =>
      r
        ? aggregateSentiment([{ scores: toClassScores(r.SentimentScore), sentiment: r.Sentiment, weight: 1 }])
        : undefined,
    );
    const overall = aggregateSentiment(
      pieces.flatMap(({ span }, i) => {
        const r = results[i];
        return r
          ? [{ scores: toClassScores(r.SentimentScore), sentiment: r.Sentiment, weight: span.end - span.start }]
          : [];
      }),
    );
    // A supported document whose every piece failed is a stand-in, not an answer.
    if (d.comprehendLanguage && pieces.length > 0 && !overall) d.complete = false;
    const sentences: SentenceSentiment[] = splitSentences(d.text).map((span) => {
      const piece = mapped[pieceFor(pieces, span)];
      return { span, label: piece?.label ?? 'neutral', score: piece?.score ?? 0 };
    });
    const sentiment: SentimentResult = overall
      ? { ...overall, sentences }
      : { label: 'neutral', score: 0, confidence: d.text.trim() === '' ? 0 : UNSURE_CONFIDENCE, sentences };
    const language = d.language.code;
    const topics = this.options.rules.topics(d.text, { language, sentences });
    const urgency = this.options.rules.urgency({ ...d.input, text: d.text }, { language, sentiment, topics });
    const analysis: Analysis = {
      language: d.language,
      sentiment,
      keyPhrases,
      topics,
      urgency,
      pii: countPii(d.pii),
      analyzer: { name: this.name, version: this.version },
    };
    return { analysis, complete: d.complete };
  }

  /**
   * Sends `jobs` in calls of at most 25 that share a LanguageCode; a document in the ErrorList with
   * a transient code is sent again in a later round. Results line up with `jobs`; a document that
   * never succeeded is undefined.
   */
  private async runBatches<R extends { Index?: number | undefined }>(
    jobs: BatchJob[],
    send: (texts: string[], language: LanguageCode | undefined) => Promise<BatchResponse<R>>,
  ): Promise<Array<R | undefined>> {
    const results: Array<R | undefined> = new Array(jobs.length).fill(undefined);
    const groups = new Map<string, number[]>();
    jobs.forEach((job, i) => {
      const key = job.language ?? '';
      groups.set(key, [...(groups.get(key) ?? []), i]);
    });
    for (const [key, indices] of groups) {
      const language = (key || undefined) as LanguageCode | undefined;
      let pending = indices;
      for (let round = 1; pending.length > 0 && round <= this.itemAttempts; round++) {
        const again: number[] = [];
        for (let s = 0; s < pending.length; s += COMPREHEND_BATCH_SIZE) {
          const slice = pending.slice(s, s + COMPREHEND_BATCH_SIZE);
          again.push(...(await this.sendSlice(slice, jobs, language, send, results)));
        }
        pending = again;
      }
    }
    return results;
  }

  // Returns the indices worth another round.
  private async sendSlice<R extends { Index?: number | undefined }>(
    slice: number[],
    jobs: BatchJob[],
    language: LanguageCode | undefined,
    send: (texts: string[], language: LanguageCode | undefined) => Promise<BatchResponse<R>>,
    results: Array<R | undefined>,
  ): Promise<number[]> {
    const out = await this.call(() =>
      send(
        slice.map((i) => present(jobs[i], 'job of a batch').text),
        language,
      ),
    );
    if (!out) {
      // The call as a whole was refused for a document's sake: find out which, one by one.
      if (slice.length === 1) return [];
      const again: number[] = [];
      for (const i of slice) again.push(...(await this.sendSlice([i], jobs, language, send, results)));
      return again;
    }
    const seen = new Set<number>();
    for (const r of out.ResultList ?? []) {
      const i = slice[r.Index ?? -1];
      if (i === undefined) continue;
      results[i] = r;
      seen.add(i);
    }
    const again: number[] = [];
    for (const e of out.ErrorList ?? []) {
      const i = slice[e.Index ?? -1];
      if (i === undefined) continue;
      seen.add(i);
      if (!PERMANENT_ITEM_CODE.test(e.ErrorCode ?? '')) again.push(i);
    }
    // A document missing from both lists was not processed: try it again.
    for (const i of slice) if (!seen.has(i)) again.push(i);
    return again;
  }

  /** One call with retries: undefined when Comprehend rejected the document, DependencyError when the service failed. */
  private async call<T>(fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await withRetry(fn, 'Comprehend', this.retry, this.wait, this.random);
    } catch (error) {
      if (error instanceof DependencyError) throw error;
      if (DOCUMENT_ERRORS.has((error as Error)?.name)) return undefined;
      throw new DependencyError('Comprehend', { cause: error });
    }
  }
}
