import type { JaToken } from '../japanese/tokenizer.js';
import { foldWidth } from '../text/normalize.js';
import { cacheByWord } from '../text/word-cache.js';
import { tokenizeWords, type WordToken } from '../text/words.js';
import { englishForms } from './english-forms.js';
import defaultIdioms from './idioms.json' with { type: 'json' };

/**
 * One cue: a phrase, or a phrase with `negatable: false` (never cancelled by a negation).
 * English phrases are words separated by spaces; a word is a lemma (matches its inflections:
 * `charge` → charged, charges), `=word` (exactly this form), `word*` (any word starting so),
 * `#` (a number); `a|b|c` are alternatives at one position and a trailing `?` makes a position optional.
 * Japanese phrases are literal and match at morpheme boundaries, on the text or on dictionary forms.
 */
export type CueConfig = string | { cue: string; negatable?: boolean | undefined };

/** Cues of one group (a topic, a triage rule, a concept), in both languages. */
export interface CueGroup {
  en: readonly CueConfig[];
  ja: readonly CueConfig[];
  /** Phrases that cancel this group's hits they overlap ("cancel my flight" is not a churn threat). */
  except?: { en?: readonly CueConfig[] | undefined; ja?: readonly CueConfig[] | undefined } | undefined;
  /** False: a negation never cancels this group's cues (topics are mentioned even when negated). Default true. */
  negatable?: boolean;
  /** False: words inside #hashtags never count (venting: "#frauds"). Default true. */
  hashtags?: boolean;
}

/** How negation is recognised: English looks back a few words, Japanese looks ahead in the clause. */
export interface NegationOptions {
  enWords: readonly string[];
  enWindow: number;
  jaWindow: number;
}

/** Idioms and hyperbole whose words mean nothing literal ("insult to injury", 死ぬほど): they mask every cue inside. */
export interface IdiomList {
  en: readonly string[];
  ja: readonly string[];
}

/** A cue found in the text: its group (index in the compiled list) and where it is (UTF-16 offsets). */
export interface CueHit {
  group: number;
  start: number;
  end: number;
}

/** Finds every group's cues in a text; Japanese uses kuromoji tokens when given (morpheme boundaries). */
export interface CueEngine {
  /** Hits in text order (longest first at one position); one hit per group and overlapping span. */
  find(text: string, jaTokens?: readonly JaToken[]): CueHit[];
}

/** A cue that could not be compiled, with its position for the error message. */
export class CueSyntaxError extends Error {
  override readonly name = 'CueSyntaxError';
  constructor(
    message: string,
    readonly script: 'en' | 'ja',
    readonly group: number,
    readonly index: number,
    readonly list: 'cues' | 'except' = 'cues',
  ) {
    super(message);
  }
}

type Kind = 'hit' | 'except' | 'mask';

interface EnPosition {
  alts: number[];
  /** {@link idBits} of `alts`: a token whose ids share no bit with them cannot match here. */
  bits: number;
  optional: boolean;
}

/**
 * A word's pattern ids and the cues that may start at it, worked out once per distinct word, in one array:
 * at {@link BITS} the ids' {@link idBits}; at {@link NEXT} the union of those cues' `nextBits` (−1 when one
 * of them takes any second word); at {@link STARTS} how many cues; then the numbers of the cues in the order
 * they are tried, then the ids. One typed array, not an object holding two arrays: a token then costs one
 * object read where it cost three (each a likely cache miss, twice a comment for topics and triage).
 */
type WordIds = Int32Array;
const BITS = 0;
const NEXT = 1;
const STARTS = 2;
const FIRST_START = 3;

/** The pattern ids held in `word` (after its cues). */
const idsIn = (word: WordIds): number[] => Array.from(word.subarray(FIRST_START + (word[STARTS] as number)));

interface EnCue {
  group: number;
  kind: Kind;
  negatable: boolean;
  hashtags: boolean;
  positions: EnPosition[];
  /**
   * Bits (pattern id mod 32) of the ids its second word may have; every bit when it has no second word or
   * that word is optional. A token whose ids share no bit with it cannot continue the cue.
   */
  nextBits: number;
}

