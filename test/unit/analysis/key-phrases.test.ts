import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { type JapaneseTokenizer, loadJapaneseTokenizer } from '../../../shared/analysis/japanese/tokenizer.js';
import { extractKeyPhrases, findKeyPhrases, MAX_KEY_PHRASES } from '../../../shared/analysis/key-phrases.js';

describe('extractKeyPhrases: English', () => {
  it.each([
    ['The customer service was terrible and my bags were lost.', ['customer service', 'bag']],
    ['My package never arrived and the tracking number does not work', ['package', 'tracking number']],
    ['Thanks for the great flight attendants on UA 1234!', ['flight attendant']],
    ["United's customer service agents kept me on hold", ['customer service agent', 'united']],
    ['Late flight again, missed my connection in Denver', ['late flight', 'connection', 'denver']],
  ])('%s', (text, expected) => {
    // Act
    const phrases = extractKeyPhrases(text, 'en');
    // Assess
    for (const phrase of expected) expect(phrases).toContain(phrase);
  });

  it('drops stop words, verbs, evaluative adjectives and numbers', () => {
    const phrases = extractKeyPhrases('I really hate that it was so bad, 100 times worse than ever', 'en');
    expect(phrases).toEqual([]);
  });

  it('normalizes case and plural heads, and keeps a phrase once', () => {
    const phrases = extractKeyPhrases('Seat Belts broken. The seat belt was broken again. SEAT BELTS!', 'en');
    expect(phrases).toEqual(['seat belt']);
  });

  it('ignores @mentions, URLs and HTML entities', () => {
    const phrases = extractKeyPhrases('@united lost luggage &amp; http://t.co/abc123 refund', 'en');
    expect(phrases.join(' ')).not.toMatch(/united|http|amp|t\.co/);
    expect(phrases).toContain('refund');
  });

  it('ranks the repeated, specific phrase first', () => {
    const phrases = extractKeyPhrases(
      'The baggage fee is absurd. Why a baggage fee for one small bag? Day ruined.',
      'en',
    );
    expect(phrases[0]).toBe('baggage fee');
  });

  it('reports spans that point at the phrase in the text', () => {
    const text = 'Terrible customer service today.';
    const [first] = findKeyPhrases(text, 'en');
    expect(first?.phrase).toBe('customer service');
    expect(text.slice(first?.spans[0]?.start, first?.spans[0]?.end)).toBe('customer service');
  });
});

describe('extractKeyPhrases: Japanese', () => {
  let tokenizer: JapaneseTokenizer;
  beforeAll(async () => {
    tokenizer = await loadJapaneseTokenizer();
  });

  it.each([
    ['待ち時間が長くてフロントの対応も最悪でした。', ['待ち時間', 'フロント', '対応'], ['最悪']],
    ['部屋の清潔感がなく、お風呂も狭い。', ['部屋', '清潔感', '風呂'], ['お風呂']],
    ['アプリのログイン画面で不具合が発生し、パスワードの再設定ができない！', ['ログイン画面', '不具合', '再設定'], []],
    ['コストパフォーマンス最高です。', ['コストパフォーマンス'], ['コストパフォーマンス最高']],
    ['二重引き落としされています。3日目です', ['引き落とし'], ['重', '日目']],
  ])('%s', (text, expected, absent) => {
    // Prepare
    const tokens = tokenizer.tokenize(text);
    // Act
    const phrases = extractKeyPhrases(text, 'ja', tokens);
    // Assess
    for (const phrase of expected) expect(phrases).toContain(phrase);
    for (const phrase of absent) expect(phrases).not.toContain(phrase);
  });

  it('normalizes full-width Latin inside Japanese compounds', () => {
    const text = 'ＷｉＦｉ環境が悪い';
    expect(extractKeyPhrases(text, 'ja', tokenizer.tokenize(text)).join(' ')).toContain('wifi');
  });

  it('falls back to katakana and kanji runs without tokens', () => {
    expect(extractKeyPhrases('ホテルの部屋が狭い', 'ja')).toEqual(expect.arrayContaining(['ホテル', '部屋']));
  });
});

describe('extractKeyPhrases: bad input', () => {
  const cases: Array<[string, string]> = [
    ['empty', ''],
    ['whitespace', ' \n\t '],
    ['emoji only', '😡😡🔥'],
    ['HTML', '<p>The <b>delivery box</b> was <i>broken</i></p>'],
    ['control characters', 'broken\u0000 box\u0007 lid\u001b'],
    ['lone surrogates', '\ud800 broken screen \udfff'],
    ['mixed ja/en', 'The app 画面 crashes 不具合'],
    ['100k characters', 'The delivery box was broken again. '.repeat(3000)],
  ];

  it.each(cases)('%s: English never throws, at most eight lower-case phrases', (_name, text) => {
    const phrases = extractKeyPhrases(text, 'en');
    expect(phrases.length).toBeLessThanOrEqual(MAX_KEY_PHRASES);
    for (const p of phrases) expect(p).toBe(p.toLowerCase());
  });

  it.each(cases)('%s: Japanese never throws', async (_name, text) => {
    const tokenizer = await loadJapaneseTokenizer();
    const phrases = extractKeyPhrases(text, 'ja', tokenizer.tokenize(text.slice(0, 2000)));
    expect(phrases.length).toBeLessThanOrEqual(MAX_KEY_PHRASES);
  });

  it('returns nothing for languages it does not chunk', () => {
    expect(extractKeyPhrases('El servicio al cliente fue terrible', 'es')).toEqual([]);
    expect(extractKeyPhrases('anything', 'und')).toEqual([]);
  });

  it('any string: well-formed phrases, never throws', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.constantFrom('en', 'ja', 'xx'), (text, lang) => {
        const phrases = extractKeyPhrases(text, lang);
        expect(phrases.length).toBeLessThanOrEqual(MAX_KEY_PHRASES);
        for (const p of phrases) expect(p.trim()).toBe(p);
      }),
      { numRuns: 500 },
    );
  });
});
