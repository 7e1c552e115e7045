import type { Analysis, SentimentLabel, UrgencyLevel } from '../../../shared/analysis/types.js';
import { definedOnly } from '../../../shared/defined-only.js';
import type { Channel, FeedbackItem, TriageState, TriageStatus } from '../../../shared/feedback/model.js';

/** What a test says about one raw item; the rest is filled in as ingest + analyze would. */
export interface RawSpec {
  id: string;
  occurredAt: string;
  channel?: Channel;
  source?: string;
  tier?: string;
  nps?: number | undefined;
  csat?: number | undefined;
  label?: SentimentLabel;
  score?: number;
  topics?: string[];
  phrases?: string[];
  level?: UrgencyLevel;
  status?: TriageStatus;
  /** Minutes from receipt to acknowledgement / resolution. */
  ackMinutes?: number;
  resolveMinutes?: number;
  analyzed?: boolean;
}

/** A stored, analyzed item as ingest and the analyze consumer leave it. */
export const rawItem = (s: RawSpec): FeedbackItem => {
  const label = s.label ?? 'neutral';
  const analysis: Analysis = {
    language: { code: 'en', confidence: 1 },
    sentiment: { label, score: s.score ?? 0, confidence: 0.9, sentences: [] },
    keyPhrases: s.phrases ?? [],
    topics: (s.topics ?? []).map((topic) => ({ topic, sentiment: { label, score: s.score ?? 0 }, evidence: [] })),
    urgency: { level: s.level ?? 'normal', score: 40, reasons: [] },
    pii: {},
    analyzer: { name: 'test', version: '1' },
  };
  const at = (minutes?: number) =>
    minutes === undefined ? undefined : new Date(Date.parse(s.occurredAt) + minutes * 60_000).toISOString();
  const analyzed = s.analyzed ?? true;
  return {
    id: s.id,
    kind: 'comment',
    source: s.source ?? 'test',
    channel: s.channel ?? 'chat',
    text: 'redacted text',
    redacted: {},
    ...(s.nps !== undefined || s.csat !== undefined
      ? {
          ratings: {
            ...(s.nps !== undefined ? { nps: s.nps } : {}),
            ...(s.csat !== undefined ? { csat: s.csat } : {}),
          },
        }
      : {}),
    ...(s.tier ? { customer: { tier: s.tier } } : {}),
    occurredAt: s.occurredAt,
    receivedAt: s.occurredAt,
    revision: 1,
    contentHash: 'h',
    status: analyzed ? 'analyzed' : 'queued',
    ...(analyzed ? { analysis, analyzedRevision: 1, analyzedAt: s.occurredAt } : {}),
    triage: {
      status: s.status ?? 'open',
      ...(analyzed ? { level: s.level ?? 'normal', score: 40 } : {}),
      ...definedOnly<Pick<TriageState, 'acknowledgedAt' | 'resolvedAt'>>({
        acknowledgedAt: at(s.ackMinutes),
        resolvedAt: at(s.resolveMinutes),
      }),
    },
  };
};
