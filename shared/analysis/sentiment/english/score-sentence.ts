import { lookupHashtag, lookupWord, type PhraseEntry, Role, type WordInfo } from './lexicon.js';
import { type EnToken, TokenKind, tokenizeEnglish } from './tokenize.js';

/** Raw (unnormalized, VADER-scale) sentiment of one sentence and how much evidence it had. */
export interface SentenceScore {
  /** Sum of rule-adjusted valences; 0 when nothing sentiment-bearing was found. */
  raw: number;
  /** Sentiment-bearing tokens and phrases found. */
  hits: number;
  /** The sentence opens with a contrast ("But …", "However, …"): earlier sentences weigh less. */
  leadContrast: boolean;
  /** The sentence is a question. */
  question: boolean;
  /** The part of `raw` that came from gratitude words (the caller may drop it for the whole comment). */
  gratitude: number;
  /** Sum of the negative contributions (≤ 0). */
  negative: number;
}

/** Tunable constants of the rules; documented in docs/analysis/sentiment-english.md. */
export const RULES = {
  /** How many words a negator reaches ("not very good" is negated). */
  negationScope: 3,
  /** "not good": a negated positive keeps this much of its strength, reversed. */
  negatedPositive: -0.75,
  /** "not bad": a negated negative is only mildly positive. */
  negatedNegative: -0.4,
  /** "never arrived", "no response": a negated expectation word. */
  negatedExpectation: -1.6,
  /** A negator that found nothing to negate ("no wifi", "never again") still leans negative. */
  bareNegation: -0.5,
  /** Weights of the clauses before and after "but". */
  beforeContrast: 0.5,
  afterContrast: 1.5,
  /** The clause of "although …" weighs this much. */
  concessive: 0.5,
  /** Each `!` (up to four) adds this much in the sentence's direction. */
  exclamation: 0.29,
  /** A word in capitals among lower-case words is emphasised by this much. */
  caps: 0.733,
  /** Questions: positive content is mostly a request ("can you help?"), negative content mostly stays. */
  questionPositive: 0.3,
  questionNegative: 0.85,
  /** Information requests ("is flight 12 cancelled?") mention problems without complaining. */
  questionInfoNegative: 0.5,
  /** "fixes the problem": a problem word after a fixing verb counts for this much, reversed. */
  resolvedNegative: -0.6,
  /** Positive words after would/could/if/wish are wishes or requests, not praise. */
  irrealisPositive: 0.35,
  /** Gratitude is dropped when the rest of the sentence is at least this negative ("thanks for losing my bag"). */
  sarcasmThreshold: -1.5,
} as const;

// Negators whose unused scope still signals a lack ("no wifi", "without a word").
const LACK = new Set(['no', 'never', 'without', 'zero', 'nothing', 'nobody', 'none']);

const matchPhrase = (tokens: EnToken[], i: number, phrases: PhraseEntry[]): PhraseEntry | undefined => {
  for (const phrase of phrases) {
    const { rest } = phrase;
    if (i + rest.length >= tokens.length) continue;
    let ok = true;
    for (let k = 0; k < rest.length; k++) {
      const t = tokens[i + 1 + k] as EnToken;
      if (
        (t.kind !== TokenKind.Word && t.kind !== TokenKind.Number) ||
        !(rest[k] as ReadonlySet<string>).has(t.lower)
      ) {
        ok = false;
        break;
      }
    }
    if (ok) return phrase;
  }
  return undefined;
};

const nextWordInfo = (tokens: EnToken[], i: number): WordInfo | undefined => {
  const t = tokens[i + 1];
  return t && t.kind === TokenKind.Word ? lookupWord(t.lower) : undefined;
};

