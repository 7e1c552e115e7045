import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * A cue's `a|b` alternatives are single words unless joined with `_` (docs/analysis/cues.md): "thank you|thanks for
 * sorting" reads as thank (you|thanks) for (sorting) and never matched "thanks for sorting". Such a slip shows as two
 * neighbouring slots that share an alternative ("how do i|can i|we": i in both). Every cue file is checked.
 */
const FILES = [
  'shared/analysis/concepts/concepts.json',
  'shared/triage/rules.default.json',
  'shared/analysis/cues/idioms.json',
  'shared/analysis/topics/taxonomy.default.json',
  'shared/transcripts/conversation-cues.json',
];

const NOT_CUES = new Set(['$comment', 'label', 'labelJa', 'code', 'detail']);

const cuesOf = (value: unknown): string[] => {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(cuesOf);
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, v]) => (NOT_CUES.has(key) ? [] : cuesOf(v)));
  return [];
};

/**
 * Whether a slot of alternatives shares one, or a word's stem, with the slot before it ("life saver|lifesaver"); a
 * lone word repeated is meant ("does my cover cover").
 */
const sharesNeighbour = (cue: string): boolean => {
  const slots = cue.split(' ').map((slot) =>
    slot
      .replace(/\?$/, '')
      .split('|')
      .map((w) => w.replace(/^=/, '')),
  );
  // A phrase joined with _ ("that_night") may start with a word the slot before offers ("that").
  const stem = (w: string) => w.length >= 4 && !w.includes('_');
  const alike = (a: string, b: string) => a === b || (stem(a) && stem(b) && a.slice(0, 4) === b.slice(0, 4));
  return slots.some(
    (slot, i) => i > 0 && slot.length > 1 && slot.some((word) => slots[i - 1]?.some((before) => alike(before, word))),
  );
};

describe('cue files', () => {
  it.each(FILES)('%s has no cue whose alternatives were meant as phrases', (file) => {
    // Prepare
    const cues = cuesOf(JSON.parse(readFileSync(file, 'utf8')));
    // Act
    const suspect = cues.filter((cue) => cue.includes('|') && sharesNeighbour(cue));
    // Assess
    expect(suspect).toEqual([]);
  });

  it('finds the slip it guards against', () => {
    // Act and assess
    expect(sharesNeighbour('how do i|can i|we')).toBe(true);
    expect(sharesNeighbour('how do|can i|we')).toBe(false);
    expect(sharesNeighbour('life saver|lifesaver')).toBe(true);
  });
});
