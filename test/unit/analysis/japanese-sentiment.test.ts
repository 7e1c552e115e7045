import { beforeAll, describe, expect, it } from 'vitest';
import { type JapaneseTokenizer, loadJapaneseTokenizer } from '../../../shared/analysis/japanese/tokenizer.js';
import { scoreJapanese } from '../../../shared/analysis/sentiment/japanese.js';
import type { SentimentResult } from '../../../shared/analysis/types.js';

let tokenizer: JapaneseTokenizer;
beforeAll(async () => {
  tokenizer = await loadJapaneseTokenizer();
});

const score = (text: string) => scoreJapanese(text, tokenizer);

const expectWellFormed = (text: string, result: SentimentResult) => {
  expect(['positive', 'negative', 'neutral', 'mixed']).toContain(result.label);
  expect(Number.isFinite(result.score)).toBe(true);
  expect(Math.abs(result.score)).toBeLessThanOrEqual(1);
  expect(result.confidence).toBeGreaterThanOrEqual(0);
  expect(result.confidence).toBeLessThanOrEqual(1);
  for (const s of result.sentences) {
    expect(s.span.start).toBeGreaterThanOrEqual(0);
    expect(s.span.end).toBeLessThanOrEqual(text.length);
    expect(s.span.end).toBeGreaterThan(s.span.start);
    expect(Math.abs(s.score)).toBeLessThanOrEqual(1);
  }
};

describe('scoreJapanese: polarity words', () => {
  it.each([
    ['スタッフの対応がとても丁寧で、部屋も綺麗でした。', 'positive'],
    ['部屋が汚くて最悪でした。', 'negative'],
    ['駅から徒歩五分のホテルに泊まりました。', 'neutral'],
    ['電話がつながりませんでした。', 'negative'],
    ['二度と利用しません。', 'negative'],
    ['返金されないまま一ヶ月たちました。', 'negative'],
    ['また利用したいと思います。', 'positive'],
    ['神対応でした！', 'positive'],
    // Coming back, however kuromoji splits it: 行って as 行う, みたい as one noun, き as くる.
    ['また行ってみたい温泉です。', 'positive'],
    ['泊まってみたいです。', 'positive'],
    ['またきます。', 'positive'],
    ['次回もまた予約しました。', 'positive'],
    ['また壊れました。', 'negative'],
    ['子供みたいな対応でした。', 'neutral'],
    ['気持ちいいですね。', 'positive'],
    ['強引に勧められました。', 'negative'],
    // What the customer could not do, or what should not be.
    ['とても食べられませんでした。', 'negative'],
    ['乗ることが出来ませんでした。', 'negative'],
    ['この内容でこの料金はありえない。', 'negative'],
    ['忘れられない旅になりました。', 'neutral'],
    // A suggestion told in the present is neutral; a regret (〜ば良かった) is a complaint.
    ['アプリのダークモードがあると嬉しいです。', 'neutral'],
    ['待合室にWi-Fiがあると助かります。', 'neutral'],
    ['もう少し早く連絡があれば良かったです。', 'negative'],
    // "Apart from that" is no wish; 一切 lets the negation through.
    ['それを除けば最高でした。', 'positive'],
    ['一切連絡がありません。', 'negative'],
    // すごい praises as the predicate and only intensifies before another word; お勧め read as お + 勧める.
    ['夕食がすごい!', 'positive'],
    ['すごい混んでた', 'negative'],
    ['部屋のホコリがすごいです。', 'negative'],
    ['受付の人の対応が神だった', 'positive'],
    ['アプリまた落ちてる', 'negative'],
    // A problem fixed is good news; a fix denied or only hoped for is not.
    ['前回の不具合は全部直ってました。', 'positive'],
    ['不具合がまだ直っていません。', 'negative'],
    ['待ち時間の長さは改善希望です。', 'negative'],
    ['予約の不安はほぼなかったです。', 'neutral'],
    ['ここお勧めです。', 'positive'],
    ['連泊したいくらいでした。', 'positive'],
    // A criticism denied outright is praise; denied plainly, faint praise; what never happened, never happened.
    ['受付の方は嫌な顔ひとつせず対応してくれました。', 'positive'],
    ['手続きで面倒なことは何一つありませんでした。', 'positive'],
    ['食器は傷ひとつなく届きました。', 'positive'],
    ['三年使って、困ったことは一度もありません。', 'positive'],
    ['うるさいと感じたことはない。', 'neutral'],
    ['温かい料理はひとつもなかった。', 'negative'],
    ['これほど丁寧な対応は受けたことがありません。', 'positive'],
    ['こんなにひどい対応をされたことはありません。', 'negative'],
    ['折り返しの電話が来たことは一度もありません。', 'negative'],
    ['設定画面は文句のつけようがない。', 'positive'],
    // A favour received is thanked for; a request or the customer's own humble act is not one.
    ['受付の方が傘を貸してくださいました。', 'positive'],
    ['空港まで車で送っていただきました。', 'positive'],
    ['もう少し早く連絡してください。', 'negative'],
    ['出張で利用させていただきました。', 'neutral'],
    ['何度お願いしても交換してくれなかった。', 'negative'],
    // Coming back told as a habit or a closing; 何も … ない denies outright.
    ['出張のたびに何度も利用しています。', 'positive'],
    ['またよろしくお願いします。', 'positive'],
    ['何も不満はありませんでした。', 'positive'],
  ])('%s → %s', (text, label) => {
    // Prepare / Act
    const result = score(text);
    // Assess
    expect(result.label).toBe(label);
  });

  it('reads a 10-character comment', () => {
    // Prepare
    const text = '接客が最悪でした。二度と';
    // Act
    const result = score(text.slice(0, 10));
    // Assess
    expect(text.slice(0, 10)).toHaveLength(10);
    expect(result.label).toBe('negative');
    expect(result.confidence).toBeGreaterThan(0.5);
  });
});

