import { describe, expect, it } from 'vitest';
import { findKeyPhrases } from '../../../shared/analysis/key-phrases.js';
import { createLocalAnalyzer } from '../../../shared/analysis/local-analyzer.js';
import { saysOnlyHow } from '../../../shared/analysis/sentiment/opinion-words.js';
import { detectTopics } from '../../../shared/analysis/topics/detect-topics.js';
import { defaultTaxonomy } from '../../../shared/analysis/topics/taxonomy.js';
import { themeCandidate } from '../../../shared/themes/candidates.js';

// Oddities seen on real text, each fixed as a rule of the kind of text (issue 11).
const candidatesOf = (text: string) =>
  findKeyPhrases(text, 'en')
    .map((k) => themeCandidate(k.phrase, k.spans[0], text)?.key)
    .filter(Boolean);

/** The comment's discovered-theme ids, every sentence read as a complaint. */
const themesOf = (text: string) =>
  detectTopics(text, 'en', [{ span: { start: 0, end: text.length }, label: 'negative', score: -0.6 }], defaultTaxonomy)
    .map((t) => t.topic)
    .filter((t) => t.startsWith('emergent:'));

describe('theme quality', () => {
  it.each([
    ['The zipper pull fell off.', 'zipper pull'],
    ['The strap tore on day one.', 'strap'],
    ['Our stolen suitcase was never returned.', 'stolen suitcase'],
  ])('a verb’s past form never ends a theme: %s → %s', (text, expected) => {
    // Act
    const keys = candidatesOf(text);
    // Assess
    expect(keys).toContain(expected);
    expect(keys.join('|')).not.toMatch(/\b(fell|tore|stolen)$/);
  });

  it('names what a phrase is about by its head: a modifier that is a topic word does not swallow it', () => {
    // Act: "headphones" is a comfort cue (in-flight entertainment); a headphone jack is a part of a device
    const jack = themesOf('The headphone jack stopped working.');
    const bags = themesOf('Lost bags again.');
    // Assess: a phrase whose head is a topic word is still the topic's
    expect(jack).toContain('emergent:headphone jack');
    expect(bags).toEqual([]);
  });

  it('takes no theme from another account’s words: a retweet or a quoted post', () => {
    // Act
    const retweet = themesOf("Stop this madness RT @JetBlue: Our fleet's on fleek. http://t.co/x");
    const quoted = themesOf("Sigh... “@JetBlue: Our fleet's on fleek. http://t.co/x” the seat pocket was torn");
    const own = themesOf('Your fleet is old and the seat pocket was torn');
    // Assess
    expect(retweet).toEqual([]);
    expect(quoted.join()).not.toMatch(/fleet|fleek/);
    expect(own).toContain('emergent:fleet');
  });

  it('takes no theme from a headline shared with its link and source, only from a customer’s own post', () => {
    // Act: the same headline was posted 25 times in the airline week and made "wall street" a theme
    const headline = themesOf(
      "@JetBlue's CEO battles to appease passengers and Wall Street - @TheVDT http://t.co/h6cE3mWCqj",
    );
    const own = themesOf('@united the boarding chaos again, http://t.co/abc awful');
    // Assess
    expect(headline).toEqual([]);
    expect(own).toContain('emergent:boarding chaos');
  });

  it.each([
    ['The nurses on the ward never came', 'nurse'],
    ['Wrong sizes again', 'wrong size'],
    ['The courses were cold', 'course'],
    ['Shuttle buses never came', 'shuttle bus'],
  ])('names a theme by readable words, a plural made singular: %s → %s', (text, expected) => {
    // Act & Assess: "nurses" was "nurs", "sizes" "siz", "courses" "cours"
    expect(candidatesOf(text)).toContain(expected);
  });

  it.each([
    ['dear ms', undefined],
    ['cust rang re claim', 'claim'],
    ['adv cust', undefined],
    ['chance', undefined],
    ['week ago', undefined],
    ['himself', undefined],
    ['fourth', undefined],
    ['daughter', undefined],
    ['grandma', undefined],
    ['absolute', undefined],
    ['息子', undefined],
    ['家族', undefined],
    ['broken zipper', 'broken zipper'],
    ['car seat', 'car seat'],
  ])(
    'names no theme by a salutation, call-note shorthand, a vague word, a person or a time: %s → %s',
    (phrase, expected) => {
      // Act & Assess: "dear ms", "cust rang re", "chance" and "week ago" were discovered themes
      expect(themeCandidate(phrase, undefined, phrase)?.key).toBe(expected);
    },
  );

  it('never makes a route of airport codes a theme', () => {
    // Act & Assess
    expect(candidatesOf('Stuck at LHR-IAH again, the connection was missed').join()).not.toMatch(/lhr|iah/);
  });

  it('never backs a topic with an opinion word alone ("terrible" is not about food)', async () => {
    // Prepare
    const analyzer = createLocalAnalyzer();
    const texts = [
      'The kickstand snapped, terrible.',
      'Flight delays again, awful.',
      'Horrible, just horrible.',
      'Great stuff, really great.',
    ];
    // Act
    const analyses = await analyzer.analyze(texts.map((text) => ({ text, language: 'en' })));
    const taxonomy = analyses.map((a) => a.topics.filter((t) => !t.topic.startsWith('emergent:')));
    const evidence = taxonomy.flatMap((topics, i) =>
      topics.flatMap((t) => (t.evidence ?? []).map((span) => texts[i]!.slice(span.start, span.end).toLowerCase())),
    );
    // Assess: the topic the words name ("delays"), none for a comment of opinion words only, none backed by one
    expect(taxonomy[1]!.map((t) => t.topic)).toContain('wait_time');
    expect(taxonomy[2]).toEqual([]);
    expect(taxonomy[3]).toEqual([]);
    expect(evidence.filter((word) => /terrible|awful|horrible|great/.test(word))).toEqual([]);
    expect(saysOnlyHow('terrible', { start: 0, end: 8 }, 'en')).toBe(true);
    expect(saysOnlyHow('kickstand', { start: 0, end: 9 }, 'en')).toBe(false);
  });

  it.each([
    ["Y'all lost my stroller.", "y'all"],
    ['Twitter is the only place you answer about my stroller.', 'twitter'],
  ])('chat words and the channel are not themes: %s', (text, word) => {
    // Act
    const keys = candidatesOf(text);
    // Assess
    expect(keys.join('|')).not.toContain(word);
    expect(keys).toContain('stroller');
  });
});
