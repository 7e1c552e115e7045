import type { JaToken } from './japanese/tokenizer.js';
import { collectEnglishPhrases } from './key-phrases/english.js';
import { collectJapanesePhrases, collectJapaneseRuns } from './key-phrases/japanese.js';
import { type KeyPhrase, PhraseCollector } from './key-phrases/key-phrase.js';

export type { KeyPhrase } from './key-phrases/key-phrase.js';

/** At most this many key phrases per comment. */
export const MAX_KEY_PHRASES = 8;

// The analyzer asks for key phrases, then topics ask again for the same comment: remember the last one.
let last: { text: string; language: string; jaTokens: readonly JaToken[] | undefined; result: KeyPhrase[] } | undefined;

/**
 * Key phrases with their spans and salience, most salient first (English and Japanese; other
 * languages yield none). `jaTokens` are the Japanese tokenizer's output for `text`, when available.
 */
export const findKeyPhrases = (text: string, language: string, jaTokens?: readonly JaToken[]): KeyPhrase[] => {
  if (typeof text !== 'string' || text.trim() === '') return [];
  if (last && last.text === text && last.language === language && last.jaTokens === jaTokens) return last.result;
  const collector = new PhraseCollector(text.length);
  try {
    if (language === 'en') collectEnglishPhrases(text, collector);
    else if (language === 'ja') {
      if (jaTokens && jaTokens.length > 0) collectJapanesePhrases(jaTokens, collector);
      else collectJapaneseRuns(text, collector);
    }
  } catch {
    // Odd tokenizer output must not fail the analysis: no phrases is an honest answer.
    return [];
  }
  const result = collector.top(MAX_KEY_PHRASES);
  last = { text, language, jaTokens, result };
  return result;
};

/** Normalized noun phrases (lemma, lower case, stop words removed), most salient first, at most eight. */
export const extractKeyPhrases = (text: string, language: string, jaTokens?: JaToken[]): string[] =>
  findKeyPhrases(text, language, jaTokens).map((k) => k.phrase);
