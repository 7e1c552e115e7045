import { describe, expect, it } from 'vitest';
import { ConflictError, ValidationError } from '../../../shared/errors.js';
import type { FeedbackItem, TriageState } from '../../../shared/feedback/model.js';
import { decideTriageChange, mergeHistory, parseTriageCommand } from '../../../shared/triage/actions.js';
import { triageAfterAnalysis } from '../../../shared/triage/effective.js';
import { DEFAULT_SLA } from '../../../shared/triage/sla.js';
import { analysisOf, itemOf } from '../../support/analysis-fixture.js';

const NOW = new Date('2026-11-22T09:30:00.000Z');
const alice = { name: 'alice', keyId: 'key_a' };
const bob = { name: 'bob', keyId: 'key_b' };

/** An analyzed item with the given triage state on top of the analyzer's. */
const analyzed = (triage: Partial<TriageState> = {}): FeedbackItem => {
  const item = itemOf('I was charged twice.', `k-${Math.random()}`);
  const analysis = analysisOf('high', { score: 70 });
  return {
    ...item,
    status: 'analyzed',
    analysis,
    triage: { ...triageAfterAnalysis(item.triage, analysis, item.receivedAt, DEFAULT_SLA), ...triage },
  };
};

const decide = (item: FeedbackItem, action: string, body: unknown = {}, actor = alice) =>
  decideTriageChange(item, parseTriageCommand(action, body), actor, NOW, DEFAULT_SLA);

describe('decideTriageChange', () => {
  it('claims an unassigned item for the caller and records who, when, from and to', () => {
    // Prepare
    const item = analyzed();
    // Act
    const change = decide(item, 'claim');
    // Assess
    expect(change?.next.assignee).toBe('alice');
    expect(change?.next.version).toBe((item.triage.version ?? 0) + 1);
    expect(change?.entry).toEqual({
      at: NOW.toISOString(),
      actor: 'alice',
      keyId: 'key_a',
      action: 'claim',
      from: { assignee: null },
      to: { assignee: 'alice' },
      version: change?.next.version,
    });
    expect(change?.next.lastChange).toEqual(change?.entry);
  });

  it('treats a repeated claim by the same person as no change, and refuses a claim on someone else’s item', () => {
    const mine = analyzed({ assignee: 'alice' });
    expect(decide(mine, 'claim')).toBeUndefined();
    expect(() => decide(mine, 'claim', {}, bob)).toThrow(/already assigned to alice/);
    expect(() => decide(mine, 'claim', {}, bob)).toThrow(ConflictError);
  });

  it('acknowledges only an open item and stamps acknowledgedAt', () => {
    const change = decide(analyzed(), 'acknowledge');
    expect(change?.next).toMatchObject({ status: 'acknowledged', acknowledgedAt: NOW.toISOString() });
    expect(change?.entry).toMatchObject({ from: { status: 'open' }, to: { status: 'acknowledged' } });
    expect(() => decide(analyzed({ status: 'acknowledged' }), 'acknowledge')).toThrow(/only an open item/);
    expect(() => decide(analyzed({ status: 'resolved' }), 'acknowledge')).toThrow(ConflictError);
  });

  it('resolves an open or acknowledged item once, keeping the note', () => {
    const fromOpen = decide(analyzed(), 'resolve', { note: 'refunded' });
    const fromAck = decide(analyzed({ status: 'acknowledged' }), 'resolve');
    expect(fromOpen?.next).toMatchObject({ status: 'resolved', resolvedAt: NOW.toISOString(), resolution: 'refunded' });
    expect(fromOpen?.entry.reason).toBe('refunded');
    expect(fromAck?.entry.from).toEqual({ status: 'acknowledged' });
    expect(() => decide(analyzed({ status: 'resolved' }), 'resolve')).toThrow(/cannot be resolved again/);
  });

  it('refuses claim and assign on a resolved item', () => {
    const done = analyzed({ status: 'resolved' });
    expect(() => decide(done, 'claim')).toThrow(ConflictError);
    expect(() => decide(done, 'assign', { assignee: 'bob' })).toThrow(ConflictError);
  });

  it('assigns and unassigns, and ignores an assignment that changes nothing', () => {
    const item = analyzed({ assignee: 'alice' });
    expect(decide(item, 'assign', { assignee: 'bob' })?.entry).toMatchObject({
      from: { assignee: 'alice' },
      to: { assignee: 'bob' },
    });
    expect(decide(item, 'assign', { assignee: null })?.next.assignee).toBeUndefined();
    expect(decide(item, 'assign', { assignee: 'alice' })).toBeUndefined();
  });

  it('overrides the level, moves dueAt to the new SLA, and stores the override with its reason', () => {
    // Prepare
    const item = analyzed();
    // Act
    const change = decide(item, 'override', { level: 'critical', topics: ['delivery'], reason: 'customer is injured' });
    // Assess
    expect(change?.next.level).toBe('critical');
    expect(change?.next.dueAt).toBe('2026-11-22T10:00:00.000Z'); // received 09:00 + 60 min
    expect(change?.next.topics).toEqual(['delivery']);
    expect(change?.next.override).toMatchObject({
      level: 'critical',
      topics: ['delivery'],
      reason: 'customer is injured',
      by: 'alice',
    });
    expect(change?.entry).toMatchObject({
      action: 'override',
      from: { level: 'high', topics: ['billing'] },
      to: { level: 'critical', topics: ['delivery'] },
      reason: 'customer is injured',
    });
  });

  it('refuses an override before analysis', () => {
    const queued = itemOf('not analyzed yet', 'q-1');
    expect(() => decide(queued, 'override', { level: 'low', reason: 'noise' })).toThrow(/not analyzed yet/);
  });
});

