import type { CueConfig } from './rules-schema.js';

/** A cue found in the text: which rule it belongs to and where it is. */
export interface CueHit {
  rule: number;
  start: number;
  end: number;
}

/** The cues of one rule in one script, as given to {@link compileCueMatcher}. */
export interface RuleCues {
  rule: number;
  cues: CueConfig[];
}

/** How negation is recognised: English looks back a few words, Japanese looks ahead in the clause. */
export interface NegationOptions {
  enWords: readonly string[];
  enWindow: number;
  jaWindow: number;
}

/** Finds every non-negated cue of every rule in one pass per script. */
export interface CueMatcher {
  /** Hits in text order; overlapping hits of different rules are all reported. */
  find(text: string): CueHit[];
}

/** A cue that could not be compiled, with its position for the error message. */
export class CueSyntaxError extends Error {
  override readonly name = 'CueSyntaxError';
  constructor(
    message: string,
    readonly script: 'en' | 'ja',
    readonly rule: number,
    readonly index: number,
  ) {
    super(message);
  }
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const isWordChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_]/.test(c);

/** Regex source of one English phrase: whole words, `*` = any word ending, either apostrophe. */
const englishPhrase = (phrase: string): string => {
  const trimmed = phrase.trim();
  let src = '';
  for (const part of trimmed.split(/\s+/)) {
    const wildcard = part.endsWith('*');
    const word = wildcard ? part.slice(0, -1) : part;
    const piece = escapeRegex(word).replace(/'/g, "['’]");
    src += (src ? '[\\s-]+' : '') + piece + (wildcard ? "[\\w'’]*" : '');
  }
  const head = isWordChar(trimmed[0]) ? '\\b' : '';
  const tail = !trimmed.endsWith('*') && isWordChar(trimmed[trimmed.length - 1]) ? '\\b' : '';
  return head + src + tail;
};

/** Regex source of one cue; throws CueSyntaxError for a bad or capturing regex. */
const cueSource = (cue: string, script: 'en' | 'ja', rule: number, index: number): string => {
  if (cue.length > 2 && cue.startsWith('/') && cue.endsWith('/')) {
    const body = cue.slice(1, -1);
    let groups: number;
    try {
      groups = (new RegExp(`${body}|`).exec('')?.length ?? 1) - 1;
    } catch (error) {
      throw new CueSyntaxError(`invalid regular expression: ${(error as Error).message}`, script, rule, index);
    }
    // Capturing groups would shift the group numbers that tell the rules apart.
    if (groups > 0) throw new CueSyntaxError('use (?:…) instead of capturing groups (…)', script, rule, index);
    // English text is lower-cased before English cues run; an upper-case letter (not an escape like \\D) would never match.
    if (script === 'en' && /(?<!\\)[A-Z]/.test(body)) {
      throw new CueSyntaxError(
        'write English regex cues in lower case (the text is lower-cased first)',
        script,
        rule,
        index,
      );
    }
    return body;
  }
  return script === 'en' ? englishPhrase(cue) : escapeRegex(cue);
};

/** A phrase cue: tried only where a word (English) or character (Japanese) it can start with occurs. */
interface Literal {
  rule: number;
  negatable: boolean;
  /** Plain text the cue starts with (lower case): a cheap check before the regex. */
  prefix: string;
  /** English: sticky regex run on the lower-cased text; absent when the prefix is the whole cue. */
  sticky?: RegExp;
  size: number;
}

/** Regex cues of all rules in one regex, one capture group per rule (and negatability). */
interface RegexGroup {
  rule: number;
  negatable: boolean;
}

interface CombinedRegex {
  regex: RegExp;
  groups: RegexGroup[];
}

interface ScriptMatcher {
  /** English: first three letters of the first word as a number → phrases; Japanese: first character code → phrases. */
  literals: Map<number, Literal[]>;
  /** English regex cues that start at a word (`\\b…`): one sticky attempt per word start. */
  atWordStart?: CombinedRegex;
  /** Any other regex cues: scanned over the whole text. */
  anywhere?: CombinedRegex;
}

const isRegexCue = (cue: string): boolean => cue.length > 2 && cue.startsWith('/') && cue.endsWith('/');

/** A word's first three characters packed in a number (letters and digits are below 128). */
const wordKey = (s: string, at: number, end: number): number => {
  let key = 0;
  for (let i = at; i < end && i < at + 3; i++) key = key * 128 + s.charCodeAt(i);
  return key;
};

