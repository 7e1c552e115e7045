import { detectTopics } from '../../analysis/topics/detect-topics.js';
import { defaultTaxonomy, type Taxonomy } from '../../analysis/topics/taxonomy.js';
import type {
  AnalysisInput,
  SentenceSentiment,
  SentimentResult,
  TopicMention,
  UrgencyResult,
} from '../../analysis/types.js';
import { assessUrgency } from '../../triage/assess-urgency.js';
import { defaultTriageRules, rulesVersion, type TriageRules } from '../../triage/rules.js';

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

/** Koe's topic taxonomy and triage rules as {@link KoeRules}; both default to Koe's defaults. */
export const createKoeRules = (options: { taxonomy?: Taxonomy; rules?: TriageRules } = {}): KoeRules => {
  const taxonomy = options.taxonomy ?? defaultTaxonomy;
  const rules = options.rules ?? defaultTriageRules();
  return {
    version: rulesVersion(rules, taxonomy),
    topics: (text, { language, sentences }) => detectTopics(text, language, sentences, taxonomy),
    urgency: (input, { language, sentiment, topics }) =>
      assessUrgency(
        {
          text: input.text,
          language,
          sentiment,
          topics,
          ...(input.ratings ? { ratings: input.ratings } : {}),
          ...(input.customer ? { customer: input.customer } : {}),
        },
        rules,
      ),
  };
};
