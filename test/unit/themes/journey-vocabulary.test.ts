import { beforeAll, describe, expect, it } from 'vitest';
import { type JaToken, loadJapaneseTokenizer } from '../../../shared/analysis/japanese/tokenizer.js';
import { detectTopics } from '../../../shared/analysis/topics/detect-topics.js';
import { defaultTaxonomy } from '../../../shared/analysis/topics/taxonomy.js';

// General words of a bad journey, in both languages (issue 11: the airline "Bad Flight" reason was at 45 %).
let tokenize: (text: string) => JaToken[];
beforeAll(async () => {
  const tokenizer = await loadJapaneseTokenizer();
  tokenize = (text) => tokenizer.tokenize(text);
});

const topicsOf = (text: string, language: 'en' | 'ja') =>
  detectTopics(
    text,
    language,
    [{ span: { start: 0, end: text.length }, label: 'negative', score: -0.6 }],
    defaultTaxonomy,
    language === 'ja' ? tokenize(text) : undefined,
  )
    .map((t) => t.topic)
    .filter((t) => !t.startsWith('emergent:'));

describe('topic vocabulary of a journey', () => {
  it.each([
    ['My knees were jammed against the tray table for five hours.', 'comfort'],
    ['Crammed into the last row, the cabin was stuffy and the armrest was missing.', 'comfort'],
    ['Turbulent the whole way and a hard landing at the end.', 'comfort'],
    ['They ran out of pretzels and there was nothing for vegetarians.', 'food'],
    ['The lavatory stank and the floor was sticky.', 'cleanliness'],
    ['Sitting on the tarmac with no word for ninety minutes.', 'wait_time'],
    ['I missed my meeting because of this.', 'wait_time'],
    ['Nobody could tell us anything, useless.', 'customer_service'],
    ['I paid for a seat upgrade and was moved anyway.', 'booking'],
  ])('%s → %s', (text, topic) => {
    expect(topicsOf(text, 'en')).toContain(topic);
  });

  it.each([
    ['リクライニングが壊れていて背もたれが倒れず、窮屈でした。', 'comfort'],
    ['乱気流でずっと揺れて、着陸も荒かった。', 'comfort'],
    ['機内食が冷めていて、軽食もありませんでした。', 'food'],
    ['トイレが悪臭で、床がベタベタでした。', 'cleanliness'],
    ['乗り継ぎ便に乗り遅れました。', 'wait_time'],
    ['振替便を探してもらえませんでした。', 'booking'],
  ])('%s → %s', (text, topic) => {
    expect(topicsOf(text, 'ja')).toContain(topic);
  });

  it.each([
    ['The landing page of the app will not load.', 'comfort'],
    ['I bought a phone case and it cracked.', 'booking'],
    ['The screen on my new laptop flickers.', 'comfort'],
  ])('words of other kinds of text keep their topic: %s is not %s', (text, topic) => {
    expect(topicsOf(text, 'en')).not.toContain(topic);
  });
});
