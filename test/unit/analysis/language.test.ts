import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../../shared/analysis/language.js';

describe('detectLanguage: Japanese and English', () => {
  it.each([
    '荷物が届かないです。最悪',
    '配送が遅くて困りました',
    'スタッフの対応が丁寧でした',
    'アプリがcrashしました',
    'ﾎﾃﾙの部屋が狭い',
  ])('%s is Japanese with high confidence', (text) => {
    const result = detectLanguage(text);
    expect(result.code).toBe('ja');
    expect(result.confidence).toBeGreaterThanOrEqual(0.8);
  });

  it.each(['配送遅延', '最悪', '料金請求'])('kanji-only %s leans Japanese on Japanese words', (text) => {
    expect(detectLanguage(text).code).toBe('ja');
  });

  it.each(['我们的服务很好', '这个太贵了', '這個價格太貴了'])('%s is Chinese', (text) => {
    expect(detectLanguage(text).code).toBe('zh');
  });

  it.each([
    'My package never arrived and support is useless',
    '@united thanks for the great flight http://t.co/abc',
    'A Disappointment.',
    'I love Tokyo 東京',
  ])('%s is English', (text) => {
    const result = detectLanguage(text);
    expect(result.code).toBe('en');
    expect(result.confidence).toBeGreaterThanOrEqual(0.6);
  });
});

describe('detectLanguage: other languages are detected, not guessed as English', () => {
  it.each([
    ['El vuelo fue cancelado y nadie nos ayudó', 'es'],
    ['Le vol était en retard, merci pour rien', 'fr'],
    ['Der Flug war sehr spät und das Essen schlecht', 'de'],
    ['O voo atrasou muito e não tinha ninguém', 'pt'],
    ['Il volo è stato cancellato, servizio pessimo', 'it'],
    ['배송이 너무 늦어요', 'ko'],
    ['Доставка очень медленная', 'ru'],
    ['الخدمة سيئة جدا', 'ar'],
    ['บริการแย่มาก', 'th'],
  ])('%s → %s', (text, code) => {
    const result = detectLanguage(text);
    expect(result.code).toBe(code);
    expect(result.confidence).toBeGreaterThan(0.6);
  });
});

describe('detectLanguage: hints', () => {
  it('lets the hint break a tie on thin evidence', () => {
    // Prepare: two Latin letters say almost nothing.
    const unsure = detectLanguage('ok');
    // Act
    const hinted = detectLanguage('ok', 'ja-JP');
    // Assess
    expect(unsure.confidence).toBeLessThan(0.6);
    expect(hinted.code).toBe('ja');
  });

  it('does not let a hint override clear evidence', () => {
    expect(detectLanguage('My package never arrived and nobody answers', 'ja').code).toBe('en');
    expect(detectLanguage('荷物が届かない', 'en').code).toBe('ja');
  });

  it('uses a ja/zh hint for kanji-only text without markers', () => {
    expect(detectLanguage('東京大学', 'zh').code).toBe('zh');
    expect(detectLanguage('東京大学', 'ja').code).toBe('ja');
  });

  it('ignores a malformed hint', () => {
    expect(detectLanguage('ok', '!!').code).toBe('en');
  });
});

describe('detectLanguage: bad input', () => {
  it.each([
    ['empty', ''],
    ['whitespace', ' \n\t '],
    ['emoji only', '😡😡🔥'],
    ['digits and symbols', '123 456 !!! ??'],
    ['lone surrogates', '\ud800\udfff\ud800'],
    ['control characters', '\u0000\u0007\u001b'],
  ])('%s is und with confidence 0', (_name, text) => {
    expect(detectLanguage(text)).toEqual({ code: 'und', confidence: 0 });
  });

  it.each([
    ['HTML', '<p>The <b>delivery</b> was late &amp; the box was broken</p>', 'en'],
    ['100k characters', 'The delivery was late again. '.repeat(3500), 'en'],
    ['mixed ja/en', 'Customer support was fine but 配送が遅すぎます。また遅れました', 'ja'],
    ['control chars inside', 'The\u0000 delivery\u0007 was late', 'en'],
  ])('%s', (_name, text, code) => {
    expect(detectLanguage(text).code).toBe(code);
  });

  it('returns a well-formed result for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.option(fc.string()), (text, hint) => {
        const result = detectLanguage(text, hint ?? undefined);
        expect(result.code).toMatch(/^[a-z]{2,3}$/);
        expect(result.confidence).toBeGreaterThanOrEqual(0);
        expect(result.confidence).toBeLessThanOrEqual(1);
      }),
      { numRuns: 1000 },
    );
  });
});
