import { describe, expect, it } from 'vitest';
import { cacheByWord, frontEntryAt, wordEntry } from '../../../shared/analysis/text/word-cache.js';

describe('cacheByWord', () => {
  it('answers what the function answers, computing each word once while it stays cached', () => {
    const calls: string[] = [];
    const upper = cacheByWord((w) => {
      calls.push(w);
      return w.toUpperCase();
    });
    const words = ['flight', 'delayed', 'flight', 'refund', 'delayed', '', 'flight'];
    expect(words.map((w) => upper(w))).toEqual(words.map((w) => w.toUpperCase()));
    expect(calls).toEqual(['flight', 'delayed', 'refund', '']);
  });

  it('stays correct when many words share front slots (equal content, different string objects)', () => {
    const length = cacheByWord((w) => w.length);
    const many = Array.from({ length: 60_000 }, (_, i) => `w${i.toString(36)}`);
    for (const w of many) expect(length(w)).toBe(w.length);
    // Fresh string objects with the same content find the same answers.
    for (const w of many.slice(0, 1000)) expect(length(`${w} `.trim())).toBe(w.length);
  });

  it('finds the entry of a lower-cased ASCII range in place, and nothing for other text or a word not seen', () => {
    // Prepare
    const entry = wordEntry('baggage');
    const text = 'Lost BAGGAGE again, café';

    // Act
    const found = frontEntryAt(text, 5, 12);

    // Assess
    expect(found).toBe(entry);
    expect(found?.[0]).toBe('baggage');
    expect(frontEntryAt(text, 20, 24)).toBeUndefined(); // é: not ASCII, the caller lower-cases it
    expect(frontEntryAt('a never-seen-word-xyzzy', 2, 23)).toBeUndefined();
  });
});