describe('scoreJapanese: negation', () => {
  it('turns praise into criticism (美味しくない)', () => {
    // Prepare / Act
    const plain = score('料理は美味しかったです。');
    const negated = score('料理は美味しくなかったです。');
    // Assess
    expect(plain.label).toBe('positive');
    expect(negated.label).toBe('negative');
  });

  it('makes negated criticism mildly positive (悪くない)', () => {
    // Prepare / Act
    const bad = score('立地は悪いです。');
    const notBad = score('立地は悪くないです。');
    // Assess
    expect(bad.label).toBe('negative');
    expect(notBad.score).toBeGreaterThan(0);
    expect(notBad.score).toBeLessThan(Math.abs(bad.score));
  });

  it('reads 不満は一切ない as not negative (一切 lets the negation reach 不満)', () => {
    // Prepare / Act
    const result = score('それ以外は不満は一切ないです。');
    // Assess
    expect(result.score).toBeGreaterThan(0);
  });

  it('reads 問題ない and 問題ありません as not negative', () => {
    // Prepare / Act
    const results = ['問題ない。', '特に問題はありませんでした。'].map(score);
    // Assess
    for (const r of results) expect(r.score).toBeGreaterThanOrEqual(0);
  });

  it('reaches across 思う: また行きたいとは思いません', () => {
    // Prepare / Act / Assess
    expect(score('また行きたいとは思いません。').label).toBe('negative');
  });

  it('keeps negation inside its scope: a later verb is negated, not the earlier praise', () => {
    // Prepare / Act
    const result = score('美味しい料理を全部は食べられなかった。');
    // Assess
    expect(result.label).toBe('positive');
  });
});

describe('scoreJapanese: intensifiers, 〜すぎる, polite forms', () => {
  it('scales with とても and softens with 少し', () => {
    // Prepare / Act
    const plain = score('部屋は狭かった。');
    const very = score('部屋はとても狭かった。');
    const little = score('部屋は少し狭かった。');
    // Assess
    expect(very.score).toBeLessThan(plain.score);
    expect(little.score).toBeGreaterThan(plain.score);
    expect(plain.label).toBe('negative');
  });

  it('makes a neutral adjective a complaint with すぎる (高すぎる)', () => {
    // Prepare / Act / Assess
    expect(score('値段が高い。').score).toBeGreaterThan(score('値段が高すぎる。').score);
    expect(score('料金が高すぎます。').label).toBe('negative');
  });

  it('does not change polarity for です/ます', () => {
    // Prepare / Act
    const plain = score('スタッフが親切だった。');
    const polite = score('スタッフが親切でした。');
    // Assess
    expect(polite.label).toBe(plain.label);
    expect(polite.score).toBeCloseTo(plain.score, 2);
  });
});

