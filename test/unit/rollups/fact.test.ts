import { describe, expect, it } from 'vitest';
import type { Analysis } from '../../../shared/analysis/types.js';
import type { FeedbackItem } from '../../../shared/feedback/model.js';
import { toRollupFact } from '../../../shared/rollups/fact.js';

const analysis: Analysis = {
  language: { code: 'en', confidence: 1 },
  sentiment: { label: 'negative', score: -0.123456, confidence: 0.9, sentences: [] },
  keyPhrases: ['late parcel', 'refund', 'late parcel', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'],
  topics: [
    { topic: 'delivery', sentiment: { label: 'negative', score: -0.8 }, evidence: [] },
    { topic: 'delivery', sentiment: { label: 'positive', score: 0.5 }, evidence: [] },
    { topic: 'billing', sentiment: { label: 'neutral', score: 0 }, evidence: [] },
  ],
  urgency: { level: 'high', score: 70, reasons: [] },
  pii: {},
  analyzer: { name: 'test', version: '1' },
};

const item = (over: Partial<FeedbackItem> = {}): FeedbackItem => ({
  id: 'i-1',
  kind: 'comment',
  source: 'zendesk',
  channel: 'chat',
  text: 'redacted',
  redacted: {},
  occurredAt: '2026-11-22T01:00:00.000Z',
  receivedAt: '2026-11-22T02:00:00.000Z',
  revision: 1,
  contentHash: 'h',
  status: 'analyzed',
  analysis,
  triage: { status: 'open' },
  ...over,
});

describe('toRollupFact', () => {
  it('keeps what roll-ups need: first topic mention, rounded scores, durations', () => {
    // Prepare
    const analyzed = item({
      journeyStage: 'support',
      customer: { id: 'c', tier: 'enterprise' },
      ratings: { nps: 3, csat: 2, ces: 6 },
      triage: {
        status: 'resolved',
        level: 'critical',
        acknowledgedAt: '2026-11-22T02:30:00.000Z',
        resolvedAt: '2026-11-23T02:00:00.000Z',
      },
    });
    // Act
    const fact = toRollupFact(analyzed);
    // Assess
    expect(fact).toEqual({
      id: 'i-1',
      occurredAt: '2026-11-22T01:00:00.000Z',
      channel: 'chat',
      source: 'zendesk',
      journeyStage: 'support',
      customerTier: 'enterprise',
      ratings: { nps: 3, csat: 2, ces: 6 },
      sentiment: { label: 'negative', score: -0.1235 },
      topics: [
        { topic: 'delivery', label: 'negative', score: -0.8 },
        { topic: 'billing', label: 'neutral', score: 0 },
      ],
      urgency: 'critical',
      triageStatus: 'resolved',
      acknowledgeSeconds: 1800,
      resolveSeconds: 86_400,
    });
  });

  it('leaves analysis out of items not analyzed yet, and drops ratings off their scales', () => {
    // Prepare
    const queued = item({ status: 'queued', ratings: { nps: 11, csat: 4.5, ces: 0 } });
    // Act
    const fact = toRollupFact(queued);
    // Assess
    expect(fact.sentiment).toBeUndefined();
    expect(fact.topics).toEqual([]);
    expect(fact.ratings).toEqual({});
  });

  it('clamps an acknowledgement stamped before receipt to zero', () => {
    // Act
    const fact = toRollupFact(item({ triage: { status: 'acknowledged', acknowledgedAt: '2026-11-22T01:59:59.000Z' } }));
    // Assess
    expect(fact.acknowledgeSeconds).toBe(0);
    expect(fact.resolveSeconds).toBeUndefined();
  });
});
