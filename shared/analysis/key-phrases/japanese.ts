import type { JaToken } from '../japanese/tokenizer.js';
import { foldWidth } from '../text/normalize.js';
import type { PhraseCollector } from './key-phrase.js';

// Nouns that say nothing on their own (formal nouns, deixis, evaluative nouns that are really
// adjectives) — hand-written.
const JA_STOP = new Set(
  `こと もの ところ ため よう それ これ あれ どれ ここ そこ あそこ 方 感じ 時 とき 今回 前回 次回 私 自分 皆 皆さん
  他 ほか 何 なに 気 中 度 的 様 事 物 所 人 方々 一 全部 全て すべて 以上 以下 以外 程度 場合 際 点 部分 大変 本当
  最悪 最高 残念 丁寧 親切 綺麗 きれい 十分 素敵 快適 非常 普通 大丈夫 満足 不満 安心 便利 不便 好き 嫌い 必要 上 下 前 後
  今 今日 明日 昨日 世話 お世話 ありがとう お願い 感謝 利用 予定 宿泊 問題 特 特に 色々 いろいろ 沢山 たくさん
  期待 仕方 イマイチ いまいち 唯一 楽しみ 気持ち 気分 周り 全体 印象`.split(/\s+/),
);

const NOUN_DETAILS = new Set(['一般', 'サ変接続', '固有名詞', '形容動詞語幹', 'ナイ形容詞語幹']);
const HONORIFIC_PREFIX = new Set(['お', 'ご', '御']);
const HAS_WORD_CHAR = /[\p{L}\p{N}]/u;
const KANA_ONLY_ONE = /^[\u3040-\u30ff]$/;

/** Normalizes a Japanese phrase: full-width ASCII to half-width, Latin to lower case. */
const normalizeJa = (s: string): string => foldWidth(s, false).toLowerCase();

/**
 * Joins consecutive nouns (一般/サ変接続/固有名詞/形容動詞語幹, with suffixes and non-honorific
 * prefixes) into compounds; numbers with their counters, pronouns, 非自立 nouns and stop words are dropped.
 */
export const collectJapanesePhrases = (tokens: readonly JaToken[], collector: PhraseCollector): void => {
  let parts: JaToken[] = [];
  let nouns = 0;
  let afterNumber = false;
  const flush = () => {
    // Evaluative nouns at either end are not part of the thing (コストパフォーマンス最高 → コストパフォーマンス).
    while (parts.length > 0 && JA_STOP.has(parts[parts.length - 1]?.surface ?? '')) parts.pop();
    while (parts.length > 0 && JA_STOP.has(parts[0]?.surface ?? '')) parts.shift();
    if (nouns > 0 && parts.length > 0) {
      const first = parts[0];
      const last = parts[parts.length - 1];
      if (first && last) {
        const phrase = normalizeJa(parts.map((t) => t.surface).join(''));
        if (!JA_STOP.has(phrase) && HAS_WORD_CHAR.test(phrase) && !KANA_ONLY_ONE.test(phrase)) {
          const weight = 1 + Math.min(phrase.length, 6) / 2 + (parts.length > 1 ? 0.5 : 0);
          collector.add(phrase, { start: first.start, end: last.end }, weight);
        }
      }
    }
    parts = [];
    nouns = 0;
  };
  for (const token of tokens) {
    const glued = parts.length > 0 && parts[parts.length - 1]?.end === token.start;
    if (parts.length > 0 && !glued) flush();
    if (token.pos === '名詞') {
      const detail = token.posDetail1;
      if (NOUN_DETAILS.has(detail) && HAS_WORD_CHAR.test(token.surface) && !token.surface.includes('〓')) {
        parts.push(token);
        nouns++;
        afterNumber = false;
        continue;
      }
      if (detail === '接尾' && nouns > 0 && !afterNumber) {
        parts.push(token);
        continue;
      }
      flush();
      afterNumber = detail === '数' || (detail === '接尾' && afterNumber);
      continue;
    }
    if (token.pos === '接頭詞') {
      flush();
      // お/ご are politeness, not meaning (ご対応 → 対応); 再/未/新 are part of the word.
      if (!HONORIFIC_PREFIX.has(token.surface)) parts.push(token);
      afterNumber = false;
      continue;
    }
    flush();
    afterNumber = false;
  }
  flush();
};

// Without tokens: runs of katakana or of kanji are the nouns of Japanese text, near enough.
const SCRIPT_RUNS = /[\u30a1-\u30fa\u30fc]{2,}|[\u4e00-\u9fff\u3005]{2,}/g;

/** Fallback when no tokenizer output is at hand: katakana and kanji runs as phrases. */
export const collectJapaneseRuns = (text: string, collector: PhraseCollector): void => {
  for (const m of text.matchAll(SCRIPT_RUNS)) {
    const phrase = normalizeJa(m[0]);
    if (JA_STOP.has(phrase)) continue;
    collector.add(phrase, { start: m.index, end: m.index + m[0].length }, 1 + Math.min(phrase.length, 6) / 2);
  }
};
