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
    return body;
  }
  return script === 'en' ? englishPhrase(cue) : escapeRegex(cue);
};

interface Group {
  rule: number;
  negatable: boolean;
}

interface ScriptMatcher {
  regex: RegExp;
  groups: Group[];
}

const buildScript = (rules: RuleCues[], script: 'en' | 'ja'): ScriptMatcher | undefined => {
  const groups: Group[] = [];
  const alternatives: string[] = [];
  for (const { rule, cues } of rules) {
    const byNegatable = new Map<boolean, string[]>();
    cues.forEach((cue, index) => {
      const text = typeof cue === 'string' ? cue : cue.cue;
      const negatable = typeof cue === 'string' ? true : (cue.negatable ?? true);
      const list = byNegatable.get(negatable) ?? [];
      list.push(cueSource(text, script, rule, index));
      byNegatable.set(negatable, list);
    });
    for (const [negatable, sources] of byNegatable) {
      // Longer alternatives first, so the evidence is the longest cue at a position.
      sources.sort((a, b) => b.length - a.length);
      groups.push({ rule, negatable });
      alternatives.push(`(${sources.join('|')})`);
    }
  }
  if (alternatives.length === 0) return undefined;
  return { regex: new RegExp(alternatives.join('|'), script === 'en' ? 'gi' : 'g'), groups };
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

/** Compiles the cues of all rules into one regex per script, each rule a capture group. */
export const compileCueMatcher = (en: RuleCues[], ja: RuleCues[], negation: NegationOptions): CueMatcher => {
  const enMatcher = buildScript(en, 'en');
  const jaMatcher = buildScript(ja, 'ja');
  const enWords = new Set(negation.enWords.map((w) => w.toLowerCase()));

  const scan = (matcher: ScriptMatcher, text: string, script: 'en' | 'ja', hits: CueHit[]) => {
    const { regex, groups } = matcher;
    regex.lastIndex = 0;
    for (let m = regex.exec(text); m !== null; m = regex.exec(text)) {
      const start = m.index;
      const end = start + m[0].length;
      // Restart one past the start so overlapping cues of other rules are still seen.
      regex.lastIndex = start + 1;
      if (end === start) continue;
      let g = 0;
      while (g < groups.length && m[g + 1] === undefined) g++;
      const group = groups[g];
      if (!group) continue;
      if (group.negatable) {
        const negated =
          script === 'en'
            ? negatedBefore(text, start, enWords, negation.enWindow)
            : negatedAfter(text, end, negation.jaWindow);
        if (negated) continue;
      }
      hits.push({ rule: group.rule, start, end });
    }
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
      if (latin && enMatcher) scan(enMatcher, text, 'en', hits);
      if (cjk && jaMatcher) scan(jaMatcher, text, 'ja', hits);
      return hits;
    },
  };
};
