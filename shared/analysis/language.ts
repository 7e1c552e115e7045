import type { LanguageResult } from './types.js';

/**
 * Language identification by script, then by common words. One pass over char codes counts
 * letters per script; Latin-script words are looked up in small common-word lists. Cheap enough
 * to run on every comment (no n-gram model to load), and honest: `und` with confidence 0 when
 * there are no letters, low confidence when the evidence is thin.
 */

// Common words per Latin-script language: function words mostly, plus a few words that are frequent
// in feedback. Words shared by several languages (a, de, la, no, e, en…) count for each of them.
const WORDS: Record<string, string> = {
  en: `a the and to of is in it i you as like works that for was on my with have this be are not but at they your can
    just so get we me what all do if no would there will an been has or from when out about had were
    thanks thank please why how did don't can't i'm it's very good great bad still now again after never
    our us an got going time flight service customer help hours need back call one day today love like want know`,
  es: `el la los las de que y en un una es por con para no se lo su al del muy pero como más mi me
    está esta este son fue hay gracias servicio vuelo nunca todo también porque cuando ya muy bien
    mal yo tengo ni sin sobre hasta desde le les nos`,
  fr: `le la les de des du un une et est en que qui pour pas ne je vous nous il elle ce cette avec sur
    dans au aux mais très bien merci service vol jamais tout aussi parce quand déjà mal j'ai c'est
    n'est plus être avoir sont été`,
  de: `der die das und ist nicht ich du sie es ein eine einen mit von zu auf für den dem des im
    sehr aber wie auch noch nur mein meine wir ihr wurde danke service flug nie alles immer schon
    schlecht gut kein keine bei nach oder wenn war habe hat sind`,
  pt: `o a os as de que e em um uma é por com para não se do da dos das no na muito mas como mais
    meu minha está foi são obrigado obrigada serviço voo nunca tudo também porque quando já bem
    mal eu tenho sem até você ao`,
  it: `il lo la i gli le di che e è in un una per con non si del della dei da al nel molto ma come
    più mio mia sono stato grazie servizio volo mai tutto anche perché quando già bene male ho ha
    senza fino questo questa`,
  nl: `de het een en is van ik je niet dat op te met voor zijn maar ook als er was heb hebben wij
    bij naar nog geen dank vlucht nooit altijd goed slecht`,
};

const LATIN_CODES = Object.keys(WORDS);
const EN = LATIN_CODES.indexOf('en');
const MAX_WORD = 9;
// word → bit set of the languages whose list holds it (one Map lookup per word, not one per language).
const WORD_LANGS = new Map<string, number>();
LATIN_CODES.forEach((code, bit) => {
  for (const w of (WORDS[code] ?? '').split(/\s+/)) {
    if (w && w.length <= MAX_WORD) WORD_LANGS.set(w, (WORD_LANGS.get(w) ?? 0) | (1 << bit));
  }
});

// Which lengths, first and last letters the lists' words of ASCII letters have, by asciiShape: most words of
// a comment are in no list, and a word whose shape no list word has needs no copy and no Map lookup.
const asciiShape = (length: number, first: number, last: number): number => (length * 26 + first - 97) * 26 + last - 97;
const ASCII_SHAPES = new Uint8Array(asciiShape(MAX_WORD + 1, 97, 97));
for (const w of WORD_LANGS.keys()) {
  const first = w.charCodeAt(0);
  const last = w.charCodeAt(w.length - 1);
  if (first >= 97 && first <= 122 && last >= 97 && last <= 122) ASCII_SHAPES[asciiShape(w.length, first, last)] = 1;
}
const asciiLetter = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);

// Letters that (nearly) give a Latin-script language away.
const MARKS = new Map<number, number>();
for (const [code, chars] of Object.entries({
  es: 'ñ¿¡',
  pt: 'ãõ',
  de: 'ßäöü',
  fr: 'èêëîïôœûùÿ',
  it: 'ìò',
})) {
  for (const ch of chars) MARKS.set(ch.charCodeAt(0), LATIN_CODES.indexOf(code));
}

