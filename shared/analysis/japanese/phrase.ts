import type { JaToken } from './tokenizer.js';

/** Morphemes that carry on the word before them: endings, auxiliaries, て/で, すぎる, にくい. */
const carriesOn = (t: JaToken): boolean =>
  t.pos === '助動詞' ||
  ((t.pos === '動詞' || t.pos === '形容詞') && (t.posDetail1 === '非自立' || t.posDetail1 === '接尾')) ||
  (t.pos === '助詞' && t.posDetail1 === '接続助詞' && (t.surface === 'て' || t.surface === 'で'));

const conjugates = (t: JaToken): boolean => t.pos === '動詞' || t.pos === '形容詞' || t.pos === '助動詞';

/**
 * Where a Japanese span ending at `end` reads as a whole phrase: a cue that stops inside a word or before its
 * endings (「ひど」 of ひどすぎる, 「怒鳴られ」 of 怒鳴られました) runs on to the end of them, so a manager reads
 * 「ひどすぎる」, 「怒鳴られました」. A span ending on a noun or a particle is already whole.
 */
export const phraseEnd = (tokens: readonly JaToken[], end: number): number => {
  let i = tokens.findIndex((t) => t.end >= end && t.start < end);
  if (i < 0) return end;
  const last = tokens[i] as JaToken;
  if (!conjugates(last)) return end;
  let to = last.end;
  for (i++; i < tokens.length; i++) {
    const t = tokens[i] as JaToken;
    if (t.start !== to || !carriesOn(t)) break;
    to = t.end;
  }
  return to;
};
