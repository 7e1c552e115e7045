import { ConflictError } from '../errors.js';
import { type Period, parsePeriodKey, periodOf, previousPeriod } from '../rollups/periods.js';
import type { DeliveryRecord, DeliveryStore, DigestRenderer, Mailer, OutgoingEmail } from './delivery-ports.js';
import type { DigestRequest } from './digest.js';
import { granularityOf, type Subscription } from './subscription.js';

/** What delivering a digest needs. */
export interface DeliverDeps {
  render: DigestRenderer;
  mailer: Mailer;
  deliveries: DeliveryStore;
  now: () => Date;
  /** The sender, e.g. `Koe <digests@example.com>`. */
  from: string;
  dashboardUrl?: string | undefined;
  /** Waits between attempts within one run (tests pass an instant one). */
  sleep?: (ms: number) => Promise<void>;
  /** Attempts within one run and the first backoff; later runs retry what is still failed. */
  retry?: RetryPolicy;
}

/** How often and how patiently a digest is retried. */
export interface RetryPolicy {
  /** Send attempts within one call (each backs off 4x longer than the last). */
  attemptsPerRun: number;
  backoffMs: number;
  /** Attempts in all, across runs; after that a failed digest stays failed and is not retried. */
  maxAttempts: number;
  /** When a later run may retry a digest that failed every attempt of this one. */
  retryAfterMs: number;
  /** A `pending` claim older than this is taken to be a crashed attempt and may be claimed again. */
  leaseMs: number;
}

/** Three tries a run, a few seconds apart; then once an hour (the job's rhythm), nine tries in all. */
export const DEFAULT_RETRY: RetryPolicy = {
  attemptsPerRun: 3,
  backoffMs: 1_000,
  maxAttempts: 9,
  retryAfterMs: 55 * 60_000,
  leaseMs: 10 * 60_000,
};

/** How one digest ended: `sent` and `skipped` are new this call, `alreadyDone` found it done before. */
export interface DeliveryOutcome {
  subscriptionId: string;
  period: string;
  status: 'sent' | 'skipped' | 'failed' | 'alreadyDone' | 'busy';
  attempts: number;
  record: DeliveryRecord;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// Errors from mail servers quote addresses; delivery records and logs keep none.
const scrub = (message: string): string =>
  message.replace(/[^\s@<>"'(),;:]+@[^\s@<>"'(),;:]+/g, '[EMAIL]').slice(0, 500);

const domainOf = (from: string): string => /@([^\s>]+)/.exec(from)?.[1] ?? 'koe.local';

/** The period a digest due at `dueAt` reports: the last complete day, week or month in the subscription's zone. */
export const reportPeriodAt = (subscription: Subscription, dueAt: Date): Period =>
  previousPeriod(periodOf(dueAt, granularityOf(subscription.period), subscription.timezone));

/** The period of the subscription's granularity that holds local date `date` (YYYY-MM-DD) in its zone. */
export const reportPeriodOfDate = (subscription: Subscription, date: string): Period =>
  periodOf(
    parsePeriodKey(date, subscription.timezone).start,
    granularityOf(subscription.period),
    subscription.timezone,
  );

/** The content request for one subscription and period. */
export const digestRequestOf = (subscription: Subscription, period: Period, dashboardUrl?: string): DigestRequest => ({
  language: subscription.language,
  period,
  ...(subscription.filters ? { filters: subscription.filters } : {}),
  ...(subscription.targets ? { targets: subscription.targets } : {}),
  ...(dashboardUrl ? { dashboardUrl } : {}),
});

/**
 * Renders and sends one digest at most once per (subscription, period): a claim on the delivery row
 * comes first, so a rerun after a success sends nothing and a retry after a failure sends again.
 * Failed sends are retried with backoff, each attempt recorded; `force` resends a sent digest.
 */
export const deliverDigest = async (
  subscription: Subscription,
  period: Period,
  deps: DeliverDeps,
  options: { force?: boolean | undefined } = {},
): Promise<DeliveryOutcome> => {
  const policy = deps.retry ?? DEFAULT_RETRY;
  const sleep = deps.sleep ?? sleepFor;
  const outcome = (status: DeliveryOutcome['status'], record: DeliveryRecord): DeliveryOutcome => ({
    subscriptionId: subscription.id,
    period: period.key,
    status,
    attempts: record.attempts,
    record,
  });

  let email: OutgoingEmail | undefined;
  let empty = false;
  for (let attempt = 1; ; attempt++) {
    const claim = await deps.deliveries.claim(subscription.id, period, {
      now: deps.now(),
      leaseMs: policy.leaseMs,
      force: options.force && attempt === 1,
    });
    if (claim.outcome === 'done') return outcome('alreadyDone', claim.record);
    if (claim.outcome === 'busy') return outcome('busy', claim.record);
    const record = claim.record;
    try {
      if (!email) {
        const digest = await deps.render(digestRequestOf(subscription, period, deps.dashboardUrl));
        empty = digest.empty;
        email = {
          from: deps.from,
          to: subscription.recipients,
          subject: digest.subject,
          html: digest.html,
          text: digest.text,
          images: digest.images,
          // Stable per digest: a forced resend threads with (and can be told from) the first.
          messageId: `<digest.${subscription.id}.${period.key}@${domainOf(deps.from)}>`,
          headers: { 'X-Koe-Subscription': subscription.id, 'X-Koe-Period': period.key },
          name: `${subscription.id}-${period.key}-${record.attempts}`,
        };
      }
      if (empty && subscription.skipEmpty) {
        return outcome('skipped', await deps.deliveries.complete(record, { status: 'skipped', reason: 'no feedback' }));
      }
      const sent = await deps.mailer.send({ ...email, name: `${subscription.id}-${period.key}-${record.attempts}` });
      const done = await deps.deliveries.complete(record, {
        status: 'sent',
        sentAt: deps.now().toISOString(),
        messageId: sent.messageId,
      });
      return outcome('sent', done);
    } catch (error) {
      if (error instanceof ConflictError) throw error; // our claim was lost: someone else owns this digest
      const message = scrub(error instanceof Error ? error.message : String(error));
      const inRun = attempt < policy.attemptsPerRun && record.attempts < policy.maxAttempts;
      const later = record.attempts < policy.maxAttempts;
      const failed = await deps.deliveries.fail(record, {
        error: message,
        // In-run retries claim again at once; otherwise a later run picks it up, until maxAttempts.
        ...(inRun ? { nextAttemptAt: deps.now().toISOString() } : {}),
        ...(!inRun && later
          ? { nextAttemptAt: new Date(deps.now().getTime() + policy.retryAfterMs).toISOString() }
          : {}),
      });
      if (!inRun) return outcome('failed', failed);
      await sleep(policy.backoffMs * 4 ** (attempt - 1));
    }
  }
};
