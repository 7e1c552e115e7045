import type { Analysis, PiiType, Ratings, SentimentLabel, UrgencyLevel } from '../analysis/types.js';
import type { ConversationAnalysis, StoredTurn } from '../transcripts/model.js';
import type { Channel, JourneyStage } from './channels.js';

export { CHANNELS, type Channel, JOURNEY_STAGES, type JourneyStage } from './channels.js';

/** Analysis lifecycle of a stored item. */
export type FeedbackStatus = 'queued' | 'analyzed' | 'failed';

/** Triage lifecycle of an item in the urgency queue. */
export const TRIAGE_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
/** One triage status. */
export type TriageStatus = (typeof TRIAGE_STATUSES)[number];

/** One comment as accepted by the API, after validation and before redaction. */
export interface FeedbackInput {
  text: string;
  source: string;
  externalId?: string | undefined;
  channel: Channel;
  journeyStage?: JourneyStage | undefined;
  language?: string | undefined;
  ratings?: Ratings | undefined;
  customer?: { id?: string | undefined; tier?: string | undefined } | undefined;
  occurredAt: string;
  metadata?: Record<string, string> | undefined;
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
  /** Redacted text; the raw text is never stored. A transcript's turns, one per line, `Role: text`. */
  text: string;
  /** Transcripts: the turns, each a span of `text` (see shared/transcripts/model.ts). */
  turns?: StoredTurn[];
  /** Personal data found and removed at ingest, by type. */
  redacted: Partial<Record<PiiType, number>>;
  ratings?: Ratings;
  customer?: { id?: string | undefined; tier?: string | undefined };
  metadata?: Record<string, string>;
  occurredAt: string;
  receivedAt: string;
  /** Bumped on every content change; analysis records which revision it saw. */
  revision: number;
  /** Hash of the redacted content, to tell a redelivery from an update. */
  contentHash: string;
  status: FeedbackStatus;
  analysis?: ItemAnalysis;
  analyzedRevision?: number;
  analyzedAt?: string;
  failure?: string;
  triage: TriageState;
  /** Lease taken before sending the on-duty alert (cleared if sending fails). */
  alertedAt?: string;
  /** When the on-duty alert was delivered; set once, never cleared. */
  alertSentAt?: string;
}

/** A stored analysis: a comment's, or a transcript's with its conversation-level part. */
export type ItemAnalysis = Analysis & { conversation?: ConversationAnalysis };

/** Where an item stands in the managers' urgency queue. */
export interface TriageState {
  status: TriageStatus;
  /** Effective level: the analyzer's, or a manager's override. */
  level?: UrgencyLevel;
  score?: number;
  /** undefined in an update: unassigned. */
  assignee?: string | undefined;
  acknowledgedAt?: string;
  resolvedAt?: string;
  /** receivedAt + the SLA of the effective level; absent for levels without an SLA. */
  /** undefined in an update: no due date any more (the level has none). */
  dueAt?: string | undefined;
  /** Effective topic ids (the analyzer's, or an override), flat so the queue can filter on them. */
  topics?: string[];
  /** Effective sentiment label (the analyzer's, or an override). */
  sentiment?: SentimentLabel;
  /** Note given when resolving. */
  resolution?: string;
  /** A manager's correction; wins over any later re-analysis. */
  override?: TriageOverride;
  /** Bumped by every triage change; the compare-and-set guard against lost updates. */
  version?: number;
  /** The latest change, written atomically with it; copied to the audit trail afterwards. */
  lastChange?: AuditEntry;
}

/** A manager's correction of the analyzer's labels. */
export interface TriageOverride {
  level?: UrgencyLevel;
  topics?: string[];
  sentiment?: SentimentLabel;
  reason: string;
  by: string;
  at: string;
}

/** Triage actions that are recorded in the audit trail. */
export type TriageAction = 'claim' | 'assign' | 'acknowledge' | 'resolve' | 'override';

/** One entry of an item's audit trail: who changed what, when, from what to what, and why. */
export interface AuditEntry {
  at: string;
  /** The API key's name. */
  actor: string;
  keyId?: string;
  action: TriageAction;
  from: Record<string, unknown>;
  to: Record<string, unknown>;
  reason?: string;
  /** triage.version after this change; orders entries with the same timestamp. */
  version: number;
}