/** Scores `text[start, end)` as one sentence with the lexicon and the rules above. */
export const scoreSentence = (text: string, start: number, end: number): SentenceScore => {
  const tokens = tokenizeEnglish(text, start, end);
  let wordCount = 0;
  let capsCount = 0;
  for (const t of tokens) {
    if (t.kind === TokenKind.Word) {
      wordCount++;
      if (t.caps) capsCount++;
    }
  }
  // Capitals only emphasise when the writer also uses lower case (an all-caps comment is just shouting style).
  const capsEmphasis = capsCount > 0 && capsCount < wordCount;

  let before = 0;
  let current = 0;
  let gratitudeBefore = 0;
  let gratitudeCurrent = 0;
  let negativeSum = 0;
  let sawContrast = false;
  let leadContrast = false;
  let hits = 0;
  let negLeft = 0;
  let negLack = false;
  let boost = 1;
  let boostLeft = 0;
  let concessive = false;
  let irrealis = false;
  let resolveLeft = 0;
  let infoQuestion = false;
  let bangs = 0;
  let question = false;
  let seenWord = false;

  const closeNegation = () => {
    if (negLeft > 0 && negLack) {
      current += RULES.bareNegation;
      negativeSum += RULES.bareNegation;
      hits++;
    }
    negLeft = 0;
  };

  const add = (valence: number, caps: boolean, gratitude: boolean) => {
    let v = valence;
    if (caps && capsEmphasis) v += v > 0 ? RULES.caps : -RULES.caps;
    v *= boost;
    boost = 1;
    boostLeft = 0;
    if (negLeft > 0) {
      v *= v > 0 ? RULES.negatedPositive : RULES.negatedNegative;
      negLeft = 0;
    } else if (resolveLeft > 0 && v < 0) {
      v *= RULES.resolvedNegative;
      resolveLeft = 0;
    }
    if (concessive) v *= RULES.concessive;
    if (irrealis && v > 0) v *= RULES.irrealisPositive;
    if (gratitude && v > 0) gratitudeCurrent += v;
    else current += v;
    if (v < 0) negativeSum += v;
    hits++;
  };

  const step = (filler = false) => {
    if (resolveLeft > 0) resolveLeft--;
    if (filler) return;
    if (negLeft > 0 && --negLeft === 0 && negLack) {
      negLeft = 1;
      closeNegation();
    }
    if (boostLeft > 0 && --boostLeft === 0) boost = 1;
  };

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as EnToken;
    switch (t.kind) {
      case TokenKind.Break:
        closeNegation();
        boost = 1;
        boostLeft = 0;
        concessive = false;
        irrealis = false;
        continue;
      case TokenKind.Bang:
        bangs += t.value;
        closeNegation();
        continue;
      case TokenKind.Question:
        question = true;
        closeNegation();
        continue;
      case TokenKind.Icon:
        add(t.value, false, false);
        continue;
      case TokenKind.Number: {
        continue;
      }
    }
    const first = !seenWord;
    seenWord = true;
    const info = lookupWord(t.lower);
    if (first && info.roles & Role.InfoOpener) infoQuestion = true;
    if (info.phrases) {
      const phrase = matchPhrase(tokens, i, info.phrases);
      if (phrase) {
        i += phrase.rest.length;
        if (phrase.boost !== undefined) {
          boost *= phrase.boost;
          boostLeft = 2;
        } else if (phrase.valence !== 0) {
          add(phrase.valence, t.caps, (info.roles & Role.Gratitude) !== 0);
        } else step();
        continue;
      }
    }
    const roles = info.roles;
    if (roles & Role.Negator) {
      closeNegation();
      negLeft = RULES.negationScope;
      negLack = LACK.has(t.lower);
      continue;
    }
    if (roles & Role.Contrast) {
      closeNegation();
      before += current + gratitudeCurrent;
      gratitudeBefore += gratitudeCurrent;
      current = 0;
      gratitudeCurrent = 0;
      sawContrast = true;
      if (first) leadContrast = true;
      concessive = false;
      continue;
    }
    if (roles & Role.Irrealis) {
      irrealis = true;
      continue;
    }
    if (roles & Role.Concessive) {
      concessive = true;
      continue;
    }
    if (roles & Role.Booster) {
      const next = nextWordInfo(tokens, i);
      if ((next && (next.valence !== 0 || next.roles & Role.Booster)) || info.valence === 0) {
        boost *= info.boost;
        boostLeft = 2;
        continue;
      }
    }
    // "didn't help", "didn't like": a weak positive that was expected and did not happen is a complaint.
    if (negLeft > 0 && roles & Role.Expectation && info.valence < 1) {
      negLeft = 0; // the negation is used up here, not applied again to the value below
      add(RULES.negatedExpectation, t.caps, false);
      continue;
    }
    if (info.valence !== 0) {
      add(info.valence, t.caps, (roles & Role.Gratitude) !== 0);
      if (roles & Role.Resolver && negLeft === 0) resolveLeft = 3;
      continue;
    }
    if (roles & Role.Resolver && negLeft === 0) {
      resolveLeft = 3;
      continue;
    }
    if (t.tag && roles === 0 && !info.phrases) {
      const v = lookupHashtag(t.lower);
      if (v !== 0) {
        add(v, false, false);
        continue;
      }
    }
    step((roles & Role.Filler) !== 0);
  }
  closeNegation();

  // "Thanks for losing my bag": gratitude next to a real complaint is politeness or sarcasm, not praise.
  const dropGratitude = negativeSum <= RULES.sarcasmThreshold;
  const g = dropGratitude ? 0 : 1;
  let gratitude = sawContrast
    ? RULES.beforeContrast * gratitudeBefore * g + RULES.afterContrast * gratitudeCurrent * g
    : gratitudeCurrent * g;
  let raw = sawContrast
    ? RULES.beforeContrast * (before - gratitudeBefore * (1 - g)) +
      RULES.afterContrast * (current + g * gratitudeCurrent)
    : current + g * gratitudeCurrent;
  if (raw !== 0 && bangs > 0) raw += (raw > 0 ? 1 : -1) * Math.min(bangs, 4) * RULES.exclamation;
  if (question) {
    const factor =
      raw > 0 ? RULES.questionPositive : infoQuestion ? RULES.questionInfoNegative : RULES.questionNegative;
    raw *= factor;
    gratitude *= factor;
  }
  return { raw, hits, leadContrast, question, gratitude, negative: negativeSum };
};