const combine = (sources: Array<{ group: RegexGroup; source: string }>, flags: string): CombinedRegex | undefined => {
  if (sources.length === 0) return undefined;
  return {
    regex: new RegExp(sources.map((s) => `(${s.source})`).join('|'), flags),
    groups: sources.map((s) => s.group),
  };
};

const buildScript = (rules: RuleCues[], script: 'en' | 'ja'): ScriptMatcher => {
  const literals = new Map<number, Literal[]>();
  const atWordStart: Array<{ group: RegexGroup; source: string }> = [];
  const anywhere: Array<{ group: RegexGroup; source: string }> = [];
  for (const { rule, cues } of rules) {
    const regexSources = new Map<boolean, string[]>();
    cues.forEach((cue, index) => {
      const text = typeof cue === 'string' ? cue : cue.cue;
      const negatable = typeof cue === 'string' ? true : (cue.negatable ?? true);
      const source = cueSource(text, script, rule, index);
      if (isRegexCue(text)) {
        const list = regexSources.get(negatable) ?? [];
        list.push(source);
        regexSources.set(negatable, list);
        return;
      }
      let key: number;
      const literal: Literal = { rule, negatable, prefix: '', size: text.length };
      if (script === 'en') {
        const lower = text.trim().toLowerCase();
        const lead = /^[a-z0-9]+/.exec(lower)?.[0];
        if (!lead) {
          throw new CueSyntaxError(
            'an English phrase must start with a letter or digit (or use /regex/)',
            script,
            rule,
            index,
          );
        }
        // Words are looked up by their first three letters, so a wildcard needs a stem that long.
        if (lead.length < 3 && lower[lead.length] === '*') {
          throw new CueSyntaxError('a wildcard needs at least three letters before *', script, rule, index);
        }
        key = wordKey(lead, 0, lead.length);
        literal.prefix = /^[a-z0-9]+/.exec(lower)?.[0] ?? '';
        // The head \\b is implied: phrases are only tried at the start of a word.
        literal.sticky = new RegExp(englishPhrase(lower).replace(/^\\b/, ''), 'y');
      } else {
        key = text.charCodeAt(0);
        literal.prefix = text;
      }
      const bucket = literals.get(key) ?? [];
      bucket.push(literal);
      literals.set(key, bucket);
    });
    for (const [negatable, sources] of regexSources) {
      const group = { rule, negatable };
      const wordStart = script === 'en' ? sources.filter((x) => x.startsWith('\\b')) : [];
      const rest = sources.filter((x) => !wordStart.includes(x));
      if (wordStart.length) atWordStart.push({ group, source: wordStart.map((x) => x.slice(2)).join('|') });
      if (rest.length) anywhere.push({ group, source: rest.join('|') });
    }
  }
  // Longest first, so the evidence is the longest cue of a rule at a position.
  for (const bucket of literals.values()) bucket.sort((a, b) => b.size - a.size);
  // English regex cues run on the lower-cased text, so no `i` flag (which slows every attempt).
  const sticky = combine(atWordStart, 'y');
  const global = combine(anywhere, 'g');
  return { literals, ...(sticky ? { atWordStart: sticky } : {}), ...(global ? { anywhere: global } : {}) };
};

const isAlnum = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 48 && c <= 57);

/** Lower case without moving any offset (a few characters, like İ, grow when lower-cased). */
const lowerKeepingOffsets = (text: string): string => {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  let out = '';
  for (const ch of text) {
    const l = ch.toLowerCase();
    out += l.length === ch.length ? l : ch;
  }
  return out;
};