interface JaCue {
  group: number;
  kind: Kind;
  negatable: boolean;
  cue: string;
}

const NONE: WordIds = new Int32Array(FIRST_START);
const NO_IDS: readonly number[] = [];

/** One bit per pattern id (mod 32): a cheap superset test before the exact one. */
const idBits = (ids: readonly number[]): number => {
  let bits = 0;
  for (const id of ids) bits |= 1 << (id & 31);
  return bits;
};
const CONTRAST = new Set(['but', 'however', 'although', 'though', 'yet']);

// Negation after a Japanese cue (訴えるつもりはありません, 怪我はなかった); 危ない/少ない are adjectives, not negation.
const JA_NEGATION = /(?<![危少汚切幼])(?:ない|なく|なかっ|ません|無い|無く|無かっ|なし|無し|ずに|ず[、。])/;
// Inability (解約できない, 使えない) keeps the cue: the customer wants it and cannot.
const JA_INABILITY = /(?:でき|られ|れ|え|け|せ)(?:ない|なかっ|ません)/;
const JA_CLAUSE_JOIN = /[、,]|[でて](?![いおはもな]|ま)/;
const JA_CLAUSE_END = /[。！？!?\n]|が、|けど|のに|しかし/;

/** True when the clause after `end` negates the cue, e.g. 解約はしません. */
const negatedAfter = (text: string, end: number, window: number): boolean => {
  let tail = text.slice(end, end + window);
  const stop = JA_CLAUSE_END.exec(tail);
  if (stop) tail = tail.slice(0, stop.index);
  const negation = JA_NEGATION.exec(tail);
  if (!negation || JA_INABILITY.test(tail)) return false;
  // The negation must belong to the cue's own predicate: a で/て/、 before it starts another clause
  // (障害で全くつながらない), except in negated progressives and copulas (していない, ではない).
  return !JA_CLAUSE_JOIN.test(tail.slice(0, negation.index));
};

/** Lower-cases ASCII and folds full-width forms, keeping every offset. */
const foldJapanese = (text: string): string => foldWidth(text, false).replace(/[A-Z]+/g, (s) => s.toLowerCase());

/** A test for a unit that {@link foldJapanese} turns into one of `firsts` (single units), or that is one. */
const foldsToOneOf = (firsts: Iterable<string>): RegExp => {
  const units = new Set<number>();
  for (const first of firsts) {
    if (first.length !== 1) continue;
    const c = first.charCodeAt(0);
    units.add(c);
    // Full-width ASCII and the ideographic space fold to ASCII, and capitals to lower case.
    if (c >= 0x21 && c <= 0x7e) units.add(c + 0xfee0);
    if (c >= 0x61 && c <= 0x7a) {
      units.add(c - 32);
      units.add(c - 32 + 0xfee0);
    }
    if (c === 0x20) units.add(0x3000);
  }
  const escaped = [...units].map((u) => `\\u${u.toString(16).padStart(4, '0')}`).join('');
  return new RegExp(`[${escaped}]`);
};

/**
 * Whether a span overlaps any of `spans`, in O(log n) a query: spans sorted by start with the running
 * maximum of their ends, so the check over a long text's thousands of hits stays linear overall.
 */
const overlapIndex = (spans: readonly CueHit[]): ((start: number, end: number) => boolean) => {
  if (spans.length === 0) return () => false;
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const maxEnd: number[] = [];
  let reach = -1;
  for (const s of sorted) {
    reach = Math.max(reach, s.end);
    maxEnd.push(reach);
  }
  return (start, end) => {
    // The last span that starts before `end`; any of those up to it overlaps when one reaches past `start`.
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((sorted[mid] as CueHit).start < end) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && (maxEnd[lo - 1] as number) > start;
  };
};

/** Per group, whether a span overlaps one of its except hits; undefined when there are none (most texts). */
const exceptIndex = (excepts: readonly CueHit[]): Map<number, (start: number, end: number) => boolean> | undefined => {
  if (excepts.length === 0) return undefined;
  const byGroup = new Map<number, CueHit[]>();
  for (const e of excepts) {
    const spans = byGroup.get(e.group);
    if (spans) spans.push(e);
    else byGroup.set(e.group, [e]);
  }
  return new Map([...byGroup].map(([group, spans]) => [group, overlapIndex(spans)]));
};

