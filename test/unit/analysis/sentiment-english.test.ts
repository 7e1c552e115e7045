import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { describe, expect, it } from 'vitest';
import { DOMAIN_LEXICON } from '../../../shared/analysis/sentiment/english/domain-lexicon.js';
import { lookupWord, stemValence } from '../../../shared/analysis/sentiment/english/lexicon.js';
import { VADER_LEXICON } from '../../../shared/analysis/sentiment/english/vader-lexicon.js';
import { scoreEnglish } from '../../../shared/analysis/sentiment/english.js';
import type { SentimentResult } from '../../../shared/analysis/types.js';

const LABELS = ['positive', 'negative', 'neutral', 'mixed'];

/** Every result, however odd the input, has this shape. */
const expectWellFormed = (result: SentimentResult, text: string): void => {
  expect(LABELS).toContain(result.label);
  expect(Number.isFinite(result.score)).toBe(true);
  expect(result.score).toBeGreaterThanOrEqual(-1);
  expect(result.score).toBeLessThanOrEqual(1);
  expect(result.confidence).toBeGreaterThanOrEqual(0);
  expect(result.confidence).toBeLessThanOrEqual(1);
  // One assertion over all sentences: thousands of `expect` calls would dominate the run time.
  const problems: string[] = [];
  let previousEnd = 0;
  result.sentences.forEach((sentence, i) => {
    const { start, end } = sentence.span;
    if (!(start >= previousEnd && end > start && end <= text.length)) problems.push(`span ${i}: ${start}-${end}`);
    if (!LABELS.includes(sentence.label)) problems.push(`label ${i}: ${sentence.label}`);
    if (!Number.isFinite(sentence.score) || Math.abs(sentence.score) > 1)
      problems.push(`score ${i}: ${sentence.score}`);
    previousEnd = end;
  });
  expect(problems).toEqual([]);
};

describe('scoreEnglish: negation', () => {
  it('turns a positive word negative and a negative word mildly positive', () => {
    // Prepare
    const texts = ['The staff were good.', 'The staff were not good.', 'The food was not bad at all.'];

    // Act
    const [plain, negated, notBad] = texts.map(scoreEnglish);

    // Assess
    expect(plain?.label).toBe('positive');
    expect(negated?.label).toBe('negative');
    expect(notBad?.score).toBeGreaterThan(0);
  });

  it('reads unmet expectations as complaints', () => {
    // Prepare
    const texts = ['My parcel never arrived.', "The agent didn't help.", 'Still no response from support.'];

    // Act
    const results = texts.map(scoreEnglish);

    // Assess
    for (const result of results) expect(result.label).toBe('negative');
  });

  it('reaches over fillers but stops at a clause break', () => {
    // Prepare
    const across = 'I never had any problems with it.';
    const stopped = 'Not today, the crew was great.';

    // Act
    const acrossResult = scoreEnglish(across);
    const stoppedResult = scoreEnglish(stopped);

    // Assess
    expect(acrossResult.score).toBeGreaterThan(0);
    expect(stoppedResult.label).toBe('positive');
  });

  it('reads "not one" and "not a single" before a problem as praise, and before a reply as a complaint', () => {
    // Act
    const praise = ['Not one missed delivery since I switched.', 'Not a single issue in a year.'].map(scoreEnglish);
    const complaints = ['Not one reply in three weeks.', 'Not a single call back.'].map(scoreEnglish);

    // Assess
    for (const result of praise) expect(result.score).toBeGreaterThan(0);
    for (const result of complaints) expect(result.label).toBe('negative');
  });
  it('lets a denial reach a problem told right after an expected word, but not a word of time', () => {
    // Act
    const praise = ['No power cuts at all during the storm.', "It didn't get damaged in the post."].map(scoreEnglish);
    const complaints = ['My refund has not arrived yet.', 'Reported it, nothing back yet.'].map(scoreEnglish);

    // Assess
    for (const result of praise) expect(result.score).toBeGreaterThan(0);
    for (const result of complaints) expect(result.label).toBe('negative');
  });
});

describe('scoreEnglish: contrast', () => {
  it('lets the clause after "but" outweigh the one before', () => {
    // Prepare
    const praiseThenComplaint = 'The seats were great but the crew was rude.';
    const complaintThenPraise = 'The crew was rude but the seats were great.';

    // Act
    const first = scoreEnglish(praiseThenComplaint);
    const second = scoreEnglish(complaintThenPraise);

    // Assess
    expect(first.score).toBeLessThan(0);
    expect(second.score).toBeGreaterThan(0);
  });

  it('weighs a sentence opening with "However" over the one before', () => {
    // Prepare
    const text = 'The app is nice. However, it crashed twice and lost my order.';

    // Act
    const result = scoreEnglish(text);

    // Assess
    expect(result.score).toBeLessThan(0);
    expect(result.sentences).toHaveLength(2);
    expect(result.sentences[0]?.label).toBe('positive');
  });
});

