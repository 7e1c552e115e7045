import { assessUrgency } from '../triage/assess-urgency.js';
import { defaultTriageRules, rulesVersion, type TriageRules } from '../triage/rules.js';
import type { CueHit } from './cues/engine.js';
import { phraseEnd } from './japanese/phrase.js';
import type { JapaneseTokenizer, JaToken } from './japanese/tokenizer.js';
import { loadJapaneseTokenizer } from './japanese/tokenizer.js';
import { extractKeyPhrases } from './key-phrases.js';
import { detectLanguage } from './language.js';
import {
  combineSentiment,
  combineTopics,
  combineUrgency,
  isShortRemark,
  type Support,
  urgencySupport,
} from './model/combine.js';
import { extractFeatures, type Features } from './model/features.js';
import { defaultModels, type ModelSet, modelVersion } from './model/load.js';
import { type Redaction, redactPii } from './pii/redact.js';
import { scoreEnglish } from './sentiment/english.js';
import { scoreJapanese } from './sentiment/japanese.js';
import { isBareEnding, isFunctionWord, saysNothingAbout } from './sentiment/opinion-words.js';
import { splitSentences } from './text/sentences.js';
import { detectTopics, withReasonTopics } from './topics/detect-topics.js';
import { defaultTaxonomy, type Taxonomy } from './topics/taxonomy.js';
import type {
  Analysis,
  AnalysisInput,
  Analyzer,
  LanguageResult,
  SentimentResult,
  Span,
  TopicMention,
  UrgencyResult,
} from './types.js';

/** Bump when the engine's code or lexicons change; rules and taxonomy changes show up in the hash part. */
export const LOCAL_ANALYZER_VERSION = '0.1.0';

/** Options for {@link createLocalAnalyzer}; every part has a default, so `createLocalAnalyzer()` works offline. */
export interface LocalAnalyzerOptions {
  /** Pain-point taxonomy (from `loadTaxonomy`); defaults to Koe's default taxonomy. */
  taxonomy?: Taxonomy;
  /** Triage rules (from `loadTriageRules`/`parseTriageRules`); defaults to shared/triage/rules.default.json. */
  rules?: TriageRules;
  /** Folder of kuromoji's dictionary, when bundled somewhere other than node_modules. */
  kuromojiDictPath?: string;
  /** Hears about a stage that failed on one document (the stage's result is then empty); log counts, never text. */
  onStageError?: (stage: string, error: unknown) => void;
  /**
   * Trained models per language (from `loadModels`); default: the models committed in models/.
   * `{}` analyzes with the rules only.
   */
  models?: ModelSet;
  /**
   * Every input was redacted by the caller a moment before, in the same process (`koe analyze`): skip the
   * second pass, which would find nothing (`redactPii` of its own output finds nothing) and costs ~10 µs a line.
   * Off by default: the handlers redact again, in case a stored item predates a redaction rule.
   */
  inputsRedacted?: boolean;
}

/** The local analyzer, which can also hand out the rules' findings as model features (for `npm run train`). */
export interface LocalAnalyzer extends Analyzer {
  /** Rules-only analysis of each input, reduced to its detected language and model features. */
  features(
    inputs: AnalysisInput[],
  ): Promise<Array<{ language: string; features: Features; analysis: Analysis; support: Support }>>;
}

// Other languages are detected but not scored: neutral, and said to be unsure rather than guessed.
const UNSUPPORTED_CONFIDENCE = 0.1;

const neutralSentiment = (text: string, confidence: number): SentimentResult => ({
  label: 'neutral',
  score: 0,
  confidence,
  sentences: splitSentences(text).map((span) => ({ span, label: 'neutral' as const, score: 0 })),
});

