import type { JaToken } from '../analysis/japanese/tokenizer.js';
import { findKeyPhrases } from '../analysis/key-phrases.js';
import { stemWord } from '../analysis/text/inflect.js';
import type { CueHits } from '../analysis/topics/detect-topics.js';
import type { Taxonomy } from '../analysis/topics/taxonomy.js';
import type { SentimentLabel, Span } from '../analysis/types.js';
import { themeCandidate } from './candidates.js';

/** At most this many discovered-theme candidates per comment. */
export const MAX_EMERGENT = 2;
const MAX_EVIDENCE = 10;

/** The topic id prefix of a discovered (not curated) theme: `emergent:<normal form>`. */
export const EMERGENT_PREFIX = 'emergent:';

/** True for a discovered theme's id, false for a taxonomy topic. */
export const isEmergent = (topic: string): boolean => topic.startsWith(EMERGENT_PREFIX);

const overlaps = (a: Span, b: Span): boolean => a.start < b.end && b.start < a.end;

/** True when a key phrase is about something the taxonomy already names (a cue word or a matched span). */
const covered = (phrase: string, spans: readonly Span[], hits: CueHits, taxonomy: Taxonomy): boolean => {
  for (const evidence of hits.values()) if (spans.some((s) => evidence.some((e) => overlaps(s, e)))) return true;
  if (/[a-z]/.test(phrase) && phrase.split(' ').some((w) => taxonomy.coveredStems.has(stemWord(w)))) return true;
  // Only phrases with non-ASCII characters can hold a Japanese cue.
  if (!/[^ -~]/.test(phrase)) return false;
  return taxonomy.cues.find(phrase).length > 0;
};

/** Proper nouns ending so are places too: the dictionary has 成田空港 as one 固有名詞・一般. */
const PLACE_ENDING = /(空港|駅|港|県|府|都|市|区|町|村)$/;

/** True when a Japanese phrase holds a place name (IPAdic 固有名詞・地域: 東京, 大阪; or 成田空港, 新宿駅). */
const saysPlace = (spans: readonly Span[], jaTokens: readonly JaToken[] | undefined): boolean =>
  jaTokens?.some(
    (t) =>
      (t.posDetail2 === '地域' || (t.posDetail1 === '固有名詞' && PLACE_ENDING.test(t.surface))) &&
      spans.some((s) => overlaps(s, t)),
  ) ?? false;

/** One discovered-theme candidate of a comment: its id and where it is said. */
export interface EmergentMention {
  topic: string;
  evidence: Span[];
}

/**
 * Up to MAX_EMERGENT discovered-theme candidates of one comment: key phrases no taxonomy topic
 * covers, cleaned and normalised (see themeCandidate), not holding a place name (a Japanese token
 * tagged 地域), said in a negative or mixed sentence.
 * `sentenceLabel` gives the caller's sentence label at a span. Themes are named per period from
 * these candidates (discover-themes.ts), never from one comment.
 */
export const emergentMentions = (
  text: string,
  language: string,
  hits: CueHits,
  taxonomy: Taxonomy,
  sentenceLabel: (span: Span) => SentimentLabel | undefined,
  jaTokens?: JaToken[],
): EmergentMention[] => {
  const out: EmergentMention[] = [];
  for (const { phrase, spans } of findKeyPhrases(text, language, jaTokens)) {
    if (out.length >= MAX_EMERGENT) break;
    const candidate = themeCandidate(phrase, spans[0], text);
    if (!candidate || covered(phrase, spans, hits, taxonomy) || saysPlace(spans, jaTokens)) continue;
    const topic = `${EMERGENT_PREFIX}${candidate.key}`;
    if (out.some((m) => m.topic === topic)) continue;
    const inComplaint = spans.filter((span) => {
      const label = sentenceLabel(span);
      return label === 'negative' || label === 'mixed';
    });
    if (inComplaint.length === 0) continue;
    out.push({ topic, evidence: inComplaint.slice(0, MAX_EVIDENCE) });
  }
  return out;
};