describe('scoreEnglish: questions and requests', () => {
  it('keeps a plain request for help neutral', () => {
    // Prepare
    const text = 'Can you help me?';

    // Act
    const result = scoreEnglish(text);

    // Assess
    expect(result.label).toBe('neutral');
  });

  it('does not read an information question as praise', () => {
    // Prepare
    const question = 'Is the lounge nice?';
    const statement = 'The lounge is nice!';

    // Act
    const q = scoreEnglish(question);
    const s = scoreEnglish(statement);

    // Assess
    expect(q.label).toBe('neutral');
    expect(s.label).toBe('positive');
    expect(q.score).toBeLessThan(s.score);
  });

  it('keeps a "why" complaint negative', () => {
    // Prepare
    const text = 'Why was my flight cancelled again??';

    // Act
    const result = scoreEnglish(text);

    // Assess
    expect(result.label).toBe('negative');
  });
});

describe('scoreEnglish: service-complaint vocabulary', () => {
  it.each([
    'Flight delayed 3 hours and nobody told us.',
    'I was on hold for 45 minutes.',
    'You charged me twice for one order.',
    'Lost luggage and the refund is still pending.',
    'Stuck at the airport, rebooked onto a flight tomorrow.',
    'Been trying to reach someone since Monday.',
    'The website is down again #fail',
  ])('reads %j as negative', (text) => {
    // Act
    const result = scoreEnglish(text);

    // Assess
    expect(result.label).toBe('negative');
  });

  it.each([
    'this update slaps',
    'This new update is fire, the dark mode is killer.',
    'the pizza at the new place slaps',
    "I'd kill for a window seat on this route, the views are stunning",
    'the driver killed it, so fast',
    'This burger is the bomb.',
  ])('reads slang praise %j as positive, not as harm', (text) => {
    // Act
    const result = scoreEnglish(text);

    // Assess
    expect(result.label).toBe('positive');
  });

  it.each(['Not a single problem in three years.', 'Not once in two years has the app crashed on me.'])(
    'reads %j, a criticism denied outright, as praise',
    (text) => {
      // Act
      const result = scoreEnglish(text);

      // Assess
      expect(result.label).toBe('positive');
    },
  );

  it('keeps a kitchen on fire literal', () => {
    // Act
    const result = scoreEnglish('the kitchen was on fire');

    // Assess
    expect(result.label).toBe('negative');
  });

  it('drops the thanks in a sarcastic complaint', () => {
    // Prepare
    const text = 'Thanks for losing my bag.';

    // Act
    const result = scoreEnglish(text);

    // Assess
    expect(result.label).toBe('negative');
  });

  it('keeps sincere thanks positive', () => {
    // Prepare
    const text = 'Thanks so much, the agent sorted it out quickly!';

    // Act
    const result = scoreEnglish(text);

    // Assess
    expect(result.label).toBe('positive');
  });
});

describe('scoreEnglish: intensity', () => {
  it('scores intensifiers above the bare word and diminishers below it', () => {
    // Prepare
    const [bare, boosted, diminished] = [
      'The room was good.',
      'The room was very good.',
      'The room was slightly good.',
    ];

    // Act
    const b = scoreEnglish(bare).score;
    const up = scoreEnglish(boosted).score;
    const down = scoreEnglish(diminished).score;

    // Assess
    expect(up).toBeGreaterThan(b);
    expect(down).toBeLessThan(b);
  });

  it('reads a comparative nothing could beat as the strongest praise or complaint, and "not better" as a complaint', () => {
    // Act
    const praise = ["I've never been happier.", "Couldn't be easier.", 'Service has never been better.'].map(
      scoreEnglish,
    );
    const complaints = ["It couldn't be worse.", 'The new version is not better.'].map(scoreEnglish);

    // Assess
    for (const result of praise) expect(result.label).toBe('positive');
    for (const result of complaints) expect(result.label).toBe('negative');
  });

  it('reads a negative word before praise as how good it is, not as a complaint', () => {
    // Act
    const praise = ['Dangerously good chicken wrap.', 'The lads were dead helpful.', 'Wickedly fast delivery.'].map(
      scoreEnglish,
    );
    const complaints = ['Sadly the great seats were gone.', 'The box came badly damaged.'].map(scoreEnglish);

    // Assess
    for (const result of praise) expect(result.score).toBeGreaterThan(0);
    for (const result of complaints) expect(result.label).toBe('negative');
    expect(scoreEnglish('Dangerously good.').score).toBeGreaterThan(scoreEnglish('Good.').score);
  });

  it('reads exclamation marks, capitals among lower case, emoticons and emoji as emphasis', () => {
    // Prepare
    const base = scoreEnglish('The service was bad.').score;

    // Act
    const bang = scoreEnglish('The service was bad!!!').score;
    const caps = scoreEnglish('The service was BAD.').score;
    const smiley = scoreEnglish('Got my refund :)').score;
    const emoji = scoreEnglish('Delivery was late 😡').score;

    // Assess
    expect(bang).toBeLessThan(base);
    expect(caps).toBeLessThan(base);
    expect(smiley).toBeGreaterThan(0);
    expect(emoji).toBeLessThan(0);
  });

  it('reads ratings written in the text', () => {
    // Prepare
    const texts = ['I give it 9 out of 10.', 'Honestly 2/10.', 'Five stars for the crew.'];

    // Act
    const [high, low, stars] = texts.map((t) => scoreEnglish(t).label);

    // Assess
    expect([high, low, stars]).toEqual(['positive', 'negative', 'positive']);
  });

  it('labels strong praise and strong complaint in one comment as mixed', () => {
    // Prepare
    const text = 'The hotel was absolutely wonderful. The airline was a total disaster!';

    // Act
    const result = scoreEnglish(text);

    // Assess
    expect(result.label).toBe('mixed');
  });
});

