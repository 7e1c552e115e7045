import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { type JapaneseTokenizer, loadJapaneseTokenizer } from '../../../shared/analysis/japanese/tokenizer.js';
import { createLocalAnalyzer } from '../../../shared/analysis/local-analyzer.js';
import { splitSentences } from '../../../shared/analysis/text/sentences.js';
import { detectTopics, withReasonTopics } from '../../../shared/analysis/topics/detect-topics.js';
import { defaultTaxonomy, loadTaxonomy } from '../../../shared/analysis/topics/taxonomy.js';
import type { SentenceSentiment, SentimentLabel, TopicMention } from '../../../shared/analysis/types.js';
import { ValidationError } from '../../../shared/errors.js';
import { MAX_EMERGENT } from '../../../shared/themes/emergent.js';

/** Sentences of `text` with the given scores in order (neutral when not given): a stand-in for the sentiment model. */
const sentencesOf = (text: string, ...scores: number[]): SentenceSentiment[] =>
  splitSentences(text).map((span, i) => {
    const score = scores[i] ?? 0;
    const label: SentimentLabel = score > 0.05 ? 'positive' : score < -0.05 ? 'negative' : 'neutral';
    return { span, label, score };
  });

const ids = (mentions: TopicMention[]): string[] => mentions.map((m) => m.topic);

describe('detectTopics: English cues on stems', () => {
  it.each([
    ['My package never arrived and the courier lied.', ['delivery']],
    ['I was charged twice and still have no refund.', ['billing_refund']],
    ['Way too expensive for what you get.', ['price']],
    ['The screen arrived cracked and the charger is defective.', ['product_quality']],
    ['The agent was rude and hung up on me.', ['customer_service']],
    ['Waited on hold for two hours, flight delayed again.', ['wait_time']],
    ['The app keeps crashing on the login page.', ['website_app']],
    ['My account was hacked and the password changed.', ['account_security']],
    ['Flight Cancelled Flightled and no rebooking offered.', ['cancellation']],
    ['They lost my luggage at the baggage claim.', ['baggage']],
    ['The flight attendants were lovely.', ['staff']],
    ['Legroom is terrible on these seats.', ['comfort']],
    ['The bathroom was filthy.', ['room', 'cleanliness']],
    ['Breakfast was cold.', ['food']],
    ['Great location, five minutes from the station.', ['location']],
    // Phrasings a manager files under a topic without its usual noun.
    ['Third email and still no answer about my order.', ['communication']],
    ['We sat there for an hour with no announcements at all.', ['communication']],
    ['Please send my PAC code, the contract ends on Friday.', ['cancellation']],
    ['The engineer who came on Tuesday sorted it in no time.', ['staff']],
    ["My prescription still wasn't ready when I got there.", ['wait_time']],
    ['The game lags every evening and the matchmaking is a mess.', ['product_quality']],
    ['You sent the wrong size again and the box was crushed.', ['delivery']],
    ['The rattle came back the day after the service.', ['repair_installation']],
    ['Got a penalty fare although my ticket was valid.', ['billing_refund']],
  ])('%s', (text, expected) => {
    // Act
    const topics = detectTopics(text, 'en', sentencesOf(text, -0.5), defaultTaxonomy);
    // Assess
    expect(ids(topics)).toEqual(expect.arrayContaining(expected));
  });

  it('gives evidence spans that point at the cue', () => {
    const text = 'Nice crew. But the customer service line kept me on hold.';
    const topics = detectTopics(text, 'en', sentencesOf(text, 0.5, -0.6), defaultTaxonomy);
    const service = topics.find((t) => t.topic === 'customer_service');
    const spans = service?.evidence.map((e) => text.slice(e.start, e.end));
    expect(spans).toContain('customer service');
    expect(topics.find((t) => t.topic === 'wait_time')?.evidence.map((e) => text.slice(e.start, e.end))).toContain(
      'on hold',
    );
  });

  it('does not match a multi-word cue across punctuation', () => {
    const text = 'I was put on. Hold on, never mind.';
    const topics = detectTopics(text, 'en', sentencesOf(text), defaultTaxonomy);
    expect(topics.find((t) => t.topic === 'wait_time')?.evidence ?? []).toEqual([]);
  });
});

describe('detectTopics: sentiment of the mentioning sentences', () => {
  it('carries each topic its own sentences’ sentiment', () => {
    // Prepare
    const text = 'The staff were wonderful. The room was dirty.';
    // Act
    const topics = detectTopics(text, 'en', sentencesOf(text, 0.8, -0.7), defaultTaxonomy);
    // Assess
    expect(topics.find((t) => t.topic === 'staff')?.sentiment).toEqual({ label: 'positive', score: 0.8 });
    expect(topics.find((t) => t.topic === 'room')?.sentiment).toEqual({ label: 'negative', score: -0.7 });
  });

  it('is mixed when mentioning sentences pull both ways', () => {
    const text = 'Breakfast was delicious. Dinner was inedible.';
    const food = detectTopics(text, 'en', sentencesOf(text, 0.6, -0.8), defaultTaxonomy).find(
      (t) => t.topic === 'food',
    );
    expect(food?.sentiment.label).toBe('mixed');
    expect(food?.sentiment.score).toBeCloseTo(-0.1, 5);
  });

  it('is neutral when the caller gives no sentences', () => {
    const topics = detectTopics('The refund never came', 'en', [], defaultTaxonomy);
    expect(topics[0]).toMatchObject({ topic: 'billing_refund', sentiment: { label: 'neutral', score: 0 } });
  });
});

