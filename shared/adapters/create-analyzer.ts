import type { ComprehendClient } from '@aws-sdk/client-comprehend';
import { HybridAnalyzer, type HybridOptions } from '../analysis/hybrid-analyzer.js';
import type { Analyzer } from '../analysis/types.js';
import { ComprehendAnalyzer, type ComprehendAnalyzerOptions } from './comprehend/analyzer.js';
import { COMPREHEND_ANALYSIS_LANGUAGES } from './comprehend/languages.js';
import type { KoeRules } from './comprehend/rules.js';

/** The three analysis modes (`ANALYZER_MODE`). */
export type AnalyzerMode = 'local' | 'comprehend' | 'hybrid';

/** What the composition roots hand to `createAnalyzer`; each mode needs only part of it. */
export interface AnalyzerDeps {
  /** The local analyzer (modes `local` and `hybrid`). */
  local?: Analyzer;
  /** A Comprehend client built once at module scope (modes `comprehend` and `hybrid`). */
  comprehend?: ComprehendClient | undefined;
  /** Koe's topic and urgency rules, shared by every mode (modes `comprehend` and `hybrid`). */
  rules?: KoeRules;
  /** `HYBRID_CONFIDENCE_THRESHOLD`. */
  hybridThreshold?: number;
  comprehendOptions?: Omit<ComprehendAnalyzerOptions, 'rules'>;
  /** Hears about Comprehend failures the hybrid analyzer absorbed (log a count, never the text). */
  onRemoteError?: HybridOptions['onRemoteError'];
}

const need = <T>(value: T | undefined, what: string, mode: AnalyzerMode): T => {
  if (value === undefined) throw new Error(`analyzer mode '${mode}' needs ${what}`);
  return value;
};

/**
 * Builds the analyzer for `mode`; throws at start-up (not per message) when a dependency the mode
 * needs is missing. Hybrid passes a confident local language on to Comprehend and keeps languages
 * Comprehend cannot analyze local.
 */
export const createAnalyzer = (mode: AnalyzerMode, deps: AnalyzerDeps): Analyzer => {
  if (mode === 'local') return need(deps.local, 'a local analyzer', mode);
  const comprehend = new ComprehendAnalyzer(need(deps.comprehend, 'a ComprehendClient', mode), {
    ...deps.comprehendOptions,
    rules: need(deps.rules, "Koe's topic and urgency rules", mode),
  });
  if (mode === 'comprehend') return comprehend;
  return new HybridAnalyzer(need(deps.local, 'a local analyzer', mode), comprehend, {
    threshold: deps.hybridThreshold ?? 0.5,
    remoteLanguages: COMPREHEND_ANALYSIS_LANGUAGES,
    onRemoteError: deps.onRemoteError,
  });
};