// Kanji-only text: characters and words Japanese uses and Chinese does not (shinjitai, Japanese
// coinages), and the reverse (simplified/traditional forms, Chinese function words).
const codes = (chars: string): Set<number> => new Set([...chars].map((ch) => ch.charCodeAt(0)));
const JA_HAN = codes('円駅様払気発楽県図広総沢売読続変単価込届遅済営専応戻辺両悪鉄労芸');
const JA_HAN_WORDS = [
  '最悪',
  '配送',
  '返金',
  '料金',
  '対応',
  '品質',
  '不良',
  '遅延',
  '請求',
  '予約',
  '注文',
  '部屋',
  '満足',
  '残念',
  '丁寧',
  '無料',
  '確認',
  '手続',
  '問合',
  '大変',
  '接客',
];
const ZH_HAN = codes(
  '们这个说时过还对为会来么吗呢吧没给让谢买卖贵钱话认该样题发现问們這個說時過還對為會來麼嗎沒給讓謝買賣貴錢話認該樣題發現問',
);
const ZH_FUNCTION = codes('的了是我你他她在有很都就也不');

const UND: LanguageResult = { code: 'und', confidence: 0 };

/** Script groups by weight's place in `scriptWeights`; Cyrillic and Arabic text may turn out Ukrainian or Persian. */
const SCRIPTS = ['latin', 'cjk', 'ko', 'ru', 'ar', 'th', 'el', 'he', 'hi'] as const;
const scriptWeights = new Float64Array(SCRIPTS.length);

interface Counts {
  latin: number;
  kana: number;
  han: number;
  hangul: number;
  cyrillic: number;
  ukrainian: number;
  arabic: number;
  persian: number;
  thai: number;
  greek: number;
  hebrew: number;
  devanagari: number;
}

const newCounts = (): Counts => ({
  latin: 0,
  kana: 0,
  han: 0,
  hangul: 0,
  cyrillic: 0,
  ukrainian: 0,
  arabic: 0,
  persian: 0,
  thai: 0,
  greek: 0,
  hebrew: 0,
  devanagari: 0,
});

const isLatinLetter = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7);

/** Normalizes a caller's hint (`en-US`, `JA`, `zh_TW`) to an ISO 639-1 code, or undefined. */
const normalizeHint = (hint: unknown): string | undefined => {
  if (typeof hint !== 'string') return undefined;
  const code = hint.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return /^[a-z]{2,3}$/.test(code) && code !== 'und' ? code : undefined;
};

const clamp = (x: number): number => Math.max(0, Math.min(1, x));
const round = (x: number): number => Math.round(x * 100) / 100;

// A module function, not a closure per text: making the closure cost more than its work.
/** Adds one to the score of each language whose word list holds `text[start, end)`. */
const scoreWord = (text: string, start: number, end: number, latinScores: number[]): void => {
  if (end - start > MAX_WORD) return;
  // Lower-casing keeps a word's ends when they are ASCII letters, and its length but for an İ (whose dot no
  // list word holds): a shape no list word has rules the word out.
  const first = text.charCodeAt(start);
  const last = text.charCodeAt(end - 1);
  if (asciiLetter(first) && asciiLetter(last) && ASCII_SHAPES[asciiShape(end - start, first | 0x20, last | 0x20)] === 0)
    return;
  let w = text.slice(start, end);
  // Most words are already lower case; toLowerCase allocates only when needed.
  if (w.charCodeAt(0) < 97 || w !== w.toLowerCase()) w = w.toLowerCase();
  if (w.includes('\u2019')) w = w.replace('\u2019', "'");
  const mask = WORD_LANGS.get(w) ?? 0;
  for (let bit = 0; mask >> bit; bit++) if (mask & (1 << bit)) latinScores[bit] = (latinScores[bit] ?? 0) + 1;
};

/**
 * Detects the language of `text` (ISO 639-1, `und` when there is nothing to go on) with a 0–1
 * confidence; `hint` (the caller's language) wins when detection is unsure. Never throws.
 */
