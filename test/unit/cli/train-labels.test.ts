import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeLeftOut, readCorrections } from '../../../cli/commands/train.js';

const file = (lines: object[]) => {
  const path = join(mkdtempSync(join(tmpdir(), 'koe-labels-')), 'labels.jsonl');
  writeFileSync(path, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
  return path;
};

describe('koe train --labels: promoted topics and discovered themes', () => {
  it('keeps every row, trains default topics only, and counts the ids left out by name', () => {
    // Prepare: what `koe labels export` writes once a theme was promoted (seat_wifi) or is still discovered
    const path = file([
      {
        text: 'The seat wifi never worked and the refund is missing',
        expected: { topics: ['seat_wifi', 'billing_refund'] },
      },
      { text: 'Seat wifi down again', expected: { topics: ['seat_wifi'], urgency: 'normal' } },
      { text: 'The lounge coffee machine is broken', expected: { topics: ['emergent:lounge coffee'] } },
      { text: 'Refund still not here', expected: { topics: ['billing_refund'], sentiment: 'negative' } },
    ]);
    // Act
    const { rows, leftOut } = readCorrections(path);
    // Assess: nothing is dropped; the model learns which default topics each row is (not) about
    expect(rows.map((r) => r.topics)).toEqual([['billing_refund'], [], [], ['billing_refund']]);
    expect(rows[1]?.urgency).toBe('normal');
    expect([...leftOut]).toEqual([
      ['seat_wifi', 2],
      ['emergent:lounge coffee', 1],
    ]);
  });

  it('says how many topic labels were left out and which, or nothing when all are default topics', () => {
    // Act
    const note = describeLeftOut(
      new Map([
        ['emergent:lounge coffee', 1],
        ['seat_wifi', 2],
      ]),
    );
    // Assess
    expect(note).toMatch(/^3 topic label\(s\) outside Koe's default taxonomy left out of the topic model/);
    expect(note).toContain('seat_wifi ×2, emergent:lounge coffee ×1');
    expect(describeLeftOut(new Map())).toBe('');
  });

  it.each([
    [['Late Flight!'], /:1: expected.topics 'Late Flight!' is not a topic id/],
    [['emergent:'], /:1: expected.topics 'emergent:' is not a topic id/],
    [[42], /:1: expected.topics '42' is not a topic id/],
  ])('a malformed topic id %j is still an error naming the line', (topics, message) => {
    // Prepare
    const path = file([{ text: 'late again', expected: { topics } }]);
    // Act / Assess
    expect(() => readCorrections(path)).toThrow(message);
  });
});
