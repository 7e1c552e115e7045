/**
 * Width folding that keeps every UTF-16 offset: each full-width ASCII variant (Ａ, ０, ＠, －)
 * and each dash look-alike becomes one ASCII character, so a match found in the folded text
 * indexes the original text exactly.
 */

// Dash look-alikes people type between digit groups (‐ ‑ ‒ – — ― − ー ｰ); all fold to '-'.
const DASHES = new Set([0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0x30fc, 0xff70]);

// Full-width ASCII, the ideographic space and DASHES. A regular expression, not a loop: V8 tests a text of
// Latin-1 characters against a class beyond them in a few nanoseconds, a loop reads every character.
const FOLDABLE = /[\uff01-\uff5e\u3000\u2010-\u2015\u2212\u30fc\uff70]/;

/** True when `text` holds something {@link foldWidth} would change (cheap pre-check). */
export const needsWidthFold = (text: string): boolean => FOLDABLE.test(text);

/**
 * Folds full-width ASCII, the ideographic space and (unless `dashes` is false) dash look-alikes to
 * ASCII, one unit for one unit. Keep dashes for Japanese words: ー is a long vowel in カード.
 */
export const foldWidth = (text: string, dashes = true): string => {
  if (!needsWidthFold(text)) return text;
  let out = '';
  let copied = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let r = -1;
    if (c >= 0xff01 && c <= 0xff5e) r = c - 0xfee0;
    else if (c === 0x3000) r = 0x20;
    else if (dashes && c >= 0x2010 && DASHES.has(c)) r = 0x2d;
    if (r >= 0) {
      out += text.slice(copied, i) + String.fromCharCode(r);
      copied = i + 1;
    }
  }
  return out + text.slice(copied);
};
