import type { Analysis, PiiType, Ratings, UrgencyLevel } from '../analysis/types.js';

/** Where a comment came from. */
export const CHANNELS = ['survey', 'chat', 'email', 'review', 'social', 'call', 'form', 'interview', 'other'] as const;
/** One channel. */
export type Channel = (typeof CHANNELS)[number];

/** Customer journey stages a comment can be tagged with. */
export const JOURNEY_STAGES = [
  'awareness',
  'interest',
  'consideration',
  'purchase',
  'use',
  'support',
  'advocacy',
] as const;
/** One journey stage. */
export type JourneyStage = (typeof JOURNEY_STAGES)[number];

/** Analysis lifecycle of a stored item. */
export type FeedbackStatus = 'queued' | 'analyzed' | 'failed';

/** Triage lifecycle of an item in the urgency queue. */
export type TriageStatus = 'open' | 'acknowledged' | 'resolved';

/** One comment as accepted by the API, after validation and before redaction. */
export interface FeedbackInput {
  text: string;
  source: string;
  externalId?: string;
  channel: Channel;
  journeyStage?: JourneyStage;
  language?: string;
  ratings?: Ratings;
  customer?: { id?: string; tier?: string };
  occurredAt: string;
  metadata?: Record<string, string>;
}

/** A stored comment: redacted text, context, and its analysis once done. */
export interface FeedbackItem {
  id: string;
  kind: 'comment' | 'transcript';
  source: string;
  externalId?: string;
  channel: Channel;
  journeyStage?: JourneyStage;
  languageHint?: string;
  /** Redacted text; the raw text is never stored. */
  text: string;
  /** Personal data found and removed at ingest, by type. */
  redacted: Partial<Record<PiiType, number>>;
  ratings?: Ratings;
  customer?: { id?: string; tier?: string };
  metadata?: Record<string, string>;
  occurredAt: string;
  receivedAt: string;
  /** Bumped on every content change; analysis records which revision it saw. */
  revision: number;
  /** Hash of the redacted content, to tell a redelivery from an update. */
  contentHash: string;
  status: FeedbackStatus;
  analysis?: Analysis;
  analyzedRevision?: number;
  analyzedAt?: string;
  failure?: string;
  triage: TriageState;
}

/** Where an item stands in the managers' urgency queue. */
export interface TriageState {
  status: TriageStatus;
  /** Effective level: the analyzer's, or a manager's override. */
  level?: UrgencyLevel;
  score?: number;
  assignee?: string;
  acknowledgedAt?: string;
  resolvedAt?: string;
}
