import type { CueHit } from '../analysis/cues/engine.js';
import type { JaToken } from '../analysis/japanese/tokenizer.js';
import { splitSentences } from '../analysis/text/sentences.js';
import {
  type Ratings,
  type SentimentResult,
  type Span,
  type TopicMention,
  URGENCY_RANK,
  type UrgencyLevel,
  type UrgencyReason,
  type UrgencyResult,
} from '../analysis/types.js';
import type { TriageRules } from './rules.js';

/** What triage looks at: the (redacted) text and what the analyzer already found, plus context. */
export interface UrgencyInput {
  text: string;
  /** Detected language code; cues of both languages are always looked for (comments mix them). */
  language: string;
  sentiment: SentimentResult;
  topics: TopicMention[];
  ratings?: Ratings;
  customer?: { id?: string | undefined; tier?: string | undefined };
  /** kuromoji morphemes of `text`: Japanese cues then match at morpheme boundaries. */
  jaTokens?: readonly JaToken[];
  /** `rules.cues.find(text, jaTokens)` when the caller already has it (the model reads the same hits). */
  hits?: readonly CueHit[];
}

interface Found {
  reason: UrgencyReason;
  weight: number;
  /** Tier boosts count at full weight whatever the final level. */
  flat?: boolean;
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

/** The sentence with the most extreme score of the given sign, for evidence. */
const extremeSentence = (sentiment: SentimentResult, sign: -1 | 1): Span | undefined => {
  let best: Span | undefined;
  let bestScore = 0;
  for (const s of sentiment.sentences) {
    if (s.score * sign > bestScore) {
      bestScore = s.score * sign;
      best = s.span;
    }
  }
  return best;
};

const letterStats = (text: string): { letters: number; upper: number } => {
  let letters = 0;
  let upper = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) {
      letters++;
      upper++;
    } else if (c >= 97 && c <= 122) letters++;
  }
  return { letters, upper };
};

/** Longest evidence (UTF-16 units) a combination may span. */
const MAX_COMBINATION_SPAN = 70;
/** Hits of a combination's first concept tried as its anchor, per sentence. */
const MAX_ANCHORS = 4;

/**
 * Concept combinations found within one sentence ("a screw in the soup": FOREIGN_OBJECT + FOOD),
 * each with the span from its first to its last concept as evidence; none where the sentence also
 * holds one of the combination's `unless` concepts (a lock already lifted).
 */
export const combineConcepts = (
  text: string,
  conceptHits: readonly CueHit[],
  rules: TriageRules,
): Array<{ code: string; label: string; evidence: Span }> => {
  const out: Array<{ code: string; label: string; evidence: Span }> = [];
  // One pass over the hits by start, sentence by sentence (a filter per sentence is quadratic in a long text).
  const byStart = [...conceptHits].sort((a, b) => a.start - b.start);
  let next = 0;
  for (const sentence of splitSentences(text)) {
    while (next < byStart.length && (byStart[next] as CueHit).start < sentence.start) next++;
    const inside: CueHit[] = [];
    for (; next < byStart.length && (byStart[next] as CueHit).start < sentence.end; next++) {
      const hit = byStart[next] as CueHit;
      if (hit.end <= sentence.end) inside.push(hit);
    }
    if (inside.length < 2) continue;
    for (const combination of rules.combinations) {
      if (combination.unless.length > 0 && inside.some((h) => combination.unless.includes(h.group))) continue;
      // Slots by index and a running span, not a rest array and spreads: this runs per combination and sentence.
      const { slots } = combination;
      const first = slots[0];
      if (!first) continue;
      // Each hit of the first slot in turn anchors, until every other slot has a hit that does not overlap the
      // ones chosen, within a clause's reach ("without cell service" is the down, so the service is another word).
      let tries = 0;
      for (const anchor of inside) {
        if (!first.includes(anchor.group)) continue;
        // A few anchors are enough for a real sentence and keep a pathological one (thousands of hits) linear.
        if (++tries > MAX_ANCHORS) break;
        const chosen = [anchor];
        for (let s = 1; s < slots.length; s++) {
          const slot = slots[s] as number[];
          // Every other slot takes its hit nearest to the anchor ("my risotto … bit down on … a piece of metal":
          // the bite, not the risotto 70 characters back, goes with the metal).
          let hit: CueHit | undefined;
          let distance = Number.POSITIVE_INFINITY;
          for (const h of inside) {
            if (!slot.includes(h.group) || chosen.some((c) => c.start < h.end && h.start < c.end)) continue;
            const d = Math.abs(h.start - anchor.start);
            if (d < distance) {
              hit = h;
              distance = d;
            }
          }
          if (!hit) break;
          chosen.push(hit);
        }
        if (chosen.length !== slots.length) continue;
        let start = anchor.start;
        let end = anchor.end;
        for (const c of chosen) {
          start = Math.min(start, c.start);
          end = Math.max(end, c.end);
        }
        // Within a clause's reach: concepts a long sentence apart are rarely about each other.
        if (end - start > MAX_COMBINATION_SPAN) continue;
        out.push({ code: combination.code, label: combination.label, evidence: { start, end } });
        break;
      }
    }
  }
  return out;
};