describe('detectTopics: emergent topics', () => {
  it('names an uncovered phrase from a negative sentence', () => {
    const text = 'The overhead bin latch snapped off.';
    const topics = detectTopics(text, 'en', sentencesOf(text, -0.6), defaultTaxonomy);
    expect(ids(topics)).toContain('emergent:overhead bin latch');
  });

  it('ignores phrases from positive sentences and phrases the taxonomy covers', () => {
    const text = 'The overhead bin latch is clever. Lost luggage again.';
    const topics = detectTopics(text, 'en', sentencesOf(text, 0.6, -0.6), defaultTaxonomy);
    expect(ids(topics).filter((t) => t.startsWith('emergent:'))).toEqual([]);
  });

  it('adds at most two per comment', () => {
    const text = 'Overhead bin latch broke. Armrest buttons stuck. Window shade jammed. Tray table wobbly.';
    const topics = detectTopics(text, 'en', sentencesOf(text, -0.5, -0.5, -0.5, -0.5), defaultTaxonomy);
    expect(ids(topics).filter((t) => t.startsWith('emergent:')).length).toBeLessThanOrEqual(MAX_EMERGENT);
  });
});

describe('detectTopics: Japanese', () => {
  let tokenizer: JapaneseTokenizer;
  beforeAll(async () => {
    tokenizer = await loadJapaneseTokenizer();
  });

  it.each([
    ['荷物が届かないので困っています。', ['delivery']],
    ['二重引き落としされていたので返金してほしい。', ['billing_refund']],
    ['値段が高いです。', ['price']],
    ['届いた商品が壊れていました。', ['product_quality']],
    ['電話の対応が悪く、態度も最悪。', ['customer_service']],
    ['かなり待たされました。', ['wait_time']],
    ['アプリに不具合があります。', ['website_app']],
    ['アカウントが不正に使われました。', ['account_security']],
    ['部屋が清潔でした。', ['room', 'cleanliness']],
    ['ＷｉＦｉが遅くて', ['comfort', 'wait_time']],
  ])('%s', (text, expected) => {
    const tokens = tokenizer.tokenize(text);
    const topics = detectTopics(text, 'ja', sentencesOf(text, -0.5), defaultTaxonomy, tokens);
    expect(ids(topics)).toEqual(expect.arrayContaining(expected));
  });

  it('matches dictionary forms through tokens (遅くて → 遅い) with spans on the surface', () => {
    const text = 'チェックインが遅くて疲れた';
    const topics = detectTopics(text, 'ja', sentencesOf(text, -0.5), defaultTaxonomy, tokenizer.tokenize(text));
    const wait = topics.find((t) => t.topic === 'wait_time');
    expect(wait?.evidence.map((e) => text.slice(e.start, e.end))).toContain('遅く');
  });

  it('handles mixed Japanese and English', () => {
    const text = 'アプリがcrashして、refundもまだです';
    const topics = detectTopics(text, 'ja', sentencesOf(text, -0.5), defaultTaxonomy, tokenizer.tokenize(text));
    expect(ids(topics)).toEqual(expect.arrayContaining(['website_app', 'billing_refund']));
  });
});

