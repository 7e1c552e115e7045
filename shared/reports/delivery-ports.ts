/**
 * Ports of digest delivery: where subscriptions and delivery records live, how a digest is rendered
 * (the content side, shared/reports/digest.ts) and how an e-mail leaves (SES, or the local outbox/SMTP).
 */
import type { Period } from '../rollups/periods.js';
import type { Digest, DigestImage, DigestRequest } from './digest.js';
import type { Subscription } from './subscription.js';

/** Storage of subscriptions. */
export interface SubscriptionStore {
  /** Stores a new subscription; ConflictError if the id exists. */
  create(subscription: Subscription): Promise<void>;
  get(id: string): Promise<Subscription | undefined>;
  /** Every subscription, newest first. */
  list(): Promise<Subscription[]>;
  /** Replaces a subscription; returns undefined when there is none with its id. */
  replace(subscription: Subscription): Promise<Subscription | undefined>;
  /** Deletes a subscription and its delivery records; false when there was none. */
  delete(id: string): Promise<boolean>;
}

/** The state of one digest: one per (subscription, period). */
export type DeliveryStatus = 'pending' | 'sent' | 'failed' | 'skipped';

/** The record that makes a digest idempotent: one row per (subscription, period). */
export interface DeliveryRecord {
  subscriptionId: string;
  /** Period key (`2026-11-22`, `2026-W47`, `2026-11`) in the subscription's time zone. */
  period: string;
  periodStart: string;
  status: DeliveryStatus;
  /** Send attempts so far (each claim counts one). */
  attempts: number;
  /** When the latest attempt was claimed; a `pending` row older than the lease is a crashed attempt. */
  claimedAt: string;
  sentAt?: string;
  /** The mailer's message id (SES MessageId, or the .eml file name locally). */
  messageId?: string;
  /** The latest failure, without addresses. */
  lastError?: string;
  /** `skipped`: why (an empty period with skipEmpty). */
  reason?: string;
  /** A failed delivery is retried by a later run at or after this time. */
  nextAttemptAt?: string;
}

/** How a claim ended: `claimed` may send; the others must not. */
export type ClaimResult =
  | { outcome: 'claimed'; record: DeliveryRecord }
  | { outcome: 'done'; record: DeliveryRecord }
  | { outcome: 'busy'; record: DeliveryRecord };

/** Storage of delivery records, with the conditional writes that make sending idempotent. */
export interface DeliveryStore {
  /**
   * Claims the right to send one digest: creates the row as `pending`, or moves a `failed` one (or a
   * `pending` one whose lease ran out) back to `pending` with attempts + 1. `force` claims a `sent` or
   * `skipped` row too (an explicit resend). Never two claims at once.
   */
  claim(
    subscriptionId: string,
    period: Period,
    options: { now: Date; leaseMs: number; force?: boolean | undefined },
  ): Promise<ClaimResult>;
  /** Marks the claimed attempt sent (or skipped); only the holder of `attempts` may. */
  complete(
    record: DeliveryRecord,
    outcome: { status: 'sent'; sentAt: string; messageId: string } | { status: 'skipped'; reason: string },
  ): Promise<DeliveryRecord>;
  /** Marks the claimed attempt failed, to be retried from `nextAttemptAt`. */
  fail(record: DeliveryRecord, failure: { error: string; nextAttemptAt?: string }): Promise<DeliveryRecord>;
  /** The latest deliveries of a subscription, newest period first. */
  recent(subscriptionId: string, limit: number): Promise<DeliveryRecord[]>;
  /** Failed deliveries whose retry time has come. */
  retryable(now: Date): Promise<DeliveryRecord[]>;
}

/** Remembers when the scheduled job last ran, so each run covers the time since. */
export interface JobCursor {
  lastRun(job: string): Promise<Date | undefined>;
  /** Moves the cursor forward (never back). */
  advance(job: string, to: Date): Promise<void>;
}

/** An e-mail ready to leave: one digest for every recipient of its subscription. */
export interface OutgoingEmail {
  from: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  images: DigestImage[];
  /** Stable Message-ID (`<…@…>`), so a mail client can tell a resend from a new digest. */
  messageId: string;
  /** Extra headers, e.g. X-Koe-Subscription. */
  headers?: Record<string, string>;
  /** Name for the local .eml file (no extension). */
  name: string;
}

/** Sends e-mail; throws when the message was not accepted. */
export interface Mailer {
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
}

/** Renders one digest (the content side: gatherDigest + renderDigest). */
export type DigestRenderer = (request: DigestRequest) => Promise<Digest>;