describe('scoreJapanese: contrast, questions, wishes', () => {
  it.each([
    ['部屋は狭いが、スタッフはとても親切でした。', 'positive'],
    ['スタッフは親切でしたが、部屋が汚かった。', 'negative'],
    ['料理は美味しいけど、量が少ない。', 'negative'],
  ])('the later clause weighs more: %s → %s', (text, label) => {
    // Prepare / Act / Assess
    expect(score(text).label).toBe(label);
  });

  it('lets a sentence opening with しかし turn the comment', () => {
    // Prepare / Act
    const result = score('朝食は美味しかった。しかし、フロントの対応が最悪だった。');
    // Assess
    expect(result.score).toBeLessThan(0);
    expect(result.sentences).toHaveLength(2);
    expect(result.sentences[0]!.label).toBe('positive');
    expect(result.sentences[1]!.label).toBe('negative');
  });

  it('leans neutral on questions', () => {
    // Prepare / Act
    const statement = score('対応は丁寧です。');
    const question = score('対応は丁寧でしょうか？');
    // Assess
    expect(Math.abs(question.score)).toBeLessThan(Math.abs(statement.score));
  });

  it.each(['もう少し早く対応してほしいです。', '事前に説明してくれれば良かった。', '部屋に冷蔵庫が欲しかったです。'])(
    'reads a wish as a mild complaint: %s',
    (text) => {
      // Prepare / Act
      const result = score(text);
      // Assess
      expect(result.score).toBeLessThan(0);
      expect(result.score).toBeGreaterThan(-0.8);
    },
  );

  it('marks strong praise and strong blame in different sentences as mixed', () => {
    // Prepare / Act
    const result = score('料理は最高に美味しかった。部屋は汚くて最悪だった。');
    // Assess
    expect(result.label).toBe('mixed');
  });
});

describe('scoreJapanese: spans and bad input', () => {
  it('gives one sentence per splitSentences span, lined up with the text', () => {
    // Prepare
    const text = '  部屋が広い！ 朝食は残念でした。\nまた来ます ';
    // Act
    const result = score(text);
    // Assess
    expect(result.sentences.map((s) => text.slice(s.span.start, s.span.end))).toEqual([
      '部屋が広い！',
      '朝食は残念でした。',
      'また来ます',
    ]);
  });

  it.each([
    ['empty', ''],
    ['whitespace only', '   \n\t　'],
    ['100,000 characters', '対応が遅くて困りました。でも部屋は綺麗でした。'.repeat(4200).slice(0, 100_000)],
    ['emoji only', '😡😡😡👎'],
    ['HTML', '<div><b>最悪</b>&nbsp;でした</div><script>alert(1)</script>'],
    ['control characters', '\u0000\u0001対応\u0007が\u001b遅い\u007f'],
    ['mixed Japanese and English', 'The hotel was great, でもWi-Fiが遅すぎる。'],
    ['lone surrogates', '\udc00最高\ud800です\ud83d'],
  ])('never throws on %s and returns a well-formed result', (_name, text) => {
    // Prepare / Act
    const result = score(text);
    // Assess
    expectWellFormed(text, result);
  });

  it('has zero confidence on empty text and low confidence without Japanese', () => {
    // Prepare / Act
    const empty = score('');
    const emoji = score('😀😀');
    const english = score('The staff were friendly.');
    // Assess
    expect(empty).toEqual({ label: 'neutral', score: 0, confidence: 0, sentences: [] });
    expect(emoji.confidence).toBeLessThan(0.3);
    expect(english.confidence).toBeLessThan(0.3);
  });
});
