import { describe, expect, it } from 'vitest';
import { findKeyPhrases } from '../../../shared/analysis/key-phrases.js';
import { detectTopics } from '../../../shared/analysis/topics/detect-topics.js';
import { defaultTaxonomy } from '../../../shared/analysis/topics/taxonomy.js';
import { themeCandidate } from '../../../shared/themes/candidates.js';

// The brand a comment is written to (its @handle) is the subject of most comments, not a pain point (issue 11).
const candidatesOf = (text: string) =>
  findKeyPhrases(text, 'en')
    .map((k) => themeCandidate(k.phrase, k.spans[0], text)?.key)
    .filter(Boolean);

/** The comment's discovered-theme ids, every sentence read as a complaint. */
const themesOf = (text: string) =>
  detectTopics(text, 'en', [{ span: { start: 0, end: text.length }, label: 'negative', score: -0.6 }], defaultTaxonomy)
    .map((t) => t.topic)
    .filter((t) => t.startsWith('emergent:'));

// Made-up brands, so no list of real airlines can pass these: the rule reads the comment's own handles.
const BRANDS = [
  { handle: '@NorthwindAir', said: ['Northwind', 'Northwind Air', 'Northwind Airlines', 'northwind airways'] },
  { handle: '@zephyrjet', said: ['Zephyrjet', 'Zephyr Jet', 'ZEPHYR JET'] },
  { handle: '@Quokka', said: ['Quokka', 'quokka'] },
  { handle: '@ZYAirways', said: ['Airways', 'ZY Airways'] },
];

describe('a name the comment is addressed to is not a theme', () => {
  const cases = BRANDS.flatMap(({ handle, said }) =>
    said.map((name) => [handle, name, `${handle} ${name} lost my stroller again and the stroller tag was torn.`]),
  );

  it.each(cases)('%s, said as "%s": no theme holds the name, the pain point stays', (handle, name, text) => {
    // Act
    const themes = themesOf(text);
    const keys = candidatesOf(text);
    // Assess
    // Keys are singular: "airway" is the name's "Airways".
    const words = name
      .toLowerCase()
      .split(' ')
      .map((w) => w.replace(/s$/, ''));
    for (const key of keys)
      expect(
        key?.split(' ').some((w) => words.includes(w.replace(/s$/, ''))),
        `${key} (${handle})`,
      ).toBe(false);
    expect(themes.some((t) => t.includes('stroller'))).toBe(true);
  });

  it('keeps the rest of a phrase that starts with the name: "Northwind lounge" to @NorthwindAir is the lounge', () => {
    // Act
    const keys = candidatesOf('@NorthwindAir the Northwind lounge shower was freezing and filthy.');
    // Assess
    expect(keys.join('|')).not.toMatch(/northwind/);
    expect(keys.some((k) => k?.includes('lounge'))).toBe(true);
  });

  it('names a brand the comment is not addressed to: the rule reads handles, not a list', () => {
    // Act: a competitor named in a comment to another account is what the writer compares, kept as said
    const keys = candidatesOf('@zephyrjet the Northwind lounge was better than yours.');
    // Assess
    expect(keys.some((k) => k?.includes('northwind'))).toBe(true);
  });
});
