import { type SendDueDeps, type SendDueResult, sendDueDigests } from '../../shared/reports/send-due-digests.js';
import { jobHandler } from '../lib/handlers.js';
import { logger } from '../lib/powertools.js';
import { runTimeOf, type ScheduledJobEvent } from '../lib/scheduled-event.js';

/** The digest job's dependencies: stores, cursor, renderer, mailer and clock. */
export type ReportJobDeps = SendDueDeps;

/** A short account of a run: the window, counts by outcome, and any failed digests by id and period. */
export interface ReportJobResult extends SendDueResult {
  schedule: string;
}

/**
 * Scheduled target (`reports`, hourly): sends the digests whose subscription schedule fell due since the
 * last run, each once per (subscription, period), and retries failed ones. A failed digest does not fail
 * the run (it is recorded and retried); a broken store does, and EventBridge retries the run.
 */
export const makeHandler = (deps: ReportJobDeps) =>
  jobHandler<ScheduledJobEvent, ReportJobResult>(async (event, { report }) => {
    const result = { schedule: event.schedule, ...(await sendDueDigests(runTimeOf(event, deps.now), deps)) };
    const count = (status: string) => result.outcomes.filter((o) => o.status === status).length;
    const failed = result.outcomes.filter((o) => o.status === 'failed');
    const summary = {
      schedule: result.schedule,
      window: result.window,
      due: result.due,
      retried: result.retried,
      sent: count('sent'),
      skipped: count('skipped'),
      alreadyDone: count('alreadyDone'),
      failed: failed.map((o) => `${o.subscriptionId}/${o.period}#${o.attempts}`),
    };
    report({ digestsSent: summary.sent, digestsFailed: failed.length });
    if (failed.length) logger.error('digests failed; recorded for retry', summary);
    else logger.info('digests done', summary);
    return result;
  });