/** Remembers the last text's tokens, so sentiment, key phrases and topics share one kuromoji pass. */
const rememberLast = (inner: JapaneseTokenizer): JapaneseTokenizer => {
  let lastText: string | undefined;
  let lastTokens: JaToken[] = [];
  return {
    tokenize(text) {
      if (text !== lastText) {
        lastTokens = inner.tokenize(text);
        lastText = text;
      }
      return lastTokens;
    },
  };
};

/** Japanese reasons' evidence as whole phrases (「ひどすぎる」, not 「ひど」): what a manager reads. */
const readableEvidence = (analysis: Analysis, tokens: readonly JaToken[]): Analysis => {
  let changed = false;
  const reasons = analysis.urgency.reasons.map((reason) => {
    if (!reason.evidence) return reason;
    const end = phraseEnd(tokens, reason.evidence.end);
    if (end === reason.evidence.end) return reason;
    changed = true;
    return { ...reason, evidence: { start: reason.evidence.start, end } };
  });
  return changed ? { ...analysis, urgency: { ...analysis.urgency, reasons } } : analysis;
};

/**
 * The default analyzer (`koe-local`): no network, no account. Per document: redact again (defense
 * in depth) → language → sentiment (English and Japanese; others neutral and unsure) → key phrases
 * → topics with sentence sentiment → urgency with reasons. Never throws on odd text.
 */
