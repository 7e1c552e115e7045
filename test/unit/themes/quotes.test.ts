import { describe, expect, it } from 'vitest';
import type { FeedbackItem } from '../../../shared/feedback/model.js';
import { pickQuotes, quoteHasWords } from '../../../shared/themes/quotes.js';

/** An analysed comment mentioning `topic` at the first place `word` stands in `text` (or nowhere). */
const item = (id: string, text: string, topic: string, word?: string): FeedbackItem => {
  const at = word ? text.indexOf(word) : -1;
  return {
    id,
    text,
    triage: { topics: [topic], sentiment: 'negative' },
    analysis: {
      topics: [
        {
          topic,
          sentiment: { label: 'negative', score: -0.6 },
          evidence: at >= 0 && word ? [{ start: at, end: at + word.length }] : [],
        },
      ],
    },
  } as unknown as FeedbackItem;
};

const terms = (id: string) => new Map([[id, new Set([id])]]);

describe('theme quotes', () => {
  it('contain the theme word even when the comment says it after the first 140 characters', () => {
    // Prepare: the walk's "stuck" — the word sits late in a long tweet
    const head =
      '@united I have been on hold for two hours now and nobody answers the phone, this is the worst experience I have had with any airline in years, ';
    const text = `${head}and now we are stuck on the tarmac in Denver with no word from the crew at all.`;
    // Act
    const quotes = pickQuotes(terms('emergent:stuck'), [item('a', text, 'emergent:stuck', 'stuck')], 3);
    // Assess
    const [quote] = quotes.get('emergent:stuck') ?? [];
    expect(quote?.text).toMatch(/\bstuck\b/);
    expect(quote?.text.length).toBeLessThanOrEqual(140);
  });

  it('leave out a comment that does not say the theme in words (a lemma counts: "bags" for "bag")', () => {
    // Prepare: one comment says it, one is tagged but never says it
    const items = [
      item(
        'a',
        'They lost both bags on my flight to Boston and nobody calls back.',
        'emergent:lost bag',
        'lost both bags',
      ),
      item('b', 'Worst customer experience I have ever had, truly awful service.', 'emergent:lost bag'),
    ];
    // Act
    const quotes = pickQuotes(terms('emergent:lost bag'), items, 3).get('emergent:lost bag') ?? [];
    // Assess
    expect(quotes.map((q) => q.id)).toEqual(['a']);
  });

  it('match words, not substrings; Japanese compounds by their characters', () => {
    expect(quoteHasWords('we were stuck for hours', 'stuck')).toBe(true);
    expect(quoteHasWords('the stucco wall', 'stuck')).toBe(false);
    expect(quoteHasWords('They lost both bags', 'lost bag')).toBe(true);
    expect(quoteHasWords('荷物の配送遅延がひどい', '配送遅延')).toBe(true);
    expect(quoteHasWords('荷物が届かない', '配送遅延')).toBe(false);
  });
});
