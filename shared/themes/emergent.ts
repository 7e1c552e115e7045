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

/**
 * True when a key phrase is about something the taxonomy already names: a cue of the comment matched in
 * it, or its head (an English noun phrase's last word) is a form of a one-word cue. Only the head says what a phrase is
 * about: "headphone jack" is a jack, not the headphones of the comfort topic, so a modifier that is a form
 * of a cue ("headphone", of "headphones") does not cover it.
 */
const covered = (phrase: string, spans: readonly Span[], hits: CueHits, taxonomy: Taxonomy): boolean => {
  for (const evidence of hits.values()) if (spans.some((s) => evidence.some((e) => overlaps(s, e)))) return true;
  const head = phrase.slice(phrase.lastIndexOf(' ') + 1);
  return /[a-z]/.test(head) && taxonomy.coveredStems.has(stemWord(head));
};

/**
 * True when a Japanese cue matches in the phrase on its own (the comment's hits need not have found it): a
 * cue engine pass, so asked last. Only phrases with non-ASCII characters can hold one.
 */
const holdsJapaneseCue = (phrase: string, taxonomy: Taxonomy): boolean =>
  /[^ -~]/.test(phrase) && taxonomy.cues.find(phrase).length > 0;

/** Proper nouns ending so are places too: the dictionary has 成田空港 as one 固有名詞・一般. */
const PLACE_ENDING = /(空港|駅|港|県|府|都|市|区|町|村)$/;

/** True when a Japanese phrase holds a place name (IPAdic 固有名詞・地域: 東京, 大阪; or 成田空港, 新宿駅). */
const saysPlace = (spans: readonly Span[], jaTokens: readonly JaToken[] | undefined): boolean =>
  jaTokens?.some(
    (t) =>
      (t.posDetail2 === '地域' || (t.posDetail1 === '固有名詞' && PLACE_ENDING.test(t.surface))) &&
      spans.some((s) => overlaps(s, t)),
  ) ?? false;

/**
 * Where a comment quotes another account's post — a retweet (`RT @x: …` to the end) or a quoted tweet
 * (`“@x: …”`): someone else's words, not the customer's complaint, so never a theme of theirs
 * ("RT @JetBlue: Our fleet's on fleek." made "fleet" and "fleek" rising themes).
 */
const QUOTED = /\bRT @\w+:?[\s\S]*$|[“"]@\w+:[^”"]*[”"]?/g;

const quotedSpans = (text: string): Span[] =>
  // Both shapes need one of these (most comments hold an @, few a quote).
  text.includes('RT @') || text.includes('“@') || text.includes('"@')
    ? [...text.matchAll(QUOTED)].map((m) => ({ start: m.index, end: m.index + m[0].length }))
    : [];

const LINKS = /https?:\/\/\S+/g;
/** How a shared headline names its source: "Title - @Source http://…", "Title http://… via @source", "Title | Paper". */
const SOURCE = / [-–—|] | via @/;
const PERSON = /\b(?:i|i'm|i've|i'd|i'll|me|my|mine|we|we're|we've|our|us|you|your|you're|u|ur|im|ive)\b/i;

/**
 * A link with a source ("Title - @Source", "via @paper") and no "I", "we" or "you" in its words ("JetBlue's CEO battles
 * to appease passengers and Wall Street - http://…", posted 25 times) passes on a headline: no customer's own
 * complaint, so no theme of theirs.
 */
const sharesHeadline = (text: string): boolean => {
  const words = text.replace(LINKS, '');
  return words !== text && SOURCE.test(text) && !PERSON.test(words);
};

/** One discovered-theme candidate of a comment: its id and where it is said. */
export interface EmergentMention {
  topic: string;
  evidence: Span[];
}

/**
 * Up to MAX_EMERGENT discovered-theme candidates of one comment: key phrases no taxonomy topic
 * covers, cleaned and normalised (see themeCandidate), not holding a place name (a Japanese token
 * tagged 地域), said in a negative or mixed sentence in the customer's own words (not a quoted post, nor an
 * English headline shared with its link).
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
  if (language === 'en' && sharesHeadline(text)) return out;
  const quoted = quotedSpans(text);
  for (const { phrase, spans: said } of findKeyPhrases(text, language, jaTokens)) {
    if (out.length >= MAX_EMERGENT) break;
    const spans = quoted.length ? said.filter((s) => !quoted.some((q) => overlaps(s, q))) : said;
    // The cheapest test first: most phrases of a comment stand in a sentence that is not a complaint.
    const inComplaint = spans.filter((span) => {
      const label = sentenceLabel(span);
      return label === 'negative' || label === 'mixed';
    });
    if (inComplaint.length === 0) continue;
    // Cheapest first again: the cues' spans and stems, then the candidate's rules, then a cue engine pass.
    if (covered(phrase, spans, hits, taxonomy)) continue;
    const candidate = themeCandidate(phrase, spans[0], text);
    if (!candidate || holdsJapaneseCue(phrase, taxonomy) || saysPlace(spans, jaTokens)) continue;
    const topic = `${EMERGENT_PREFIX}${candidate.key}`;
    if (out.some((m) => m.topic === topic)) continue;
    out.push({ topic, evidence: inComplaint.slice(0, MAX_EVIDENCE) });
  }
  return out;
};
