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
  /** The part of `raw` that came from thanks words (the caller may drop it for the whole comment). */
  thanks: number;
  /** Sum of the negative contributions (≤ 0). */
  negative: number;
}

/** Tunable constants of the rules; documented in docs/analysis/sentiment-english.md. */
export const RULES = {
  /** How many words a negator reaches ("not very good" is negated). */
  negationScope: 3,
  /** "never been happier", "couldn't be worse": a comparative nothing beats keeps its sign, this much stronger. */
  unsurpassed: 1.5,
  /** "dangerously good", "scary accurate": a negative word before praise boosts it by this much. */
  degreeOfPraise: 1.3,
  /** "not good": a negated positive keeps this much of its strength, reversed. */
  negatedPositive: -0.75,
  /** "not bad": a negated negative is only mildly positive. */
  negatedNegative: -0.4,
  /** "not a single problem", "zero complaints", "never once rude": a criticism denied outright is praise. */
  deniedOutright: -1.2,
  /** How much further an outright denial reaches ("not one of the staff was rude"). */
  outrightScope: 3,
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

/** Words after a negator that make it outright: not once, not one, not a single, not … whatsoever. */
const OUTRIGHT_NEXT = new Set(['once', 'one', 'single', 'whatsoever']);

/** Whether the negator at i denies outright: "never once", "not one", "not a single", "no … whatsoever". */
const isOutright = (tokens: EnToken[], i: number): boolean => {
  const next = tokens[i + 1]?.lower ?? '';
  return OUTRIGHT_NEXT.has(next) || (next === 'a' && tokens[i + 2]?.lower === 'single');
};

/**
 * Negative words that also say "very" before praise ("scary accurate", "dead helpful", "stupid fast"); any negative
 * -ly word does ("dangerously good", "stupidly pretty") but a sentence adverb ("sadly the good seats were gone").
 */
const DEGREE = new Set(['scary', 'crazy', 'stupid', 'insane', 'wicked', 'dead', 'mad', 'silly', 'ridiculous', 'sick']);
const SENTENCE_ADVERBS = new Set(['sadly', 'unfortunately', 'regrettably', 'unhappily', 'tragically', 'unluckily']);

/** Whether the negative word at i says how good the positive word after it is ("dangerously good"). */
const isDegreeOfPraise = (tokens: EnToken[], i: number, word: string): boolean =>
  (DEGREE.has(word) || (word.endsWith('ly') && !SENTENCE_ADVERBS.has(word))) &&
  (nextWordInfo(tokens, i)?.valence ?? 0) > 0;

/**
 * Whether a problem follows the expected word at i: any negative word after a filler ("not one cold plate"), else a
 * problem word, not a word of time that only leans negative ("nothing back yet", "not arrived yet").
 */
const problemNext = (tokens: EnToken[], i: number, roles: number): boolean => {
  const valence = nextWordInfo(tokens, i)?.valence ?? 0;
  return roles & FILLER ? valence < 0 : valence <= -1;
};

/** Negators that, before a comparative, say nothing could beat it: "never been happier", "couldn't be easier". */
// The tokenizer writes ’ as ', so "couldn’t" arrives as "couldn't".
const UNSURPASSED = new Set(['never', "couldn't", 'couldnt', "can't", 'cant', 'cannot']);

/** Whether the negator at i says "nothing beats": never, couldn't, can't, or could / can + not. */
const isUnsurpassed = (tokens: EnToken[], i: number): boolean => {
  const word = (tokens[i] as EnToken).lower;
  if (UNSURPASSED.has(word)) return true;
  const before = tokens[i - 1]?.lower;
  return word === 'not' && (before === 'could' || before === 'can');
};

/** A comparative whose base word carries sentiment: better, worse, happier (happy), nicer (nice), bigger (big). */
const isComparative = (word: string): boolean => {
  if (word === 'better' || word === 'worse') return true;
  if (!word.endsWith('er') || word.length < 5) return false;
  const bases = word.endsWith('ier')
    ? [`${word.slice(0, -3)}y`]
    : [word.slice(0, -2), word.slice(0, -1), word.slice(0, -3)];
  return bases.some((base) => base.length > 2 && lookupWord(base).valence !== 0);
};

// Negators whose unused scope still signals a lack ("no wifi", "without a word").
const LACK = new Set(['no', 'never', 'without', 'zero', 'nothing', 'nobody', 'none', 'lack', 'lacks', 'lacked']);

// Local copies: this runs per token, and a transpiled module reads imported bindings through getters.
const lookup = lookupWord;
const lookupTag = lookupHashtag;
const tokenize = tokenizeEnglish;
const WORD = TokenKind.Word;
const NUMBER = TokenKind.Number;
const ICON = TokenKind.Icon;
const BANG = TokenKind.Bang;
const QUESTION = TokenKind.Question;
const BREAK = TokenKind.Break;
const NEGATOR = Role.Negator;
const BOOSTER = Role.Booster;
const CONTRAST = Role.Contrast;
const CONCESSIVE = Role.Concessive;
const EXPECTATION = Role.Expectation;
const GRATITUDE = Role.Gratitude;
const THANKS = Role.Thanks;
const IRREALIS = Role.Irrealis;
const INFO_OPENER = Role.InfoOpener;
const FILLER = Role.Filler;
const RESOLVER = Role.Resolver;

const matchPhrase = (tokens: EnToken[], i: number, phrases: PhraseEntry[]): PhraseEntry | undefined => {
  for (const phrase of phrases) {
    const { rest } = phrase;
    if (i + rest.length >= tokens.length) continue;
    let ok = true;
    for (let k = 0; k < rest.length; k++) {
      const t = tokens[i + 1 + k] as EnToken;
      if ((t.kind !== WORD && t.kind !== NUMBER) || !(rest[k] as ReadonlySet<string>).has(t.lower)) {
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
  return t && t.kind === WORD ? lookup(t.lower, t.entry) : undefined;
};

/** "8/10", "9 out of 10", "2 out of 5": a rating as a valence from −2.5 (lowest) to 2.5 (top). */
const ratingAt = (text: string, tokens: EnToken[], i: number): { valence: number; last: number } | undefined => {
  const t = tokens[i] as EnToken;
  let scaleIndex = -1;
  const next = tokens[i + 1];
  if (next?.kind === NUMBER && text.charCodeAt(t.end) === 47 && next.start === t.end + 1) scaleIndex = i + 1;
  else if (tokens[i + 1]?.lower === 'out' && tokens[i + 2]?.lower === 'of' && tokens[i + 3]?.kind === NUMBER) {
    scaleIndex = i + 3;
  }
  const scale = tokens[scaleIndex];
  if (!scale || (scale.value !== 10 && scale.value !== 5) || t.value > scale.value) return undefined;
  return { valence: (t.value / scale.value - 0.5) * 5, last: scaleIndex };
};

/**
 * The running state of one sentence. One instance is reused for every sentence (scoring is
 * synchronous), so scoring allocates no closures or state objects per call.
 */
class SentenceState {
  capsEmphasis = false;
  before = 0;
  current = 0;
  gratitudeBefore = 0;
  gratitudeCurrent = 0;
  thanksBefore = 0;
  thanksCurrent = 0;
  negativeSum = 0;
  sawContrast = false;
  leadContrast = false;
  hits = 0;
  negLeft = 0;
  negLack = false;
  negOutright = false;
  negUnsurpassed = false;
  boost = 1;
  boostLeft = 0;
  concessive = false;
  irrealis = false;
  resolveLeft = 0;
  infoQuestion = false;
  bangs = 0;
  question = false;
  seenWord = false;

  reset(capsEmphasis: boolean): void {
    this.capsEmphasis = capsEmphasis;
    this.before = 0;
    this.current = 0;
    this.gratitudeBefore = 0;
    this.gratitudeCurrent = 0;
    this.thanksBefore = 0;
    this.thanksCurrent = 0;
    this.negativeSum = 0;
    this.sawContrast = false;
    this.leadContrast = false;
    this.hits = 0;
    this.negLeft = 0;
    this.negLack = false;
    this.negOutright = false;
    this.negUnsurpassed = false;
    this.boost = 1;
    this.boostLeft = 0;
    this.concessive = false;
    this.irrealis = false;
    this.resolveLeft = 0;
    this.infoQuestion = false;
    this.bangs = 0;
    this.question = false;
    this.seenWord = false;
  }

  /** Ends a negation scope; a lack-negator that negated nothing ("no wifi") counts on its own. */
  closeNegation(): void {
    if (this.negLeft > 0 && this.negLack) {
      this.current += RULES.bareNegation;
      this.negativeSum += RULES.bareNegation;
      this.hits++;
    }
    this.negLeft = 0;
  }

  /** Adds one valence after caps, boosters, negation, resolution, concession and irrealis. */
  add(valence: number, caps: boolean, roles: number): void {
    let v = valence;
    if (caps && this.capsEmphasis) v += v > 0 ? RULES.caps : -RULES.caps;
    v *= this.boost;
    this.boost = 1;
    this.boostLeft = 0;
    if (this.negLeft > 0) {
      v *= v > 0 ? RULES.negatedPositive : this.negOutright ? RULES.deniedOutright : RULES.negatedNegative;
      this.negLeft = 0;
    } else if (this.resolveLeft > 0 && v < 0) {
      v *= RULES.resolvedNegative;
      this.resolveLeft = 0;
    }
    if (this.concessive) v *= RULES.concessive;
    if (this.irrealis && v > 0) v *= RULES.irrealisPositive;
    if (roles & GRATITUDE && v > 0) {
      this.gratitudeCurrent += v;
      if (roles & THANKS) this.thanksCurrent += v;
    } else this.current += v;
    if (v < 0) this.negativeSum += v;
    this.hits++;
  }

  /** A word without sentiment passes: scopes shrink (fillers do not use up a negation's reach). */
  step(filler: boolean): void {
    if (this.resolveLeft > 0) this.resolveLeft--;
    if (filler) return;
    if (this.negLeft > 0 && --this.negLeft === 0 && this.negLack) {
      this.negLeft = 1;
      this.closeNegation();
    }
    if (this.boostLeft > 0 && --this.boostLeft === 0) this.boost = 1;
  }

  /** Ends a clause at , ; : . and the like. */
  clauseBreak(): void {
    this.closeNegation();
    this.boost = 1;
    this.boostLeft = 0;
    this.concessive = false;
    this.irrealis = false;
  }

  /** "X but Y": what was said so far becomes the weaker side. */
  contrast(first: boolean): void {
    this.closeNegation();
    this.before += this.current + this.gratitudeCurrent;
    this.gratitudeBefore += this.gratitudeCurrent;
    this.thanksBefore += this.thanksCurrent;
    this.current = 0;
    this.gratitudeCurrent = 0;
    this.thanksCurrent = 0;
    this.sawContrast = true;
    if (first) this.leadContrast = true;
    this.concessive = false;
  }

  word(tokens: EnToken[], i: number): number {
    const t = tokens[i] as EnToken;
    const first = !this.seenWord;
    this.seenWord = true;
    const info = lookup(t.lower, t.entry);
    const roles = info.roles;
    if (first && roles & INFO_OPENER) this.infoQuestion = true;
    if (info.phrases) {
      const phrase = matchPhrase(tokens, i, info.phrases);
      if (phrase) {
        if (phrase.boost !== undefined) {
          this.boost *= phrase.boost;
          this.boostLeft = 2;
        } else if (phrase.valence !== 0) {
          this.add(phrase.valence, t.caps, roles);
        } else this.step(false);
        return i + phrase.rest.length;
      }
    }
    if (roles & NEGATOR) {
      this.closeNegation();
      this.negLack = LACK.has(t.lower);
      this.negOutright = isOutright(tokens, i);
      this.negUnsurpassed = isUnsurpassed(tokens, i);
      this.negLeft = RULES.negationScope + (this.negOutright ? RULES.outrightScope : 0);
      return i;
    }
    if (roles & CONTRAST) {
      this.contrast(first);
      return i;
    }
    if (roles & IRREALIS) {
      this.irrealis = true;
      return i;
    }
    if (roles & CONCESSIVE) {
      this.concessive = true;
      return i;
    }
    if (roles & BOOSTER) {
      const next = nextWordInfo(tokens, i);
      if ((next && (next.valence !== 0 || next.roles & BOOSTER)) || info.valence === 0) {
        this.boost *= info.boost;
        this.boostLeft = 2;
        return i;
      }
    }
    // "didn't help", "didn't like": a weak positive that was expected and did not happen is a complaint. An
    // expected word right before a problem lets the negation reach the problem ("not one missed delivery",
    // "nobody got lost", "didn't get hurt"): that is praise.
    if (this.negLeft > 0 && roles & EXPECTATION && info.valence < 1 && !problemNext(tokens, i, roles)) {
      this.negLeft = 0; // the negation is used up here, not applied again to the value below
      this.add(RULES.negatedExpectation, t.caps, 0);
      return i;
    }
    if (info.valence < 0 && this.negLeft === 0 && isDegreeOfPraise(tokens, i, t.lower)) {
      this.boost *= RULES.degreeOfPraise;
      this.boostLeft = 2;
      return i;
    }
    if (info.valence !== 0 && this.negLeft > 0 && this.negUnsurpassed && isComparative(t.lower)) {
      this.negLeft = 0; // nothing could beat it: the comparative keeps its sign
      this.add(info.valence * RULES.unsurpassed, t.caps, roles);
      return i;
    }
    if (info.valence !== 0) {
      this.add(info.valence, t.caps, roles);
      if (roles & RESOLVER && this.negLeft === 0) this.resolveLeft = 3;
      return i;
    }
    if (roles & RESOLVER && this.negLeft === 0) {
      this.resolveLeft = 3;
      return i;
    }
    if (t.tag && roles === 0 && !info.phrases) {
      const v = lookupTag(t.lower);
      if (v !== 0) {
        this.add(v, false, 0);
        return i;
      }
    }
    this.step((roles & FILLER) !== 0);
    return i;
  }

  result(): SentenceScore {
    this.closeNegation();
    // "Thanks for losing my bag": gratitude next to a real complaint is politeness or sarcasm, not
    // praise. After "but" it stands: "rude crew but great seats".
    const g = this.negativeSum <= RULES.sarcasmThreshold ? 0 : 1;
    const { before, current, gratitudeBefore, gratitudeCurrent, thanksBefore, thanksCurrent } = this;
    let thanks = this.sawContrast
      ? RULES.beforeContrast * g * thanksBefore + RULES.afterContrast * thanksCurrent
      : g * thanksCurrent;
    let raw = this.sawContrast
      ? RULES.beforeContrast * (before - gratitudeBefore * (1 - g)) + RULES.afterContrast * (current + gratitudeCurrent)
      : current + g * gratitudeCurrent;
    if (raw !== 0 && this.bangs > 0) raw += (raw > 0 ? 1 : -1) * Math.min(this.bangs, 4) * RULES.exclamation;
    if (this.question) {
      const factor =
        raw > 0 ? RULES.questionPositive : this.infoQuestion ? RULES.questionInfoNegative : RULES.questionNegative;
      raw *= factor;
      thanks *= factor;
    }
    return {
      raw,
      hits: this.hits,
      leadContrast: this.leadContrast,
      question: this.question,
      thanks,
      negative: this.negativeSum,
    };
  }
}

const state = new SentenceState();

/** Scores `text[start, end)` as one sentence with the lexicon and the rules above. */
export const scoreSentence = (text: string, start: number, end: number): SentenceScore => {
  const tokens = tokenize(text, start, end);
  let wordCount = 0;
  let capsCount = 0;
  for (const t of tokens) {
    if (t.kind === WORD) {
      wordCount++;
      if (t.caps) capsCount++;
    }
  }
  // Capitals only emphasise when the writer also uses lower case (an all-caps comment is just shouting style).
  state.reset(capsCount > 0 && capsCount < wordCount);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as EnToken;
    const kind = t.kind;
    if (kind === WORD) i = state.word(tokens, i);
    else if (kind === BREAK) state.clauseBreak();
    else if (kind === BANG) {
      state.bangs += t.value;
      state.closeNegation();
    } else if (kind === QUESTION) {
      state.question = true;
      state.closeNegation();
    } else if (kind === ICON) state.add(t.value, false, 0);
    else if (kind === NUMBER) {
      const rating = ratingAt(text, tokens, i);
      if (rating) {
        state.add(rating.valence, false, 0);
        i = rating.last;
      } else if (lookup(t.lower).phrases) i = state.word(tokens, i); // "5 stars"
    }
  }
  return state.result();
};