describe('parseTriageCommand', () => {
  it('requires a reason and at least one label for an override, naming the fields', () => {
    const noReason = () => parseTriageCommand('override', { level: 'low' });
    const nothing = () => parseTriageCommand('override', { reason: 'why' });
    expect(noReason).toThrow(ValidationError);
    try {
      noReason();
    } catch (error) {
      expect((error as ValidationError).issues.map((i) => i.path)).toContain('reason');
    }
    expect(nothing).toThrow(/Invalid override/);
  });

  it('refuses topic ids that are neither a taxonomy topic nor a discovered theme, naming them', () => {
    // Prepare
    const typo = () => parseTriageCommand('override', { topics: ['delivery', 'delivry'], reason: 'r' });
    // Act
    const known = parseTriageCommand('override', { topics: ['delivery', 'emergent:legroom'], reason: 'r' });
    // Assess
    expect(known).toMatchObject({ topics: ['delivery', 'emergent:legroom'] });
    expect(typo).toThrow(ValidationError);
    try {
      typo();
    } catch (error) {
      expect((error as ValidationError).issues).toEqual([
        { path: 'topics.1', message: expect.stringMatching(/unknown topic 'delivry'/) },
      ]);
    }
  });

  it('refuses unknown fields and unknown levels', () => {
    expect(() => parseTriageCommand('claim', { assignee: 'x' })).toThrow(ValidationError);
    expect(() => parseTriageCommand('override', { level: 'urgent', reason: 'r' })).toThrow(ValidationError);
  });
});

describe('triageAfterAnalysis', () => {
  it('keeps an override over a later analysis, and recomputes dueAt from the effective level', () => {
    // Prepare
    const current: TriageState = {
      status: 'acknowledged',
      level: 'low',
      assignee: 'alice',
      version: 4,
      override: {
        level: 'low',
        topics: ['praise'],
        sentiment: 'positive',
        reason: 'sarcasm misread',
        by: 'alice',
        at: 'x',
      },
    };
    // Act
    const next = triageAfterAnalysis(
      current,
      analysisOf('critical', { score: 95 }),
      '2026-11-22T09:00:00.000Z',
      DEFAULT_SLA,
    );
    // Assess
    expect(next).toMatchObject({
      status: 'acknowledged',
      level: 'low',
      topics: ['praise'],
      sentiment: 'positive',
      assignee: 'alice',
      score: 95,
      version: 5,
    });
    expect(next.dueAt).toBeUndefined(); // low has no SLA
  });
});

describe('mergeHistory', () => {
  it('shows the latest change when its audit copy is missing, once', () => {
    const entry = { at: 'a', actor: 'alice', action: 'claim' as const, from: {}, to: {}, version: 2 };
    const older = { ...entry, version: 1 };
    expect(mergeHistory([older], entry)).toEqual([older, entry]);
    expect(mergeHistory([older, entry], entry)).toEqual([older, entry]);
  });
});
