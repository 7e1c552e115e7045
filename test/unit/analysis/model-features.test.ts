import { describe, expect, it } from 'vitest';
import { extractFeatures, type FeatureInput } from '../../../shared/analysis/model/features.js';

const input = (text: string): FeatureInput => ({
  text,
  language: 'en',
  hits: [],
  groupName: () => undefined,
  urgency: { level: 'normal', score: 30, reasons: [] },
  sentiment: { label: 'neutral', score: 0, confidence: 0.5, sentences: [] },
  topics: [],
});

/** Distinct made-up words (no two share a stem), so every word adds its own features. */
const distinctWords = (n: number): string =>
  Array.from({ length: n }, (_, i) => `w${i.toString(36)}q${(i * 7919).toString(36)}`).join(' ');

describe('model features: each feature once, whatever the length of the text', () => {
  it('keeps every id once, in first-seen order, when a word repeats', () => {
    // Prepare
    const once = extractFeatures(input('late again'));
    // Act
    const twice = extractFeatures(input('late again late again'));
    // Assess: the repeat adds only the bigram "again late"
    expect(new Set(twice.ids).size).toBe(twice.ids.length);
    expect(twice.ids.slice(0, 5)).toEqual(once.ids.slice(0, 5));
    expect(twice.textCount).toBe(once.textCount + 1);
  });

  it('a text with thousands of distinct words keeps them all, and the next comment is read as before', () => {
    // Prepare
    const short = extractFeatures(input('The refund never came, please call me back'));
    const text = distinctWords(3000);
    // Act
    const long = extractFeatures(input(text));
    const again = extractFeatures(input(text));
    const shortAfter = extractFeatures(input('The refund never came, please call me back'));
    // Assess: word, stem and bigram per word (a few hash collisions aside), none repeated
    expect(new Set(long.ids).size).toBe(long.ids.length);
    expect(long.textCount).toBeGreaterThan(2.9 * 3000);
    expect(again).toEqual(long);
    expect(shortAfter).toEqual(short);
  });
});
