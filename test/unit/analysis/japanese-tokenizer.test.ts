import { beforeAll, describe, expect, it } from 'vitest';
import { type JapaneseTokenizer, loadJapaneseTokenizer } from '../../../shared/analysis/japanese/tokenizer.js';

let tokenizer: JapaneseTokenizer;
beforeAll(async () => {
  tokenizer = await loadJapaneseTokenizer();
});

/** Spans that do not line up: a token whose text is not its surface, is empty, or overlaps the one before. */
const badSpans = (text: string, tokens: ReturnType<JapaneseTokenizer['tokenize']>) =>
  tokens.filter(
    (t, k) => text.slice(t.start, t.end) !== t.surface || t.end <= t.start || (k > 0 && t.start < tokens[k - 1]!.end),
  );

/** Tokenizes `text` and expects every span exact (one assertion for the lot: 100,000 characters are ~56,000 tokens). */
const expectExactSpans = (text: string) => {
  const tokens = tokenizer.tokenize(text);
  expect(badSpans(text, tokens)).toEqual([]);
  return tokens;
};

describe('loadJapaneseTokenizer', () => {
  it('builds the tokenizer once per process', async () => {
    // Prepare / Act
    const again = await loadJapaneseTokenizer();
    // Assess
    expect(again).toBe(tokenizer);
  });

  it('rejects a dictionary path that does not exist, and a later call can still succeed', async () => {
    // Prepare / Act / Assess
    await expect(loadJapaneseTokenizer({ dictPath: '/nonexistent/kuromoji-dict' })).rejects.toThrow();
    expect(await loadJapaneseTokenizer()).toBe(tokenizer);
  });
});

describe('tokenize', () => {
  it('gives dictionary forms, parts of speech and conjugations', () => {
    // Prepare
    const text = '料理は美味しくなかったです。';
    // Act
    const tokens = tokenizer.tokenize(text);
    // Assess
    const adjective = tokens.find((t) => t.surface === '美味しく');
    expect(adjective).toMatchObject({
      basic: '美味しい',
      pos: '形容詞',
      posDetail1: '自立',
      conjugatedForm: '連用テ接続',
    });
    expect(tokens.find((t) => t.surface === 'なかっ')?.basic).toBe('ない');
    expect(tokens[0]).toMatchObject({
      surface: '料理',
      basic: '料理',
      reading: 'リョウリ',
      pos: '名詞',
      start: 0,
      end: 2,
    });
  });

  it('lines spans up with the text across sentences, spaces and English', () => {
    // Prepare
    const text = '部屋は広い。 Staff were kind、でも朝食は  普通でした！\n次も泊まります';
    // Act
    const tokens = expectExactSpans(text);
    // Assess
    expect(tokens.some((t) => t.surface.trim() === '')).toBe(false);
    expect(tokens.map((t) => t.surface)).toContain('Staff');
    expect(tokens.at(-1)?.end).toBe(text.length);
  });

  it('uses the surface as the basic form of unknown words', () => {
    // Prepare / Act
    const tokens = tokenizer.tokenize('Koeいいね');
    // Assess
    expect(tokens[0]).toMatchObject({ surface: 'Koe', basic: 'Koe' });
  });

  it.each([
    ['empty', ''],
    ['whitespace only', ' \t\n　 '],
    ['emoji only', '😀😀👍🏻🎉'],
    ['HTML', '<p class="x">最高&amp;便利</p><br/>'],
    ['control characters', 'a\u0000b\u0007c\u001b[31m赤\u007f\u0085'],
    ['lone surrogates', '\ud800良い\udc00悪い\ud83d'],
    ['mixed Japanese and English', 'The room was 狭い but スタッフ were very kind!'],
  ])('never throws on %s and keeps spans exact', (_name, text) => {
    // Prepare / Act / Assess
    expect(() => expectExactSpans(text)).not.toThrow();
  });

  it('keeps emoji whole and the text after them (kuromoji alone drops it)', () => {
    // Prepare
    const text = '😀😀x最高';
    // Act
    const tokens = expectExactSpans(text);
    // Assess
    expect(tokens.map((t) => t.surface)).toEqual(['😀', '😀', 'x', '最高']);
  });

  it('its span check finds a token moved by one character and one that overlaps the one before', () => {
    // Prepare
    const text = '料理は美味しい';
    const tokens = tokenizer.tokenize(text);
    const moved = tokens.map((t, k) => (k === 1 ? { ...t, start: t.start + 1, end: t.end + 1 } : t));
    const overlapping = tokens.map((t, k) => (k === 1 ? { ...t, start: t.start - 1 } : t));
    // Act / Assess
    expect(badSpans(text, tokens)).toEqual([]);
    expect(badSpans(text, moved)).toContainEqual(moved[1]);
    expect(badSpans(text, overlapping).length).toBeGreaterThan(0);
  });

  it('tokenizes 100,000 characters, with and without punctuation', () => {
    // Prepare
    const withPunctuation = 'とても良いホテルでした。スタッフの対応も丁寧で、また利用したいです。'
      .repeat(3000)
      .slice(0, 100_000);
    const without = 'あいうえおかきくけこ'.repeat(10_000);
    // Act
    const a = expectExactSpans(withPunctuation);
    const b = expectExactSpans(without);
    // Assess
    expect(a.at(-1)?.end).toBeLessThanOrEqual(100_000);
    expect(a.length).toBeGreaterThan(10_000);
    expect(b.at(-1)?.end).toBe(100_000);
  });
});
