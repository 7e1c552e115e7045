import { describe, expect, it } from 'vitest';
import { findKeyPhrases } from '../../../shared/analysis/key-phrases.js';
import { emptyAggregate, type MetricAggregate } from '../../../shared/metrics/aggregate.js';
import { themeCandidate } from '../../../shared/themes/candidates.js';
import {
  discoverThemes,
  groupThemes,
  mergeCoOccurring,
  themeSignature,
} from '../../../shared/themes/discover-themes.js';

const candidatesOf = (text: string) =>
  findKeyPhrases(text, 'en')
    .map((k) => themeCandidate(k.phrase, k.spans[0], text)?.key)
    .filter(Boolean);

const aggregate = (volume: number, themes: Record<string, number>): MetricAggregate => ({
  ...emptyAggregate(),
  volume,
  topics: Object.fromEntries(
    Object.entries(themes).map(([k, n]) => [`emergent:${k}`, { count: n, negative: n, scoreSum: -n * 5000 }]),
  ),
});

describe('theme candidates', () => {
  it.each([
    ['RT @united thanks for nothing', []],
    ['Stuck at DFW again, LHR IAH connection missed', ['connection']],
    ['my bag went to [EMAIL] lol', []],
    ['flight 1234 is a joke', []],
    ['visit http://t.co/abc for the seat upgrade fiasco', ['seat upgrade fiasco']],
    ['AA lost my luggage', []],
  ])('%s → %j', (text, expected) => {
    // Act
    const keys = candidatesOf(text);
    // Assess: never a handle, link, RT, code, number or placeholder
    for (const key of keys) expect(key).not.toMatch(/\b(rt|dfw|lhr|iah|aa|email|united)\b|\d|http/);
    for (const key of expected) expect(keys).toContain(key);
  });

  it('normalises width, case and number, and refuses single letters and over-long keys', () => {
    // Act & Assess
    expect(themeCandidate('Ｓｅａｔ Upgrades', undefined, '')?.key).toBe('seat upgrade');
    expect(themeCandidate('x', undefined, '')).toBeUndefined();
    expect(themeCandidate('boarding '.repeat(8), undefined, '')).toBeUndefined();
    expect(themeCandidate('配送遅延', undefined, '')?.key).toBe('配送遅延');
    expect(themeCandidate('ホテル', undefined, '')).toBeUndefined();
  });
});

describe('discoverThemes', () => {
  it('merges themes said together in the same comments, not those that meet by chance', () => {
    // Prepare: "tarmac" is said with "stuck" in 5 of its 6 comments; "wifi" once in 8
    const current = aggregate(1000, { stuck: 10, tarmac: 6, 'wifi outage': 8 });
    const rows = [
      { topic: 'emergent:stuck', metrics: aggregate(10, { stuck: 10, tarmac: 5, 'wifi outage': 1 }) },
      { topic: 'emergent:tarmac', metrics: aggregate(6, { tarmac: 6, stuck: 5 }) },
      { topic: 'emergent:wifi outage', metrics: aggregate(8, { 'wifi outage': 8, stuck: 1 }) },
    ];
    // Act
    const grouping = mergeCoOccurring(groupThemes([current]), current, rows);
    const themes = discoverThemes(current, [], grouping);
    // Assess
    expect(grouping.themeOf.get('emergent:tarmac')).toBe('emergent:stuck');
    expect(themes.map((t) => [t.label, t.members])).toEqual([
      ['stuck', ['stuck', 'tarmac']],
      ['wifi outage', ['wifi outage']],
    ]);
    // Without topic rows nothing merges by co-occurrence.
    expect(mergeCoOccurring(groupThemes([current]), current, []).themeOf.get('emergent:tarmac')).toBe(
      'emergent:tarmac',
    );
  });

  it('merges near-duplicates by shared lemmas and names the theme by its most used form', () => {
    // Prepare
    const current = aggregate(1000, { 'lost bag': 20, 'lost luggage': 8, 'bag lost': 2, 'seat upgrade': 9 });
    const grouping = groupThemes([current]);
    // Act
    const themes = discoverThemes(current, [], grouping);
    // Assess
    expect(themeSignature('lost luggage')).toBe(themeSignature('lost bag'));
    expect(themeSignature('配達遅延')).toBe(themeSignature('配送遅れ'));
    expect(themes.map((t) => [t.label, t.count, t.members])).toEqual([
      ['lost bag', 30, ['lost bag', 'lost luggage', 'bag lost']],
      ['seat upgrade', 9, ['seat upgrade']],
    ]);
    expect(themes.every((t) => t.discovered)).toBe(true);
  });

  it('needs minimum support, and ranks what rose against the baseline above what was always there', () => {
    // Prepare: "wifi outage" is new, "seat upgrade" as common as ever, "odd thing" below support
    const baseline = [aggregate(1000, { 'seat upgrade': 40 }), aggregate(1000, { 'seat upgrade': 40 })];
    const current = aggregate(1000, { 'seat upgrade': 40, 'wifi outage': 15, 'odd thing': 2 });
    const grouping = groupThemes([current, ...baseline]);
    // Act
    const themes = discoverThemes(current, baseline, grouping);
    // Assess
    expect(themes.map((t) => t.label)).toEqual(['wifi outage', 'seat upgrade']);
    expect(themes[0]?.salience).toBeGreaterThan(2);
    expect(Math.abs(themes[1]?.salience ?? 1)).toBeLessThan(1);
  });
});