export const detectLanguage = (text: string, hint?: string): LanguageResult => {
  const hinted = normalizeHint(hint);
  // No letters means nothing to detect, hint or not: `und` keeps symbol-only text out of language paths.
  if (typeof text !== 'string' || text.length === 0) return UND;
  const counts = newCounts();
  const latinScores = LATIN_CODES.map(() => 0);
  let latinWords = 0;
  let jaHan = 0;
  let zhHan = 0;
  let zhFunction = 0;
  let wordStart = -1;
  // Long texts: the first few thousand characters decide; this keeps 100k-character input cheap.
  const n = Math.min(text.length, 4000);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (isLatinLetter(c)) {
      if (wordStart < 0) wordStart = i;
      counts.latin++;
      if (c >= 0xc0) {
        const mark = MARKS.get(c) ?? MARKS.get(c | 0x20);
        if (mark !== undefined) latinScores[mark] = (latinScores[mark] ?? 0) + 0.5;
      }
      continue;
    }
    if ((c === 39 || c === 0x2019) && wordStart >= 0) continue;
    if (wordStart >= 0) {
      latinWords++;
      scoreWord(text, wordStart, i, latinScores);
      wordStart = -1;
    }
    if (c < 0x80) {
      // @mentions and URLs say nothing about the language the comment is written in.
      if (c === 64 || (c === 104 && text.startsWith('http', i))) {
        while (i + 1 < n && text.charCodeAt(i + 1) > 32) i++;
      }
      continue;
    }
    if ((c >= 0x3041 && c <= 0x309f) || (c >= 0x30a1 && c <= 0x30ff && c !== 0x30fb && c !== 0x30fc)) counts.kana++;
    else if (c >= 0xff66 && c <= 0xff9d) counts.kana++;
    else if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff)) {
      counts.han++;
      if (JA_HAN.has(c)) jaHan++;
      else if (ZH_HAN.has(c)) zhHan++;
      else if (ZH_FUNCTION.has(c)) zhFunction++;
    } else if ((c >= 0xac00 && c <= 0xd7af) || (c >= 0x1100 && c <= 0x11ff) || (c >= 0x3130 && c <= 0x318f))
      counts.hangul++;
    else if (c >= 0x0400 && c <= 0x04ff) {
      counts.cyrillic++;
      // і ї є ґ are Ukrainian, not Russian.
      if (c === 0x0456 || c === 0x0457 || c === 0x0454 || c === 0x0491 || c === 0x0406 || c === 0x0407)
        counts.ukrainian++;
    } else if ((c >= 0x0600 && c <= 0x06ff) || (c >= 0x0750 && c <= 0x077f) || (c >= 0xfb50 && c <= 0xfeff)) {
      counts.arabic++;
      // پ چ ژ گ ی are Persian letters.
      if (c === 0x067e || c === 0x0686 || c === 0x0698 || c === 0x06af || c === 0x06cc) counts.persian++;
    } else if (c >= 0x0e00 && c <= 0x0e7f) counts.thai++;
    else if (c >= 0x0370 && c <= 0x03ff) counts.greek++;
    else if (c >= 0x0590 && c <= 0x05ff) counts.hebrew++;
    else if (c >= 0x0900 && c <= 0x097f) counts.devanagari++;
  }
  if (wordStart >= 0) {
    latinWords++;
    scoreWord(text, wordStart, n, latinScores);
  }

  // Each script's weight, in SCRIPTS' order (of equal weights the first wins), filled in place: no list per text.
  // One ideograph or kana carries about as much as a Latin word, so it weighs three letters.
  scriptWeights[0] = counts.latin;
  scriptWeights[1] = (counts.kana + counts.han) * 3;
  scriptWeights[2] = counts.hangul * 3;
  scriptWeights[3] = counts.cyrillic;
  scriptWeights[4] = counts.arabic;
  scriptWeights[5] = counts.thai * 2;
  scriptWeights[6] = counts.greek;
  scriptWeights[7] = counts.hebrew;
  scriptWeights[8] = counts.devanagari * 2;
  let total = 0;
  let best = -1;
  let weight = 0;
  for (let k = 0; k < SCRIPTS.length; k++) {
    const w = scriptWeights[k] as number;
    total += w;
    if (w > weight) {
      best = k;
      weight = w;
    }
  }
  const script = SCRIPTS[best];
  if (script === undefined) return UND;
  const share = weight / total;
  // Very short text is thin evidence whatever the script.
  const amount = clamp(weight / 12);

  let result: LanguageResult;
  if (script === 'cjk') result = decideCjk(text.slice(0, n), counts, { jaHan, zhHan, zhFunction }, share, hinted);
  else if (script === 'latin') result = decideLatin(latinScores, latinWords, counts.latin, share, amount);
  else {
    const code = script === 'ru' && counts.ukrainian > 0 ? 'uk' : script === 'ar' && counts.persian > 0 ? 'fa' : script;
    result = { code, confidence: round(Math.min(0.99, 0.5 + 0.45 * share * amount + 0.04 * share)) };
  }

  if (hinted && hinted !== result.code && result.confidence < 0.6) {
    return { code: hinted, confidence: round(Math.max(result.confidence, 0.5)) };
  }
  return result;
};

