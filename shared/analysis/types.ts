/**
 * The analysis of one comment: the one documented result type every analyzer returns
 * (local, Comprehend, hybrid). Spans are UTF-16 offsets into the *redacted* text.
 */

/** Half-open range [start, end) of UTF-16 code units in the redacted text. */
export interface Span {
  start: number;
  end: number;
}

/** Sentiment labels; `mixed` means strong positive and strong negative parts. */
export const SENTIMENT_LABELS = ['positive', 'negative', 'neutral', 'mixed'] as const;
/** One sentiment label. */
export type SentimentLabel = (typeof SENTIMENT_LABELS)[number];

/** The four triage levels, most urgent first (see docs/triage-scale.md). */
export const URGENCY_LEVELS = ['critical', 'high', 'normal', 'low'] as const;
/** One triage level. */
export type UrgencyLevel = (typeof URGENCY_LEVELS)[number];
/** Order of the urgency levels (low 0 … critical 3): a level two steps from the truth is a far miss. */
export const URGENCY_RANK: Readonly<Record<UrgencyLevel, number>> = { low: 0, normal: 1, high: 2, critical: 3 };

/** Personal data kinds the redactor knows; each is replaced by `[TYPE]` in stored text. */
export const PII_TYPES = [
  'EMAIL',
  'PHONE',
  'CARD',
  'POSTAL_CODE',
  'MY_NUMBER',
  'IP_ADDRESS',
  'IBAN',
  'SSN',
  'PASSPORT',
  'DOB',
  'NAME',
  'ADDRESS',
  'OTHER',
] as const;
/** One personal data kind. */
export type PiiType = (typeof PII_TYPES)[number];

/** Sentiment of one sentence. */
export interface SentenceSentiment {
  span: Span;
  label: SentimentLabel;
  /** −1 (very negative) … 1 (very positive). */
  score: number;
}

/** Sentiment of a whole comment. */
export interface SentimentResult {
  label: SentimentLabel;
  /** −1 … 1. */
  score: number;
  /** 0 … 1; low for unsupported languages, empty or symbol-only text. */
  confidence: number;
  sentences: SentenceSentiment[];
}

/** A pain-point topic found in a comment, with the sentiment of the sentences that mention it. */
export interface TopicMention {
  /** Taxonomy id (e.g. `delivery`) or `emergent:<phrase>` for phrases outside the taxonomy. */
  topic: string;
  sentiment: { label: SentimentLabel; score: number };
  evidence: Span[];
}

/** One reason behind an urgency level; `code` is a rule id from the triage rules (e.g. `legal_threat`). */
export interface UrgencyReason {
  code: string;
  /** The level this reason alone would justify. */
  level: UrgencyLevel;
  /** Where in the text it was found; absent for reasons from ratings or customer tier. */
  evidence?: Span;
  /** Short human-readable detail, e.g. `NPS 2` or `tier enterprise`. */
  detail?: string;
  /** Transcripts: the turn the evidence is in and the span inside that turn's text (`evidence` spans the whole text). */
  turn?: { index: number; span: Span };
}

/** Urgency for triage: one level, a 0–100 score to order within a level, and why. */
export interface UrgencyResult {
  level: UrgencyLevel;
  score: number;
  reasons: UrgencyReason[];
}

/** Detected language: ISO 639-1 code (`en`, `ja`, …, `und` when unknown). */
export interface LanguageResult {
  code: string;
  confidence: number;
}

/** The analysis of one comment. */
export interface Analysis {
  language: LanguageResult;
  sentiment: SentimentResult;
  /** Normalized noun phrases (lemma, lower case), most salient first. */
  keyPhrases: string[];
  topics: TopicMention[];
  urgency: UrgencyResult;
  /** Counts of personal data found, by type (from redaction at ingest plus any the analyzer found). */
  pii: Partial<Record<PiiType, number>>;
  analyzer: { name: string; version: string };
}

/** What an analyzer is given: text that is already redacted, plus context that moves urgency. */
export interface AnalysisInput {
  text: string;
  /** Caller's language hint (ISO 639-1), used when detection is unsure. */
  language?: string;
  ratings?: Ratings;
  customer?: { id?: string | undefined; tier?: string | undefined };
  channel?: string;
}

/** Survey ratings: NPS 0–10, CSAT 1–5, CES 1–7. */
export interface Ratings {
  nps?: number | undefined;
  csat?: number | undefined;
  ces?: number | undefined;
}

/** The analyzer port: local, Comprehend and hybrid implement it. Never throws on odd text. */
export interface Analyzer {
  readonly name: string;
  readonly version: string;
  /** Analyzes documents in order; the result array lines up with the input. */
  analyze(inputs: AnalysisInput[]): Promise<Analysis[]>;
}
