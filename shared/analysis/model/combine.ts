import { MODEL_TOPIC_ADD } from '../topics/detect-topics.js';
import {
  type SentimentResult,
  type TopicMention,
  URGENCY_RANK,
  type UrgencyLevel,
  type UrgencyReason,
  type UrgencyResult,
} from '../types.js';
import type { Features } from './features.js';
import { CRITICAL_CATEGORY_LABELS, HIGH_CATEGORY_LABELS, type Model, type Prediction } from './model.js';

/** Corpus category → the triage reason code a model reason carries (docs/triage-scale.md). */
export const CATEGORY_CODES: Record<string, string> = {
  safety: 'safety_risk',
  legal: 'legal_threat',
  security_privacy: 'security_breach',
  fraud: 'fraud',
  outage: 'outage',
  staff_abuse: 'staff_abuse',
  vulnerable_customer: 'vulnerable_customer',
  churn: 'churn_threat',
  money: 'billing_error',
  repeat_contact: 'repeat_contact',
  deadline: 'time_pressure',
  very_angry: 'very_angry',
};

const round2 = (n: number) => Math.round(n * 100) / 100;
/** A word must weigh at least this for a model-only level or topic to be shown as its evidence. */
const MIN_WORD_WEIGHT = 0.15;

/** The most likely category among `among`, by the model's category head. */
const bestCategory = (model: Model, p: Prediction, among: readonly string[]): string => {
  let best = among[0]!;
  let bestP = -1;
  for (const c of among) {
    const v = p.category[model.file.labels.category.indexOf(c)] ?? 0;
    if (v > bestP) {
      bestP = v;
      best = c;
    }
  }
  return best;
};

/**
 * Rules and model together (docs/analysis/model.md). The rules' findings are features of the model;
 * the model raises a level when it is likely enough, and lowers a rules' critical it finds unlikely.
 * A raised level carries a model reason whose evidence is the words that weighed most; a level the
 * rules justify keeps the rules' reasons.
 */
export const combineUrgency = (
  rules: UrgencyResult,
  model: Model,
  p: Prediction,
  features: Features,
  bands: Record<UrgencyLevel, { min: number; max: number }>,
  /** True when the text holds a concept (shared/analysis/concepts): the model alone never makes a critical. */
  conceptFound = true,
): UrgencyResult => {
  const d = model.file.decision;
  const [pc = 0, ph = 0, pn = 0, pl = 0] = p.urgency;
  let level: UrgencyLevel = rules.level;
  // A raise needs words behind it, not just the prior of short texts.
  const words = (label: string) => model.explain(features, 'urgency', label, 1, MIN_WORD_WEIGHT).length > 0;
  if (pc >= d.critical && conceptFound && words('critical')) level = 'critical';
  // Lowering a rules' level needs the model to be sure of a calm level, not merely unsure of the rules' one.
  else if (rules.level === 'critical' && pc < d.keepCritical && pn + pl >= 0.85) level = pn >= pl ? 'normal' : 'low';
  else if (URGENCY_RANK[level] < URGENCY_RANK.high && pc + ph >= d.high && (words('high') || words('critical')))
    level = 'high';
  else if (rules.level === 'high' && pc + ph < d.keepCritical && pn + pl >= 0.85) level = pn >= pl ? 'normal' : 'low';
  if (level === rules.level) return rules;

  const probability = level === 'critical' ? pc : level === 'high' ? pc + ph : level === 'normal' ? pn : pl;
  const band = bands[level];
  const score = band.min + Math.round(Math.min(1, probability) * (band.max - band.min));
  const kept = rules.reasons.filter((r) => URGENCY_RANK[r.level] <= URGENCY_RANK[level]);
  if (URGENCY_RANK[level] > URGENCY_RANK[rules.level]) {
    const category = bestCategory(model, p, level === 'critical' ? CRITICAL_CATEGORY_LABELS : HIGH_CATEGORY_LABELS);
    const code = CATEGORY_CODES[category] ?? 'model';
    const [heaviest] = model.explain(features, 'urgency', level, 1);
    const reason: UrgencyReason = { code, level, detail: `model ${category} p=${round2(probability)}` };
    if (heaviest) reason.evidence = heaviest;
    return { level, score, reasons: [reason, ...kept] };
  }
  const lowered: UrgencyReason = {
    code: 'model_lowered',
    level,
    detail: `model: ${rules.level} unlikely (p=${round2(level === 'high' ? pc : pc + ph)})`,
  };
  return { level, score, reasons: [...kept, lowered] };
};

/** The model's sentiment label when it is likely enough; the score keeps the lexicon's unless its sign disagrees. */
export const combineSentiment = (lexicon: SentimentResult, model: Model, p: Prediction): SentimentResult => {
  const labels = model.file.labels.sentiment;
  let best = 0;
  for (let k = 1; k < p.sentiment.length; k++) if (p.sentiment[k]! > p.sentiment[best]!) best = k;
  const label = labels[best] as SentimentResult['label'];
  if (p.sentiment[best]! < model.file.decision.sentiment || label === lexicon.label) return lexicon;
  const balance = round2(
    (p.sentiment[labels.indexOf('positive')] ?? 0) - (p.sentiment[labels.indexOf('negative')] ?? 0),
  );
  const agrees = (label === 'positive' && lexicon.score > 0) || (label === 'negative' && lexicon.score < 0);
  return {
    ...lexicon,
    label,
    score: agrees ? lexicon.score : label === 'neutral' || label === 'mixed' ? round2(lexicon.score / 2) : balance,
  };
};

/** Rules' topics are kept; topics the model finds likely are added with its heaviest words (MODEL_TOPIC_ADD, topic code). */
export const combineTopics = (
  topics: readonly TopicMention[],
  model: Model,
  p: Prediction,
  features: Features,
  sentiment: SentimentResult,
): TopicMention[] => {
  const labels = model.file.labels.topics;
  const out: TopicMention[] = [...topics];
  labels.forEach((topic, k) => {
    if (p.topics[k]! < MODEL_TOPIC_ADD || out.some((t) => t.topic === topic)) return;
    const evidence = model.explain(features, 'topics', topic, 2, MIN_WORD_WEIGHT);
    if (evidence.length === 0) return;
    out.push({ topic, sentiment: { label: sentiment.label, score: sentiment.score }, evidence });
  });
  return out;
};
