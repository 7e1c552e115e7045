import { type SweepDeps, type SweepResult, sweepStuckItems } from '../../shared/feedback/sweep-stuck.js';
import { jobHandler } from '../lib/handlers.js';
import { logger } from '../lib/powertools.js';
import type { ScheduledJobEvent } from '../lib/scheduled-event.js';

/** Scheduled target (`sweep-stuck`): re-enqueues items stuck in `queued` whose queue message was lost. */
export const makeHandler = (deps: SweepDeps) =>
  jobHandler<ScheduledJobEvent, SweepResult>(async () => {
    const result = await sweepStuckItems(deps);
    if (result.requeued > 0) logger.warn('stuck items re-enqueued', { ...result });
    else logger.info('sweep done', { ...result });
    return result;
  });