describe('loadTaxonomy', () => {
  it('accepts a custom taxonomy as JSON text', () => {
    const taxonomy = loadTaxonomy(
      JSON.stringify({
        version: 1,
        topics: [{ id: 'noise', label: 'Noise', cues: { en: ['loud music'], ja: ['騒音'] } }],
      }),
    );
    const text = 'The loud music never stopped';
    expect(ids(detectTopics(text, 'en', sentencesOf(text, -0.4), taxonomy))).toEqual(['noise']);
  });

  it.each([
    [{ version: 2, topics: [] }, 'version'],
    [{ version: 1, topics: [{ id: 'Bad Id', label: 'x', cues: { en: ['a'] } }] }, 'topics[0].id'],
    [{ version: 1, topics: [{ id: 'ok', label: 'x', cues: { en: ['a', 3] } }] }, 'topics[0].cues.en[1]'],
    [{ version: 1, topics: [{ id: 'ok', label: 'x', cues: {} }] }, 'topics[0].cues'],
    [
      {
        version: 1,
        topics: [
          { id: 'a', label: 'x', cues: { en: ['a'] } },
          { id: 'a', label: 'y', cues: { en: ['b'] } },
        ],
      },
      'topics[1].id',
    ],
    [{ version: 1, topics: [{ id: 'emergent_x', label: 'x', cues: { en: ['a'] } }] }, 'topics[0].id'],
  ])('rejects %j and names %s', (input, path) => {
    let error: unknown;
    try {
      loadTaxonomy(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).toContain(path);
    expect((error as ValidationError).message).toContain(path);
  });

  it('rejects text that is not JSON', () => {
    expect(() => loadTaxonomy('{ nope')).toThrow(ValidationError);
  });

  it('the default covers the topics the evaluation maps airline complaint reasons to', () => {
    const defaults = defaultTaxonomy.topics.map((t) => t.id);
    for (const id of [
      'delivery',
      'billing_refund',
      'price',
      'product_quality',
      'customer_service',
      'wait_time',
      'website_app',
      'account_security',
      'cancellation',
      'baggage',
      'booking',
      'staff',
      'comfort',
    ])
      expect(defaults).toContain(id);
  });
});

describe('detectTopics: bad input', () => {
  it.each([
    ['empty', ''],
    ['whitespace', ' \n\t '],
    ['emoji only', '😡😡🔥'],
    ['HTML', '<p>The <b>refund</b> never came &amp; the app crashed</p>'],
    ['control characters', 'refund\u0000 never\u0007 came\u001b'],
    ['lone surrogates', '\ud800 refund never came \udfff'],
    ['100k characters', 'The refund never came and the app crashed. '.repeat(2400)],
  ])('%s: never throws, spans inside the text', (_name, text) => {
    const topics = detectTopics(text, 'en', sentencesOf(text, -0.5), defaultTaxonomy);
    for (const t of topics) {
      expect(t.evidence.length).toBeGreaterThan(0);
      for (const e of t.evidence) {
        expect(e.start).toBeGreaterThanOrEqual(0);
        expect(e.end).toBeLessThanOrEqual(text.length);
        expect(e.end).toBeGreaterThan(e.start);
      }
    }
  });

  it('survives sentences that do not match the text', () => {
    const bogus = [{ span: { start: 500, end: 900 }, label: 'negative' as const, score: Number.NaN }];
    expect(() => detectTopics('refund please', 'en', bogus, defaultTaxonomy)).not.toThrow();
  });

  it('any string: well-formed mentions', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.constantFrom('en', 'ja', 'und'), (text, lang) => {
        const topics = detectTopics(text, lang, sentencesOf(text, -0.5), defaultTaxonomy);
        for (const t of topics) {
          expect(t.topic).toMatch(/^([a-z][a-z0-9_]*|emergent:.+)$/);
          expect(['positive', 'negative', 'neutral', 'mixed']).toContain(t.sentiment.label);
          expect(Number.isFinite(t.sentiment.score)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('topics from the vocabulary of each topic and from triage reasons', () => {
  // One analyzer for the block: the rules alone, then the committed model on top.
  const rules = createLocalAnalyzer({ models: {} });
  const combined = createLocalAnalyzer();
  const topicsOf = async (analyzer: typeof rules, text: string) =>
    (await analyzer.analyze([{ text }]))[0]!.topics.map((t) => t.topic);

  it.each([
    ['My tutor has not replied in six weeks.', 'staff'],
    ['The submission portal keeps logging me out.', 'website_app'],
    ['Nobody told me the part had arrived, I found out when I rang.', 'communication'],
    ['The jumper shrank after one wash.', 'product_quality'],
    ['The carbonara tasted like it had been microwaved.', 'food'],
    ['Sat on the tarmac for two hours and missed my connection.', 'wait_time'],
    ['担任の先生の説明がわかりやすい。', 'staff'],
    ['唐揚げ定食、衣ばっかりだった。', 'food'],
    ['朝から圏外で電話もネットも使えない。', 'service_outage'],
  ])('%s → %s', async (text, topic) => {
    expect(await topicsOf(rules, text)).toContain(topic);
  });

  it('takes the topic of a triage reason composed from concepts when no topic word occurs', async () => {
    // "screw" and "soup" are no topic's cue; their combination is a safety reason.
    const text = 'There was a screw in the soup my son was eating.';
    const [analysis] = await rules.analyze([{ text }]);
    const safety = analysis!.topics.find((t) => t.topic === 'safety');
    expect(analysis!.urgency.reasons.map((r) => r.code)).toContain('safety_risk');
    expect(safety?.evidence.length).toBeGreaterThan(0);
    expect(withReasonTopics([], [], [], defaultTaxonomy)).toEqual([]);
  });

  it('keeps every topic whose words occur when the model is combined, and still matches words not substrings', async () => {
    const text = '@united Flight Cancelled Flightled, on hold with customer service for 2 hours.';
    const found = await topicsOf(combined, text);
    for (const topic of await topicsOf(rules, text)) expect(found).toContain(topic);
    expect(await topicsOf(rules, 'Amazing hospitality from the crew.')).not.toContain('safety');
  });
});