/**
 * The reasons of one comment, first per code. A class, not closures made per comment: making those
 * cost more than their work.
 */
class FoundReasons {
  readonly byCode = new Map<string, Found>();
  constructor(
    private readonly rules: TriageRules,
    private readonly sentimentScore: number,
  ) {}

  add(code: string, reason: UrgencyReason, weight: number, flat = false): void {
    if (!this.byCode.has(code)) this.byCode.set(code, { reason, weight, ...(flat ? { flat } : {}) });
  }

  addRule(code: string, evidence: Span | undefined, detail?: string): void {
    const rule = this.rules.byCode.get(code);
    if (!rule) return;
    // "Fixed right away, thanks!!!": a clearly positive comment uses these cues in passing.
    if (rule.suppressWhenSentimentAtLeast !== undefined && this.sentimentScore >= rule.suppressWhenSentimentAtLeast)
      return;
    const reason: UrgencyReason = { code, level: rule.level, detail: detail ?? rule.label };
    if (evidence) reason.evidence = evidence;
    this.add(code, reason, rule.weight);
  }
}

/**
 * A closing line that only thanks ("Thanks", "Many thanks, Laszlo" — redacted, "Thanks, [NAME]" — "Cheers!"): a sign-off,
 * not praise.
 */
const SIGN_OFF =
  /^\s*(?:many |big |huge )?(?:thanks|thank you|thx|ty|cheers)(?: (?:so much|again|in advance))?[\s,.!]*(?:[A-Z][a-z]+|\[[A-Z_]+\])?[\s.!]*$/i;

/**
 * How positive a comment is when a cue is suppressed for praise ("Fixed right away, thanks!!!"): a closing "Thanks"
 * after other sentences signs them off and praises nothing, so the other sentences' best score stands for it —
 * "…We need this working urgently please. Thanks" had read 0.51 and lost its time pressure.
 */
const withoutSignOff = (text: string, sentiment: UrgencyInput['sentiment'] | undefined, score: number): number => {
  const sentences = sentiment?.sentences ?? [];
  const last = sentences.at(-1);
  if (sentences.length < 2 || !last || !SIGN_OFF.test(text.slice(last.span.start, last.span.end))) return score;
  let best = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < sentences.length - 1; i++) best = Math.max(best, sentences[i]?.score ?? 0);
  return Math.min(score, best);
};

/**
 * Scores urgency on Koe's triage scale (docs/triage-scale.md): the level is the highest level any
 * reason justifies; the score (0–100) orders comments within the level's band, so bands never
 * overlap; reasons say why, each with its evidence span. O(text): the cues were compiled once.
 */