/** Hits by start, the longer first at one start. */
const byTextOrder = (a: CueHit, b: CueHit): number => a.start - b.start || b.end - a.end;

const inTextOrder = (hits: readonly CueHit[]): boolean => {
  for (let i = 1; i < hits.length; i++) if (byTextOrder(hits[i - 1] as CueHit, hits[i] as CueHit) > 0) return false;
  return true;
};

// Which passes a text needs, by regular expression (V8 rejects a Latin-1 text against CJK at once, where a
// loop read every character): Latin letters (ASCII or full-width), and any other unit from U+3000 up.
const LATIN = /[A-Za-z\uff21-\uff5a]/;
const CJK = /[\u3000-\uff20\uff5b-\uffff]/;

/** Compiles cue groups once (English word patterns indexed by form, Japanese cues by first character). */
export const compileCues = (
  groups: readonly CueGroup[],
  negation: NegationOptions,
  idioms: IdiomList = defaultIdioms,
): CueEngine => {
  // ---- English word patterns: each distinct pattern gets an id; forms map to the ids they satisfy.
  const patternIds = new Map<string, number>();
  const formIndex = new Map<string, number[]>();
  const prefixes: Array<{ id: number; prefix: string }> = [];
  let numberId = -1;
  const patternOf = (raw: string, script: 'en', group: number, index: number, list: 'cues' | 'except'): number => {
    const known = patternIds.get(raw);
    if (known !== undefined) return known;
    const id = patternIds.size;
    patternIds.set(raw, id);
    const addForm = (form: string) => {
      const ids = formIndex.get(form);
      if (!ids) formIndex.set(form, [id]);
      else if (!ids.includes(id)) ids.push(id);
    };
    if (raw === '#') numberId = id;
    else if (raw.endsWith('*')) {
      const prefix = raw.slice(0, -1);
      if (!/^[a-z0-9'-]{3,}$/.test(prefix))
        throw new CueSyntaxError('a wildcard needs at least three letters before *', script, group, index, list);
      prefixes.push({ id, prefix });
    } else if (raw.startsWith('=')) {
      addForm(raw.slice(1));
      addForm(raw.slice(1).replaceAll("'", ''));
    } else {
      if (!/^[a-z0-9][a-z0-9'.-]*$/.test(raw))
        throw new CueSyntaxError(`'${raw}' is not a word (letters, digits, ' and - only)`, script, group, index, list);
      for (const form of englishForms(raw)) addForm(form);
    }
    return id;
  };

  const enByFirst = new Map<number, EnCue[]>();
  const jaByFirst = new Map<string, JaCue[]>();
  /** Every way to read a cue with joined alternatives: "nobody|no_one called" → "nobody called", "no one called". */
  const readingsOf = (text: string, group: number, index: number, list: 'cues' | 'except'): string[] => {
    let readings = [''];
    for (const part of text.split(/\s+/)) {
      const alts = part.split('|');
      const joined = alts.filter((alt) => alt.includes('_'));
      if (joined.length > 0 && part.endsWith('?'))
        throw new CueSyntaxError(`an optional word cannot join words with _ in '${text}'`, 'en', group, index, list);
      const single = alts.filter((alt) => !alt.includes('_'));
      const ways = [...(single.length > 0 ? [single.join('|')] : []), ...joined.map((alt) => alt.replaceAll('_', ' '))];
      readings = readings.flatMap((before) => ways.map((way) => (before ? `${before} ${way}` : way)));
    }
    return readings;
  };
  const addEnglish = (
    cue: CueConfig,
    group: number,
    index: number,
    kind: Kind,
    spec?: CueGroup,
    original: CueConfig = cue,
  ): void => {
    const text = (typeof cue === 'string' ? cue : cue.cue).trim().toLowerCase().replaceAll('\u2019', "'");
    const list = kind === 'except' ? 'except' : 'cues';
    if (text.startsWith('/'))
      throw new CueSyntaxError(
        'regular expressions are not cues: write the words (a|b for either, word? optional)',
        'en',
        group,
        index,
        list,
      );
    // "didn't|did_not apply for": an alternative of two words joined by _ is read as its own cue.
    if (text.includes('_')) {
      for (const reading of readingsOf(text, group, index, list)) addEnglish(reading, group, index, kind, spec, cue);
      return;
    }
    const positions: EnPosition[] = text.split(/\s+/).map((part) => {
      const optional = part.length > 1 && part.endsWith('?');
      const body = optional ? part.slice(0, -1) : part;
      const alts = body.split('|').map((alt) => {
        if (alt === '') throw new CueSyntaxError(`empty alternative in '${text}'`, 'en', group, index, list);
        return patternOf(alt, 'en', group, index, list);
      });
      return { alts, bits: idBits(alts), optional };
    });
    if (positions[0]?.optional)
      throw new CueSyntaxError('the first word of a cue cannot be optional', 'en', group, index, list);
    const negatable =
      kind === 'hit' &&
      (typeof original === 'string' ? true : (original.negatable ?? true)) &&
      spec?.negatable !== false;
    const second = positions[1];
    const nextBits = !second || second.optional ? -1 : idBits(second.alts);
    const compiled: EnCue = {
      group,
      kind,
      negatable,
      hashtags: spec?.hashtags !== false,
      positions,
      nextBits,
    };
    for (const alt of positions[0]?.alts ?? []) {
      const bucket = enByFirst.get(alt) ?? [];
      if (!bucket.includes(compiled)) bucket.push(compiled);
      enByFirst.set(alt, bucket);
    }
  };
  const addJapanese = (cue: CueConfig, group: number, index: number, kind: Kind, spec?: CueGroup) => {
    const raw = typeof cue === 'string' ? cue : cue.cue;
    if (raw.startsWith('/'))
      throw new CueSyntaxError(
        'regular expressions are not cues: write the phrase',
        'ja',
        group,
        index,
        kind === 'except' ? 'except' : 'cues',
      );
    const folded = foldJapanese(raw.trim());
    const negatable =
      kind === 'hit' && (typeof cue === 'string' ? true : (cue.negatable ?? true)) && spec?.negatable !== false;
    const first = folded[0] ?? '';
    const bucket = jaByFirst.get(first) ?? [];
    bucket.push({ group, kind, negatable, cue: folded });
    jaByFirst.set(first, bucket);
  };

  groups.forEach((spec, group) => {
    spec.en.forEach((cue, i) => {
      addEnglish(cue, group, i, 'hit', spec);
    });
    spec.ja.forEach((cue, i) => {
      addJapanese(cue, group, i, 'hit', spec);
    });
    spec.except?.en?.forEach((cue, i) => {
      addEnglish(cue, group, i, 'except', spec);
    });
    spec.except?.ja?.forEach((cue, i) => {
      addJapanese(cue, group, i, 'except', spec);
    });
  });
  idioms.en.forEach((cue, i) => {
    addEnglish(cue, -1, i, 'mask');
  });
  idioms.ja.forEach((cue, i) => {
    addJapanese(cue, -1, i, 'mask');
  });
  // Longest first, so evidence is the longest cue of a group at a position.
  for (const bucket of enByFirst.values()) bucket.sort((a, b) => b.positions.length - a.positions.length);
  for (const bucket of jaByFirst.values()) bucket.sort((a, b) => b.cue.length - a.cue.length);

  const negationWords = new Set(negation.enWords.map((w) => w.toLowerCase()));

  // ---- English
  // Cues by the pattern id of their first word as runs of one array of cue numbers (pattern ids are dense).
  const cueList: EnCue[] = [];
  const numberOf = new Map<EnCue, number>();
  const bucketStart = new Int32Array(patternIds.size + 1);
  const inBuckets: number[] = [];
  for (let id = 0; id < patternIds.size; id++) {
    bucketStart[id] = inBuckets.length;
    for (const cue of enByFirst.get(id) ?? []) {
      let n = numberOf.get(cue);
      if (n === undefined) {
        n = cueList.length;
        numberOf.set(cue, n);
        cueList.push(cue);
      }
      inBuckets.push(n);
    }
  }
  bucketStart[patternIds.size] = inBuckets.length;
  // What the loop over a token's candidates asks first, in a typed array by cue number: contiguous
  // memory, where an object per cue missed the cache on most tries.
  const nextBitsOf = Int32Array.from(cueList, (cue) => cue.nextBits);
  const noHashtagsOf = Uint8Array.from(cueList, (cue) => (cue.hashtags ? 0 : 1));
  // Every cue's positions in typed arrays too, for the same reason: cue c's are positionsFrom[c] up to
  // positionsFrom[c + 1]; position q's alternatives are alts[altsFrom[q]] up to alts[altsFrom[q + 1]].
  const positionsFrom = new Int32Array(cueList.length + 1);
  const positionBits: number[] = [];
  const positionOptional: number[] = [];
  const altsFrom: number[] = [];
  const altList: number[] = [];
  cueList.forEach((cue, c) => {
    positionsFrom[c] = positionBits.length;
    for (const position of cue.positions) {
      positionBits.push(position.bits);
      positionOptional.push(position.optional ? 1 : 0);
      altsFrom.push(altList.length);
      altList.push(...position.alts);
    }
  });
  positionsFrom[cueList.length] = positionBits.length;
  altsFrom.push(altList.length);
  const bitsAt = Int32Array.from(positionBits);
  const optionalAt = Uint8Array.from(positionOptional);
  const altsAt = Int32Array.from(altsFrom);
  const alts = Int32Array.from(altList);

  /**
   * A word's pattern ids with the cues that may start at it: those of each id's bucket in turn, a cue in
   * several buckets (alternatives of its first word) at its first, so each is tried once per token.
   */
  const wordIds = (ids: readonly number[]): WordIds => {
    if (ids.length === 0) return NONE;
    const starts = new Set<number>();
    for (const id of ids)
      for (let b = bucketStart[id] as number, stop = bucketStart[id + 1] as number; b < stop; b++)
        starts.add(inBuckets[b] as number);
    const word = new Int32Array(FIRST_START + starts.size + ids.length);
    word[BITS] = idBits(ids);
    let next = 0;
    let at = FIRST_START;
    for (const c of starts) {
      const bits = nextBitsOf[c] as number;
      next = bits === -1 || next === -1 ? -1 : next | bits;
      word[at++] = c;
    }
    word[NEXT] = next;
    word[STARTS] = starts.size;
    word.set(ids, at);
    return word;
  };
  // A word's pattern ids depend on the word alone: worked out once per distinct word, not per token.
  const idsOfWord = cacheByWord((word: string): WordIds => {
    let ids: readonly number[] = formIndex.get(word) ?? NO_IDS;
    if (prefixes.length > 0 || numberId >= 0) {
      const extra: number[] = [];
      for (const { id, prefix } of prefixes) if (word.startsWith(prefix)) extra.push(id);
      if (numberId >= 0 && /^\d/.test(word)) extra.push(numberId);
      if (extra.length > 0) ids = [...ids, ...extra];
    }
    return wordIds(ids);
  });
  // A possessive matches its noun's cues ("the driver's" is a driver) and a cue written possessive
  // ("someone else's", "another passenger's"). Told per word, so a token costs one cache read.
  const idsOfToken = cacheByWord((word: string): WordIds => {
    const whole = idsOfWord(word);
    if (!word.endsWith("'s")) return whole;
    const noun = idsOfWord(word.slice(0, -2));
    const wholeIds = idsIn(whole);
    const nounIds = idsIn(noun);
    if (wholeIds.length === 0) return noun;
    if (nounIds.length === 0) return whole;
    return wordIds([...new Set([...nounIds, ...wholeIds])]);
  });

  const negatedBefore = (tokens: readonly WordToken[], at: number): boolean => {
    for (let j = at - 1, seen = 0; j >= 0 && seen < negation.enWindow; j--, seen++) {
      if (tokens[j + 1]?.punctBefore) return false;
      const word = tokens[j]?.lower ?? '';
      if (CONTRAST.has(word)) return false;
      if (negationWords.has(word) || word.endsWith("n't") || (word.endsWith('nt') && NT.has(word))) return true;
    }
    return false;
  };

  /** Whether a word with pattern ids `have` can stand at position `q` (an index into the position arrays). */
  const matches = (q: number, have: WordIds): boolean => {
    if (((bitsAt[q] as number) & (have[BITS] as number)) === 0) return false;
    const from = FIRST_START + (have[STARTS] as number);
    for (let a = altsAt[q] as number, stop = altsAt[q + 1] as number; a < stop; a++) {
      const alt = alts[a] as number;
      for (let j = from; j < have.length; j++) if (have[j] === alt) return true;
    }
    return false;
  };
  /** Where cue `c` matched from its position `q` on, starting at token `t`: the token after its end, or −1. */
  const rest = (c: number, q: number, t: number, tokens: readonly WordToken[], ids: ReadonlyArray<WordIds>): number => {
    if (q === positionsFrom[c + 1]) return t;
    const token = tokens[t];
    if (token && !token.punctBefore && (noHashtagsOf[c] === 0 || !token.hashtag) && matches(q, ids[t] as WordIds)) {
      const end = rest(c, q + 1, t + 1, tokens, ids);
      if (end >= 0) return end;
    }
    return optionalAt[q] === 1 ? rest(c, q + 1, t, tokens, ids) : -1;
  };

  // The pattern ids of each token, reused from call to call (entries past the tokens are never read).
  const ids: WordIds[] = [];
  const findEnglish = (text: string, out: CueHit[], masks: CueHit[], excepts: CueHit[]) => {
    const tokens = tokenizeWords(text);
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i] as WordToken;
      ids[i] = idsOfToken(token.lower, token.entry);
    }
    for (let i = 0; i < tokens.length; i++) {
      const word = ids[i] as WordIds;
      const stop = FIRST_START + (word[STARTS] as number);
      // Most tries end at the cue's second word: tested first on bits of the next token's ids, for all of
      // the word's cues at once, then for each.
      const nextBits = i + 1 < tokens.length ? ((ids[i + 1] as WordIds)[BITS] as number) : 0;
      const anyNext = word[NEXT] as number;
      if (stop === FIRST_START || (anyNext !== -1 && (anyNext & nextBits) === 0)) continue;
      const token = tokens[i] as WordToken;
      for (let k = FIRST_START; k < stop; k++) {
        const c = word[k] as number;
        const next = nextBitsOf[c] as number;
        if (next !== -1 && (next & nextBits) === 0) continue;
        if (token.hashtag && noHashtagsOf[c] === 1) continue;
        const end = rest(c, (positionsFrom[c] as number) + 1, i + 1, tokens, ids);
        if (end < 0) continue;
        const cue = cueList[c] as EnCue;
        const hit = { group: cue.group, start: token.start, end: tokens[end - 1]?.end ?? token.end };
        if (cue.kind === 'mask') masks.push(hit);
        else if (cue.kind === 'except') excepts.push(hit);
        else if (!(cue.negatable && negatedBefore(tokens, i))) out.push(hit);
      }
    }
  };

  // ---- Japanese
  const startsJapaneseCue = foldsToOneOf(jaByFirst.keys());
  const findJapanese = (
    text: string,
    tokens: readonly JaToken[] | undefined,
    out: CueHit[],
    masks: CueHit[],
    excepts: CueHit[],
  ) => {
    // Without morphemes a hit starts at a character a cue starts with: most texts here hold none (English
    // with an emoji, whose surrogates fall in CJK's range), and folding them cost more than the test.
    if ((!tokens || tokens.length === 0) && !startsJapaneseCue.test(text)) return;
    const folded = foldJapanese(text);
    const emit = (cue: JaCue, start: number, end: number) => {
      const hit = { group: cue.group, start, end };
      if (cue.kind === 'mask') masks.push(hit);
      else if (cue.kind === 'except') excepts.push(hit);
      else if (!(cue.negatable && negatedAfter(text, end, negation.jaWindow))) out.push(hit);
    };
    if (!tokens || tokens.length === 0) {
      // No morphemes (a Japanese phrase inside an English comment): substrings of the text.
      for (let at = 0; at < folded.length; at++) {
        for (const cue of jaByFirst.get(folded[at] ?? '') ?? []) {
          if (folded.startsWith(cue.cue, at)) emit(cue, at, at + cue.cue.length);
        }
      }
      return;
    }
    // A cue starts where a morpheme starts and ends where one ends, or inside a conjugating word
    // (出して ← 出): never inside a noun (障害者 is not 障害... unless listed, 救急箱 is not 救急).
    const endsAt = new Map<number, JaToken>();
    const containing = new Int32Array(folded.length + 1).fill(-1);
    tokens.forEach((t, k) => {
      endsAt.set(t.end, t);
      for (let c = t.start; c < t.end && c < containing.length; c++) containing[c] = k;
    });
    const endOk = (end: number): boolean => {
      if (endsAt.has(end)) return true;
      const inside = tokens[containing[end - 1] ?? -1];
      return inside !== undefined && inside.pos !== '名詞';
    };
    for (const t of tokens) {
      const at = t.start;
      for (const cue of jaByFirst.get(folded[at] ?? '') ?? []) {
        if (folded.startsWith(cue.cue, at) && endOk(at + cue.cue.length)) emit(cue, at, at + cue.cue.length);
      }
    }
    // Dictionary forms catch conjugations the text does not spell (遅くて → 遅い, 訴えます → 訴える).
    let basics = '';
    const owner: number[] = [];
    const firstChar: number[] = [];
    tokens.forEach((t, k) => {
      const b = foldJapanese(t.basic);
      firstChar.push(basics.length);
      basics += b;
      for (let c = 0; c < b.length; c++) owner.push(k);
    });
    tokens.forEach((t, k) => {
      const at = firstChar[k] as number;
      if (t.basic === t.surface) return; // the surface scan saw it
      for (const cue of jaByFirst.get(basics[at] ?? '') ?? []) {
        if (!basics.startsWith(cue.cue, at)) continue;
        const lastIndex = owner[at + cue.cue.length - 1] ?? -1;
        const last = tokens[lastIndex];
        const next = firstChar[lastIndex + 1] ?? basics.length;
        if (last && (at + cue.cue.length === next || last.pos !== '名詞')) emit(cue, t.start, last.end);
      }
    });
  };

  return {
    find(text, jaTokens) {
      const hits: CueHit[] = [];
      if (typeof text !== 'string' || text === '') return hits;
      const masks: CueHit[] = [];
      const excepts: CueHit[] = [];
      if (LATIN.test(text)) findEnglish(foldWidth(text, false), hits, masks, excepts);
      if (CJK.test(text)) findJapanese(text, jaTokens, hits, masks, excepts);
      if (hits.length === 0) return hits;
      // English hits mostly come in this order already: sorting (stable) an ordered list changes nothing.
      if (!inTextOrder(hits)) hits.sort(byTextOrder);
      const masked = overlapIndex(masks);
      const excepted = exceptIndex(excepts);
      // Hits come by start, so a kept hit of the same group overlaps this one exactly when it ends after its start.
      const keptReach = new Map<number, number>();
      const kept: CueHit[] = [];
      for (const hit of hits) {
        if (masked(hit.start, hit.end)) continue;
        if (excepted?.get(hit.group)?.(hit.start, hit.end)) continue;
        if ((keptReach.get(hit.group) ?? -1) > hit.start) continue;
        keptReach.set(hit.group, Math.max(keptReach.get(hit.group) ?? -1, hit.end));
        kept.push(hit);
      }
      return kept;
    },
  };
};

// Negations typed without the apostrophe.
const NT = new Set([
  'dont',
  'didnt',
  'doesnt',
  'isnt',
  'wasnt',
  'werent',
  'arent',
  'cant',
  'wont',
  'havent',
  'hasnt',
  'hadnt',
  'couldnt',
  'wouldnt',
  'shouldnt',
]);