describe('scoreEnglish: spans', () => {
  it('returns one span per sentence that slices back to the sentence text', () => {
    // Prepare
    const text = '  Great crew!  The food was cold.\nWhy no wifi?';

    // Act
    const result = scoreEnglish(text);

    // Assess
    expect(result.sentences.map((s) => text.slice(s.span.start, s.span.end))).toEqual([
      'Great crew!',
      'The food was cold.',
      'Why no wifi?',
    ]);
    expect(result.sentences.map((s) => s.label)).toEqual(['positive', 'negative', 'negative']);
  });
});

describe('scoreEnglish: bad input', () => {
  const cases: Array<[string, string]> = [
    ['empty', ''],
    ['whitespace', ' \t\n\r  \u3000 '],
    ['emoji only without known sentiment', '🛫🧳🗺️'],
    ['HTML', '<div class="x"><script>alert(1)</script><p>&nbsp;</p></div>'],
    ['control characters', '\u0000\u0001\u0007\u001b[31m\u007f\u0085'],
    ['lone surrogates', '\ud800 abc \udfff \ud83d'],
    ['symbols', '#### @@@ ... ??? !!! $$$'],
    ['a mention alone', '@united'],
  ];

  it.each(cases)('never throws and gives low confidence on %s', (_name, text) => {
    // Act
    const result = scoreEnglish(text);

    // Assess
    expectWellFormed(result, text);
    expect(result.label).toBe('neutral');
    expect(result.confidence).toBeLessThanOrEqual(0.2);
  });

  it('handles 100,000 characters in one piece', () => {
    // Prepare
    const text = `${'great '.repeat(10_000)}${'x'.repeat(40_000)}`;

    // Act
    const result = scoreEnglish(text);

    // Assess
    expectWellFormed(result, text);
    expect(result.label).toBe('positive');
  });

  it('handles 100,000 characters of many sentences', () => {
    // Prepare
    const text = 'The flight was late. The crew was lovely! '.repeat(2_400).slice(0, 100_000);

    // Act
    const result = scoreEnglish(text);

    // Assess
    expectWellFormed(result, text);
    expect(result.sentences.length).toBeGreaterThan(4_000);
  });

  it('treats a non-string from untyped callers as empty text', () => {
    // Prepare
    const notText = 42 as unknown as string;

    // Act
    const result = scoreEnglish(notText);

    // Assess
    expect(result).toEqual({ label: 'neutral', score: 0, confidence: 0.05, sentences: [] });
  });
});

describe('stemValence: the stem index built one initial at a time', () => {
  it('gives every stem the valence the index of the whole lexicon gives it', () => {
    // Prepare: the listed single words with a valence, and the index built over all of them at once.
    const listed = new Set<string>();
    for (const source of [VADER_LEXICON, DOMAIN_LEXICON])
      for (const line of source.split('\n'))
        for (const item of line.startsWith('#') ? [] : line.split('|')) {
          const parts = item.trim().split(/\s+/);
          if (parts.length === 2 && lookupWord(parts[0] as string).valence !== 0) listed.add(parts[0] as string);
        }
    const whole = new Map<string, number>();
    const conflicted = new Set<string>();
    for (const word of listed) {
      const valence = lookupWord(word).valence;
      const stem = PorterStemmer.stem(word);
      const seen = whole.get(stem);
      if (seen === undefined) whole.set(stem, valence);
      else if (Math.sign(seen) !== Math.sign(valence)) conflicted.add(stem);
      else if (Math.abs(valence) < Math.abs(seen)) whole.set(stem, valence);
    }
    for (const stem of conflicted) whole.delete(stem);
    // Act: ask for every stem of a listed word, initials in a shuffled order.
    const stems = [...new Set([...listed].map((w) => PorterStemmer.stem(w)))].sort((a, b) =>
      a.slice(1).localeCompare(b.slice(1)),
    );
    const wrong = stems.filter((stem) => stemValence(stem) !== whole.get(stem));
    // Assess
    expect(listed.size).toBeGreaterThan(7000);
    expect(wrong).toEqual([]);
  });
});