export const assessUrgency = (input: UrgencyInput, rules: TriageRules): UrgencyResult => {
  const text = typeof input.text === 'string' ? input.text : '';
  const { config } = rules;
  const sentimentScore = Number.isFinite(input.sentiment?.score) ? input.sentiment.score : 0;
  const found = new FoundReasons(rules, withoutSignOff(text, input.sentiment, sentimentScore));

  const hits = input.hits ?? rules.cues.find(text, input.jaTokens);
  const conceptHits: CueHit[] = [];
  for (const hit of hits) {
    const rule = rules.rules[hit.group];
    if (rule) found.addRule(rule.code, { start: hit.start, end: hit.end });
    else conceptHits.push(hit);
  }
  if (conceptHits.length > 1 && rules.combinations.length > 0) {
    for (const combo of combineConcepts(text, conceptHits, rules))
      found.addRule(combo.code, combo.evidence, combo.label);
  }

  const { allCaps, exclamations } = config.signals;
  if (allCaps && rules.allCaps) {
    const { letters, upper } = letterStats(text);
    if (letters >= allCaps.minLetters && upper / letters >= allCaps.minRatio) {
      const start = text.search(/[A-Z]/);
      found.addRule(allCaps.code, { start: Math.max(0, start), end: text.trimEnd().length }, allCaps.label);
    } else if (upper >= allCaps.minLetters) {
      rules.allCaps.lastIndex = 0;
      for (let m = rules.allCaps.exec(text); m; m = rules.allCaps.exec(text)) {
        if (letterStats(m[0]).upper >= allCaps.minLetters) {
          found.addRule(allCaps.code, { start: m.index, end: m.index + m[0].length }, allCaps.label);
          break;
        }
      }
    }
  }
  if (exclamations && rules.exclamations) {
    rules.exclamations.lastIndex = 0;
    const m = rules.exclamations.exec(text);
    if (m) found.addRule(exclamations.code, { start: m.index, end: m.index + m[0].length }, exclamations.label);
  }

  const { negative, positive } = config.sentiment;
  if (negative && sentimentScore <= negative.atMost) {
    found.addRule(negative.code, extremeSentence(input.sentiment, -1), `${negative.label} ${round2(sentimentScore)}`);
  }
  if (positive && sentimentScore >= positive.atLeast) {
    found.addRule(positive.code, extremeSentence(input.sentiment, 1), `${positive.label} ${round2(sentimentScore)}`);
  }
  if (config.topics) {
    for (const topic of input.topics ?? []) {
      if (topic.sentiment.score <= config.topics.atMost) {
        found.addRule(config.topics.code, topic.evidence[0], `negative about ${topic.topic}`);
        break;
      }
    }
  }

  const ratings = input.ratings ?? {};
  const ratedMetrics = new Set<string>();
  for (const r of config.ratings) {
    const value = ratings[r.metric];
    if (typeof value !== 'number' || !Number.isFinite(value) || ratedMetrics.has(r.metric)) continue;
    const hit = r.atMost !== undefined ? value <= r.atMost : value >= (r.atLeast ?? Number.POSITIVE_INFINITY);
    if (!hit) continue;
    // The first matching threshold per metric wins: list the most severe first.
    ratedMetrics.add(r.metric);
    found.add(
      `${r.code}:${r.metric}`,
      { code: r.code, level: r.level, detail: `${r.metric.toUpperCase()} ${value}` },
      r.weight,
    );
  }

  if (found.byCode.size === 0 && config.fallback) found.addRule(config.fallback.code, undefined);

  const tierName = input.customer?.tier?.trim().toLowerCase();
  const tier = tierName ? rules.tiers.get(tierName) : undefined;
  if (tier && input.customer?.tier) {
    found.add(
      tier.code,
      { code: tier.code, level: tier.level ?? 'low', detail: `tier ${input.customer.tier.trim()}` },
      tier.weight,
      true,
    );
  }

  const all = [...found.byCode.values()];
  let level: UrgencyLevel = 'low';
  for (const f of all) if (URGENCY_RANK[f.reason.level] > URGENCY_RANK[level]) level = f.reason.level;

  // Noisy-OR of the reasons' weights; each level below the final one counts half as much again.
  let remaining = 1;
  for (const f of all) {
    const decay = f.flat ? 1 : 0.5 ** (URGENCY_RANK[level] - URGENCY_RANK[f.reason.level]);
    remaining *= 1 - Math.min(1, Math.max(0, f.weight * decay));
  }
  if (sentimentScore < 0) remaining *= 1 - Math.min(1, -sentimentScore * config.sentiment.intensity);
  const band = config.bands[level];
  const score = band.min + Math.round((1 - remaining) * (band.max - band.min));

  const reasons = all
    .sort((a, b) => URGENCY_RANK[b.reason.level] - URGENCY_RANK[a.reason.level] || b.weight - a.weight)
    .map((f) => f.reason);
  return { level, score, reasons };
};
