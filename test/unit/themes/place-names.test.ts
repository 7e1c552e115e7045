import { beforeAll, describe, expect, it } from 'vitest';
import { type JapaneseTokenizer, loadJapaneseTokenizer } from '../../../shared/analysis/japanese/tokenizer.js';
import { findKeyPhrases } from '../../../shared/analysis/key-phrases.js';
import { matchTopicCues } from '../../../shared/analysis/topics/detect-topics.js';
import { defaultTaxonomy } from '../../../shared/analysis/topics/taxonomy.js';
import { themeCandidate } from '../../../shared/themes/candidates.js';
import { emergentMentions } from '../../../shared/themes/emergent.js';
import { isPlaceName, withoutPlaces } from '../../../shared/themes/place-names.js';

const candidatesOf = (text: string) =>
  findKeyPhrases(text, 'en')
    .map((k) => themeCandidate(k.phrase, k.spans[0], text)?.key)
    .filter(Boolean);

let tokenizer: JapaneseTokenizer;
beforeAll(async () => {
  tokenizer = await loadJapaneseTokenizer();
});

describe('place names never pass as themes', () => {
  it.each([
    ['Stuck in Denver overnight, awful', 'denver'],
    ['Two hours on the tarmac at LaGuardia, miserable', 'laguardia'],
    ['Cancelled flight to San Francisco again, terrible', 'san francisco'],
    ['Horrible service flying from Mexico, never again', 'mexico'],
    ['Missed my connection in Dallas Fort Worth, ugh', 'dallas'],
  ])('%s: no candidate holds %s', (text, place) => {
    // Act
    const keys = candidatesOf(text);
    // Assess
    for (const key of keys) expect(key).not.toContain(place);
  });

  it('takes the place out of a phrase and keeps the rest, matching whole words only', () => {
    expect(withoutPlaces(['denver', 'airport', 'chaos'])).toEqual(['airport', 'chaos']);
    expect(withoutPlaces(['new', 'york', 'city'])).toEqual([]);
    expect(isPlaceName('salt lake city')).toBe(true);
    // Words that contain a place are not places ("parisian", "romeo"); a lone "new" is a word.
    expect(withoutPlaces(['parisian', 'romeo', 'new', 'seat'])).toEqual(['parisian', 'romeo', 'new', 'seat']);
    expect(themeCandidate('dallas', undefined, 'dallas')).toBeUndefined();
    expect(themeCandidate('denver baggage claim', undefined, 'denver baggage claim')?.key).toBe('baggage claim');
  });

  it('leaves out Japanese compounds holding a place name (IPAdic 地域), keeps the others', () => {
    // Prepare
    const text = '成田空港で荷物の紛失があり本当に困った。大阪の窓口の対応も最悪だった。';
    const jaTokens = tokenizer.tokenize(text);
    // Act
    const topics = emergentMentions(
      text,
      'ja',
      matchTopicCues(text, defaultTaxonomy, jaTokens),
      defaultTaxonomy,
      () => 'negative',
      jaTokens,
    ).map((m) => m.topic);
    // Assess
    expect(jaTokens.some((t) => t.posDetail2 === '地域')).toBe(true);
    for (const topic of topics) expect(topic).not.toMatch(/成田|大阪/);
  });
});
