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

/** Cues whose neighbouring slots share a word on purpose: "does my cover cover…". */
const MEANT = new Set([
  'does|would|will my|the|your policy|insurance|cover cover',
  'does|would|will the|my|your|our policy|insurance|cover|warranty|plan|guarantee cover',
]);

const NOT_CUES = new Set(['$comment', 'label', 'labelJa', 'code', 'detail']);

const cuesOf = (value: unknown): string[] => {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(cuesOf);
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, v]) => (NOT_CUES.has(key) ? [] : cuesOf(v)));
  return [];
};

/** Whether two neighbouring slots of a cue share an alternative. */
const sharesNeighbour = (cue: string): boolean => {
  const slots = cue.split(' ').map(
    (slot) =>
      new Set(
        slot
          .replace(/\?$/, '')
          .split('|')
          .map((w) => w.replace(/^=/, '')),
      ),
  );
  return slots.some((slot, i) => i > 0 && [...slot].some((word) => slots[i - 1]?.has(word)));
};

describe('cue files', () => {
  it.each(FILES)('%s has no cue whose alternatives were meant as phrases', (file) => {
    // Prepare
    const cues = cuesOf(JSON.parse(readFileSync(file, 'utf8')));
    // Act
    const suspect = cues.filter((cue) => cue.includes('|') && sharesNeighbour(cue) && !MEANT.has(cue));
    // Assess
    expect(suspect).toEqual([]);
  });

  it('finds the slip it guards against', () => {
    // Act and assess
    expect(sharesNeighbour('how do i|can i|we')).toBe(true);
    expect(sharesNeighbour('how do|can i|we')).toBe(false);
  });
});
