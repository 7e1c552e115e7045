import type {
  AnalysisInput,
  SentenceSentiment,
  SentimentResult,
  TopicMention,
  UrgencyResult,
} from '../../analysis/types.js';

/**
 * Koe's own rules that every mode shares, so that a topic or an urgency level means the same
 * whichever engine scored the sentiment. Injected (not imported) so the Comprehend adapter does
 * not depend on how the topic and triage modules spell their options; `create-analyzer.ts` wires them.
 */
export interface KoeRules {
  /** Changes whenever the taxonomy or the triage rules change; goes into the analyzer version. */
  readonly version: string;
  /** Pain-point topics in `text`, each with the sentiment of the sentences that mention it. */
  topics(text: string, context: { language: string; sentences: SentenceSentiment[] }): TopicMention[];
  /** Urgency level, score and reasons for `input` (whose text is the one analyzed). */
  urgency(
    input: AnalysisInput,
    context: { language: string; sentiment: SentimentResult; topics: TopicMention[] },
  ): UrgencyResult;
}
