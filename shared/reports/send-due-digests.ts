import { NotFoundError } from '../errors.js';
import { mapLimit } from '../map-limit.js';
import { type Period, parsePeriodKey } from '../rollups/periods.js';
import { type Cron, nextRun, parseCron } from '../scheduling/cron.js';
import {
  type DeliverDeps,
  type DeliveryOutcome,
  deliverDigest,
  reportPeriodAt,
  reportPeriodOfDate,
} from './deliver-digest.js';
import type { JobCursor, SubscriptionStore } from './delivery-ports.js';
import { granularityOf, type Subscription } from './subscription.js';

/** The scheduled job's dependencies. */
export interface SendDueDeps extends DeliverDeps {
  subscriptions: SubscriptionStore;
  cursor: JobCursor;
  /** How far back a first run, or a run after a long outage, looks for due schedules. */
  catchUpMs?: number;
  /** Digests rendered and sent at once. */
  concurrency?: number;
}

/** The cursor name of the digest job. */
export const REPORTS_JOB = 'reports';

const HOUR_MS = 3_600_000;
/** A first run covers the hour before it (the job is hourly); an outage is caught up for at most a week. */
const FIRST_RUN_MS = HOUR_MS;
const MAX_CATCH_UP_MS = 7 * 24 * HOUR_MS;

/** The instants in (after, until] at which `cron` fires in `timezone`, oldest first. */
export const firesBetween = (cron: Cron, after: Date, until: Date, timezone: string): Date[] => {
  const out: Date[] = [];
  for (let at = nextRun(cron, after, timezone); at && at <= until; at = nextRun(cron, at, timezone)) out.push(at);
  return out;
};

/**
 * The digests due in (after, until]: per subscription, each distinct period its schedule fired for since the
 * subscription was created (a subscription made at 09:30 for 09:00 gets its first digest the next day, not one
 * for the fire it never saw).
 */
export const dueDigests = (
  subscriptions: Subscription[],
  after: Date,
  until: Date,
): Array<{ subscription: Subscription; period: Period; dueAt: Date }> =>
  subscriptions.flatMap((subscription) => {
    const byPeriod = new Map<string, { subscription: Subscription; period: Period; dueAt: Date }>();
    const from = new Date(Math.max(after.getTime(), Date.parse(subscription.createdAt) || 0));
    for (const dueAt of firesBetween(parseCron(subscription.schedule), from, until, subscription.timezone)) {
      const period = reportPeriodAt(subscription, dueAt);
      if (!byPeriod.has(period.key)) byPeriod.set(period.key, { subscription, period, dueAt });
    }
    return [...byPeriod.values()];
  });

/** A short account of one run: counts and outcomes by subscription and period, never content or addresses. */
export interface SendDueResult {
  window: { after: string; until: string };
  due: number;
  retried: number;
  outcomes: Array<Pick<DeliveryOutcome, 'subscriptionId' | 'period' | 'status' | 'attempts'>>;
}

/**
 * The hourly digest job: sends every digest whose subscription schedule fired since the last run (in the
 * subscription's own time zone), retries failed ones whose time has come, then moves the cursor.
 * Idempotent per (subscription, period), so a rerun of the same window sends nothing twice.
 */
export const sendDueDigests = async (runAt: Date, deps: SendDueDeps): Promise<SendDueResult> => {
  const last = await deps.cursor.lastRun(REPORTS_JOB);
  const floor = runAt.getTime() - (deps.catchUpMs ?? MAX_CATCH_UP_MS);
  const after = new Date(last ? Math.max(last.getTime(), floor) : runAt.getTime() - FIRST_RUN_MS);
  const subscriptions = await deps.subscriptions.list();
  const due = dueDigests(subscriptions, after, runAt);

  const seen = new Set(due.map((d) => `${d.subscription.id}\u0000${d.period.key}`));
  const byId = new Map(subscriptions.map((s) => [s.id, s]));
  const retries = (await deps.deliveries.retryable(runAt)).flatMap((record) => {
    const subscription = byId.get(record.subscriptionId);
    if (!subscription || seen.has(`${record.subscriptionId}\u0000${record.period}`)) return [];
    try {
      return [{ subscription, period: reportPeriodOfKey(subscription, record.period) }];
    } catch {
      return []; // the subscription changed period or zone since; its old digest is not retried
    }
  });

  const work = [...due, ...retries];
  const outcomes = await mapLimit(work, deps.concurrency ?? 4, ({ subscription, period }) =>
    deliverDigest(subscription, period, deps),
  );
  if (runAt > (last ?? new Date(0))) await deps.cursor.advance(REPORTS_JOB, runAt);
  return {
    window: { after: after.toISOString(), until: runAt.toISOString() },
    due: due.length,
    retried: retries.length,
    outcomes: outcomes.map(({ subscriptionId, period, status, attempts }) => ({
      subscriptionId,
      period,
      status,
      attempts,
    })),
  };
};

// A stored period key read back in the subscription's current zone; throws if its granularity changed since.
const reportPeriodOfKey = (subscription: Subscription, key: string): Period => {
  const period = parsePeriodKey(key, subscription.timezone);
  if (period.granularity !== granularityOf(subscription.period)) {
    throw new Error(`period ${key} no longer matches subscription ${subscription.id}`);
  }
  return period;
};

/** Sends one digest now (`koe report --send`): the period holding `date`, else the last complete one. */
export const sendDigestNow = async (
  input: { subscriptionId: string; date?: string | undefined; force?: boolean | undefined },
  deps: DeliverDeps & { subscriptions: SubscriptionStore },
): Promise<DeliveryOutcome> => {
  const subscription = await deps.subscriptions.get(input.subscriptionId);
  if (!subscription) throw new NotFoundError(`No subscription with id '${input.subscriptionId}'`);
  const period = input.date ? reportPeriodOfDate(subscription, input.date) : reportPeriodAt(subscription, deps.now());
  // A manual send retries within the request but does not wait for the hourly job.
  return deliverDigest(subscription, period, deps, { force: input.force });
};
