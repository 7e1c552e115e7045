import { present } from '../present.js';
import type { Analysis, AnalysisInput, Analyzer, LanguageResult, PiiType } from './types.js';

/** One result from an analyzer that can tell a real answer from a fallback it made up. */
export interface SettledAnalysis {
  analysis: Analysis;
  /** False when the engine could not analyze the document and `analysis` is a low-confidence stand-in. */
  complete: boolean;
}

/** An analyzer that reports, per document, whether it really analyzed it (the Comprehend analyzer does). */
export interface SettledAnalyzer extends Analyzer {
  /** Like `analyze`; `knownLanguages[i]`, when given, spares the engine detecting document i's language. */
  analyzeSettled(
    inputs: AnalysisInput[],
    knownLanguages?: Array<LanguageResult | undefined>,
  ): Promise<SettledAnalysis[]>;
}

/** How the hybrid analyzer decides what to send on. */
export interface HybridOptions {
  /** A document goes to the remote analyzer when the local sentiment confidence is below this (0 … 1). */
  threshold: number;
  /** … or when the local language confidence is below this; defaults to `threshold`. */
  languageThreshold?: number;
  /**
   * Languages the remote analyzer can do better on. A document confidently in another language
   * (Thai, say, for Comprehend) stays local: sending it would pay for another "unsure".
   */
  remoteLanguages?: ReadonlySet<string>;
  /** Called with the errors swallowed when the remote analyzer fails a whole call (for logging). */
  onRemoteError?: ((error: unknown, documents: number) => void) | undefined;
}

/** Counters since the analyzer was built; `share` is sentToRemote / total (0 when nothing was analyzed). */
export interface HybridStats {
  total: number;
  sentToRemote: number;
  /** Sent, but the remote analyzer failed (after its retries) and the local result was kept. */
  keptLocalAfterFailure: number;
  share: number;
}

const mergePii = (a: Analysis['pii'], b: Analysis['pii']): Analysis['pii'] => {
  // Both engines may see the same name; the larger count per type avoids counting it twice.
  const out: Analysis['pii'] = { ...a };
  for (const [type, n] of Object.entries(b) as Array<[PiiType, number]>) out[type] = Math.max(out[type] ?? 0, n);
  return out;
};

const isSettled = (analyzer: Analyzer): analyzer is SettledAnalyzer =>
  typeof (analyzer as Partial<SettledAnalyzer>).analyzeSettled === 'function';

/**
 * Local first, remote only where the local analyzer is unsure: each document is analyzed locally;
 * those whose sentiment (or language) confidence is below the threshold go to the remote analyzer
 * (Comprehend) in one call, and its results replace the local ones. If the remote analyzer fails
 * for a document — a whole call throwing after its retries, or one document it could not analyze —
 * the local result is kept and counted, so a Comprehend outage degrades quality, not the pipeline.
 */
export class HybridAnalyzer implements Analyzer {
  readonly name = 'hybrid';
  readonly version: string;
  private readonly counters = { total: 0, sentToRemote: 0, keptLocalAfterFailure: 0 };

  constructor(
    private readonly local: Analyzer,
    private readonly remote: Analyzer,
    private readonly options: HybridOptions,
  ) {
    this.version = `${local.name}-${local.version}|${remote.name}-${remote.version}`;
  }

  /** Counters for a metric (e.g. the share of comments that cost a Comprehend call). */
  stats(): HybridStats {
    const { total, sentToRemote, keptLocalAfterFailure } = this.counters;
    return { total, sentToRemote, keptLocalAfterFailure, share: total === 0 ? 0 : sentToRemote / total };
  }

  /** True when the local result is unsure enough, and the remote analyzer could plausibly do better. */
  needsRemote(input: AnalysisInput, local: Analysis): boolean {
    if (input.text.trim() === '') return false; // nothing any engine can add
    const languageThreshold = this.options.languageThreshold ?? this.options.threshold;
    const languageUnsure = local.language.confidence < languageThreshold;
    const remoteCannotHelp = !languageUnsure && this.options.remoteLanguages?.has(local.language.code) === false;
    if (remoteCannotHelp) return false;
    return languageUnsure || local.sentiment.confidence < this.options.threshold;
  }

  async analyze(inputs: AnalysisInput[]): Promise<Analysis[]> {
    const locals = await this.local.analyze(inputs);
    const routed = inputs.flatMap((input, index) => {
      const local = present(locals[index], "an input's local analysis");
      return this.needsRemote(input, local) ? [{ input, local, index }] : [];
    });
    this.counters.total += inputs.length;
    this.counters.sentToRemote += routed.length;
    const results = locals.map((a) => this.relabel(a));
    if (routed.length === 0) return results;

    const remoteInputs = routed.map(({ input }) => input);
    let settled: SettledAnalysis[];
    try {
      settled = isSettled(this.remote)
        ? await this.remote.analyzeSettled(
            remoteInputs,
            routed.map(({ local }) => this.trustedLanguage(local)),
          )
        : (await this.remote.analyze(remoteInputs)).map((analysis) => ({ analysis, complete: true }));
    } catch (error) {
      this.counters.keptLocalAfterFailure += routed.length;
      this.options.onRemoteError?.(error, routed.length);
      return results;
    }
    routed.forEach(({ local, index }, k) => {
      const remote = settled[k];
      if (!remote?.complete) {
        this.counters.keptLocalAfterFailure++;
        return;
      }
      results[index] = this.relabel({
        ...remote.analysis,
        pii: mergePii(local.pii, remote.analysis.pii),
      });
    });
    return results;
  }

  // A confident local language is passed on so the remote analyzer need not pay to detect it again.
  private trustedLanguage(local: Analysis): LanguageResult | undefined {
    const languageThreshold = this.options.languageThreshold ?? this.options.threshold;
    return local.language.confidence >= languageThreshold ? local.language : undefined;
  }

  private relabel(analysis: Analysis): Analysis {
    return { ...analysis, analyzer: { name: this.name, version: this.version } };
  }
}