const decideCjk = (
  text: string,
  counts: Counts,
  han: { jaHan: number; zhHan: number; zhFunction: number },
  share: number,
  hinted: string | undefined,
): LanguageResult => {
  // Kana is Japanese-only; even a couple of kana among kanji settle it.
  if (counts.kana > 0) {
    const base = 0.7 + 0.25 * clamp(counts.kana / 4);
    return { code: 'ja', confidence: round(base * share + 0.5 * (1 - share)) };
  }
  // Kanji only: Japanese-only kanji and words against Chinese-only forms and function characters.
  let ja = han.jaHan;
  for (const w of JA_HAN_WORDS) if (text.includes(w)) ja += 2;
  const zh = han.zhHan + 0.5 * han.zhFunction;
  if (ja !== zh) {
    const code = ja > zh ? 'ja' : 'zh';
    const margin = Math.min(Math.abs(ja - zh), 3) / 3;
    return { code, confidence: round((0.55 + 0.35 * margin) * share + 0.4 * (1 - share)) };
  }
  if (hinted === 'ja' || hinted === 'zh') return { code: hinted, confidence: 0.55 };
  // No evidence either way: a long run of kanji without kana is rarely Japanese prose.
  return counts.han >= 12 ? { code: 'zh', confidence: 0.45 } : { code: 'ja', confidence: 0.45 };
};

const decideLatin = (
  scores: number[],
  words: number,
  letters: number,
  share: number,
  amount: number,
): LanguageResult => {
  // English goes first so that it wins ties (`a`, `i`, `no` are in several lists).
  let best = EN;
  let bestScore = scores[EN] ?? 0;
  let second = 0;
  scores.forEach((score, code) => {
    if (code === EN) return;
    if (score > bestScore) {
      second = bestScore;
      bestScore = score;
      best = code;
    } else if (score > second) second = score;
  });
  if (bestScore === 0 || letters < 3) {
    // No common word (or an emoticon's stray letter): English is the likeliest Latin-script
    // language in feedback, but say so weakly so that a caller's hint wins.
    return { code: 'en', confidence: round(0.3 + 0.1 * amount) };
  }
  const coverage = clamp(bestScore / Math.max(1, words) / 0.35);
  // One or two matching words are thin evidence, however clear the margin.
  const margin = ((bestScore - second) / bestScore) * Math.min(1, bestScore / 3);
  const confidence = 0.35 + 0.3 * margin + 0.2 * coverage + 0.1 * amount + 0.05 * share;
  const code = LATIN_CODES[best] ?? 'en';
  return { code, confidence: round(clamp(Math.min(confidence, 0.99)) * share + (1 - share) * 0.4) };
};