const CLAUSE_BREAK = new Set(['.', '!', '?', ';', ':', ',', '(', ')', '\n', '。', '！', '？']);
const CONTRAST = new Set(['but', 'however', 'although', 'though', 'yet']);
const isLetter = (code: number): boolean =>
  (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 39 || code === 0x2019;

/** True when one of the `window` words before `start` (same clause) negates, e.g. "not going to sue". */
const negatedBefore = (text: string, start: number, words: ReadonlySet<string>, window: number): boolean => {
  let i = start;
  for (let seen = 0; seen < window; ) {
    while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
    if (i === 0 || CLAUSE_BREAK.has(text[i - 1] ?? '')) return false;
    let j = i;
    while (j > 0 && isLetter(text.charCodeAt(j - 1))) j--;
    if (j === i) {
      i--; // a digit or symbol: step over it without counting a word
      continue;
    }
    const word = text.slice(j, i).toLowerCase();
    if (CONTRAST.has(word)) return false;
    if (words.has(word) || word.endsWith("n't") || word.endsWith('n’t')) return true;
    i = j;
    seen++;
  }
  return false;
};

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

/** Compiles the cues of all rules once: phrases indexed by how they start, regex cues combined per script. */
export const compileCueMatcher = (en: RuleCues[], ja: RuleCues[], negation: NegationOptions): CueMatcher => {
  const enMatcher = buildScript(en, 'en');
  const jaMatcher = buildScript(ja, 'ja');
  const enWords = new Set(negation.enWords.map((w) => w.toLowerCase()));
  const negated = (script: 'en' | 'ja', text: string, start: number, end: number): boolean =>
    script === 'en'
      ? negatedBefore(text, start, enWords, negation.enWindow)
      : negatedAfter(text, end, negation.jaWindow);

  const groupOf = (m: RegExpExecArray, groups: RegexGroup[]): RegexGroup | undefined => {
    let g = 0;
    while (g < groups.length && m[g + 1] === undefined) g++;
    return groups[g];
  };

  const scanAnywhere = (combined: CombinedRegex | undefined, text: string, script: 'en' | 'ja', hits: CueHit[]) => {
    if (!combined) return;
    const { regex, groups } = combined;
    regex.lastIndex = 0;
    for (let m = regex.exec(text); m !== null; m = regex.exec(text)) {
      const start = m.index;
      const end = start + m[0].length;
      // Restart one past the start so overlapping cues of other rules are still seen.
      regex.lastIndex = start + 1;
      const group = groupOf(m, groups);
      if (end === start || !group || (group.negatable && negated(script, text, start, end))) continue;
      hits.push({ rule: group.rule, start, end });
    }
  };

  const tryLiterals = (
    bucket: Literal[] | undefined,
    text: string,
    lower: string,
    at: number,
    script: 'en' | 'ja',
    hits: CueHit[],
  ) => {
    if (!bucket) return;
    let lastRule = -1;
    for (const literal of bucket) {
      if (literal.rule === lastRule || !lower.startsWith(literal.prefix, at)) continue;
      let end = at + literal.prefix.length;
      if (literal.sticky) {
        literal.sticky.lastIndex = at;
        if (!literal.sticky.test(lower)) continue;
        end = literal.sticky.lastIndex;
      }
      if (literal.negatable && negated(script, text, at, end)) continue;
      lastRule = literal.rule;
      hits.push({ rule: literal.rule, start: at, end });
    }
  };

  const scanEnglish = (text: string, hits: CueHit[]) => {
    const lower = lowerKeepingOffsets(text);
    const { literals, atWordStart } = enMatcher;
    let wordStart = -1;
    for (let i = 0; i <= lower.length; i++) {
      const alnum = i < lower.length && isAlnum(lower.charCodeAt(i));
      if (alnum) {
        if (wordStart < 0) wordStart = i;
        continue;
      }
      if (wordStart < 0) continue;
      tryLiterals(literals.get(wordKey(lower, wordStart, i)), text, lower, wordStart, 'en', hits);
      if (atWordStart) {
        atWordStart.regex.lastIndex = wordStart;
        const m = atWordStart.regex.exec(lower);
        const group = m ? groupOf(m, atWordStart.groups) : undefined;
        if (
          m &&
          group &&
          m[0].length > 0 &&
          !(group.negatable && negated('en', text, wordStart, wordStart + m[0].length))
        ) {
          hits.push({ rule: group.rule, start: wordStart, end: wordStart + m[0].length });
        }
      }
      wordStart = -1;
    }
    scanAnywhere(enMatcher.anywhere, lower, 'en', hits);
  };

  const scanJapanese = (text: string, hits: CueHit[]) => {
    const { literals } = jaMatcher;
    for (let i = 0; i < text.length; i++) {
      // Every position: a few Japanese cues start with a digit (3回目).
      tryLiterals(literals.get(text.charCodeAt(i)), text, text, i, 'ja', hits);
    }
    scanAnywhere(jaMatcher.anywhere, text, 'ja', hits);
  };

  return {
    find(text) {
      const hits: CueHit[] = [];
      let latin = false;
      let cjk = false;
      for (let i = 0; i < text.length && !(latin && cjk); i++) {
        const c = text.charCodeAt(i);
        if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) latin = true;
        else if (c >= 0x3000) cjk = true;
      }
      if (latin) scanEnglish(text, hits);
      if (cjk) scanJapanese(text, hits);
      return hits.length > 1 ? hits.sort((a, b) => a.start - b.start || b.end - a.end) : hits;
    },
  };
};