export const createLocalAnalyzer = (options: LocalAnalyzerOptions = {}): LocalAnalyzer => {
  const rules = options.rules ?? defaultTriageRules();
  const taxonomy = options.taxonomy ?? defaultTaxonomy;
  const models: ModelSet = options.models ?? defaultModels();
  const version = `${LOCAL_ANALYZER_VERSION}+${rulesVersion(rules, taxonomy)}${modelVersion(models)}`;
  const groupName = (group: number): string | undefined =>
    rules.rules[group]?.code ?? rules.concepts[group - rules.rules.length];
  let tokenizer: Promise<JapaneseTokenizer> | undefined;
  const japanese = () => {
    tokenizer ??= loadJapaneseTokenizer(options.kuromojiDictPath ? { dictPath: options.kuromojiDictPath } : {}).then(
      rememberLast,
    );
    return tokenizer;
  };

  const guard = <T>(stage: string, fallback: T, work: () => T): T => {
    try {
      return work();
    } catch (error) {
      options.onStageError?.(stage, error);
      return fallback;
    }
  };

  const rulesOnly = (
    input: AnalysisInput,
    language: LanguageResult,
    redaction: Redaction,
    ja?: JapaneseTokenizer,
    withFeatures = false,
  ): { analysis: Analysis; features: Features | undefined; support: Support } => {
    const { text, found: pii } = redaction;
    const code = language.code;
    const jaTokens = code === 'ja' && ja ? guard<JaToken[]>('tokenize', [], () => ja.tokenize(text)) : undefined;
    const sentiment = guard('sentiment', neutralSentiment('', 0), () =>
      code === 'en'
        ? scoreEnglish(text)
        : code === 'ja' && ja
          ? scoreJapanese(text, ja)
          : neutralSentiment(text, UNSUPPORTED_CONFIDENCE),
    );
    const keyPhrases = guard<string[]>('keyPhrases', [], () => extractKeyPhrases(text, code, jaTokens));
    const topics = guard<TopicMention[]>('topics', [], () =>
      detectTopics(text, code, sentiment.sentences, taxonomy, jaTokens),
    );
    const hits = guard<CueHit[]>('cues', [], () => rules.cues.find(text, jaTokens));
    const urgency = guard<UrgencyResult>('urgency', { level: 'normal', score: 30, reasons: [] }, () =>
      assessUrgency(
        {
          text,
          language: code,
          sentiment,
          topics,
          ...(input.ratings ? { ratings: input.ratings } : {}),
          ...(input.customer ? { customer: input.customer } : {}),
          hits,
        },
        rules,
      ),
    );
    const analysis: Analysis = {
      language,
      sentiment,
      keyPhrases,
      topics: guard('topics', topics, () => withReasonTopics(topics, urgency.reasons, sentiment.sentences, taxonomy)),
      urgency,
      pii,
      analyzer: { name: 'koe-local', version },
    };
    const features = guard<Features | undefined>('features', undefined, () =>
      withFeatures || models[code as 'en' | 'ja']
        ? extractFeatures({ text, language: code, jaTokens, hits, groupName, urgency, sentiment, topics })
        : undefined,
    );
    // A loop, not flatMap: no array per hit.
    const concepts: Array<{ name: string; span: Span }> = [];
    for (const h of hits) {
      const name = rules.concepts[h.group - rules.rules.length];
      if (name) concepts.push({ name, span: { start: h.start, end: h.end } });
    }
    return { analysis, features, support: urgencySupport(urgency.reasons, concepts) };
  };

  /** Rules first, then the language's model (when there is one) on the rules' findings. */
  const analyzeOne = (
    input: AnalysisInput,
    language: LanguageResult,
    redaction: Redaction,
    ja?: JapaneseTokenizer,
  ): Analysis => {
    const { analysis, features, support } = rulesOnly(input, language, redaction, ja);
    const combined = withModel(analysis, features, support, language, redaction);
    return language.code === 'ja' && ja ? readableEvidence(combined, ja.tokenize(redaction.text)) : combined;
  };

  /** The rules' analysis with the language's model on their findings, when there is a model. */
  const withModel = (
    analysis: Analysis,
    features: Features | undefined,
    support: Support,
    language: LanguageResult,
    redaction: Redaction,
  ): Analysis => {
    const model = models[language.code as 'en' | 'ja'];
    if (!model || !features) return analysis;
    return guard('model', analysis, () => {
      const p = model.predict(features);
      const short = isShortRemark(features, analysis.sentiment, analysis.urgency);
      const sentiment = combineSentiment(analysis.sentiment, model, p, short);
      return {
        ...analysis,
        sentiment,
        topics: combineTopics(analysis.topics, model, p, features, sentiment, (span) =>
          saysNothingAbout(redaction.text, span, language.code),
        ),
        urgency: combineUrgency(
          analysis.urgency,
          model,
          p,
          features,
          rules.config.bands,
          support,
          (span) => isFunctionWord(redaction.text, span, language.code),
          (span) => isBareEnding(redaction.text, span, language.code),
        ),
      };
    });
  };

  /** The analysis of a batch, rules only, with each comment's model features (for training). */
  const prepare = async (inputs: AnalysisInput[]) => {
    const prepared = inputs.map((input) => {
      const text = typeof input?.text === 'string' ? input.text : '';
      const redaction = options.inputsRedacted
        ? { text, found: {} }
        : guard<Redaction>('pii', { text: '', found: {} }, () => redactPii(text));
      const language = guard<LanguageResult>('language', { code: 'und', confidence: 0 }, () =>
        detectLanguage(redaction.text, input?.language),
      );
      return { input: input ?? { text: '' }, redaction, language };
    });
    // kuromoji takes a second to load: only batches with Japanese in them wait for it.
    const ja = prepared.some(({ language }) => language.code === 'ja') ? await japanese() : undefined;
    return { prepared, ja };
  };

  return {
    name: 'koe-local',
    version,
    async analyze(inputs) {
      // The analyzer scores the text it is given; redaction runs again only to count what slipped through.
      const { prepared, ja } = await prepare(inputs);
      return prepared.map(({ input, language, redaction }) => analyzeOne(input, language, redaction, ja));
    },
    async features(inputs) {
      const { prepared, ja } = await prepare(inputs);
      return prepared.map(({ input, language, redaction }) => {
        const { analysis, features, support } = rulesOnly(input, language, redaction, ja, true);
        return {
          language: analysis.language.code,
          features: features ?? { ids: [], textCount: 0, words: [] },
          analysis,
          support,
        };
      });
    },
  };
};
