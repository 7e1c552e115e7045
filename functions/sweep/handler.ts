import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { type SweepDeps, type SweepResult, sweepStuckItems } from '../../shared/feedback/sweep-stuck.js';
import { logger } from '../lib/powertools.js';
import type { ScheduledJobEvent } from '../lib/scheduled-event.js';

/** Scheduled target (`sweep-stuck`): re-enqueues items stuck in `queued` whose queue message was lost. */
export const makeHandler = (deps: SweepDeps) =>
  middy<ScheduledJobEvent, SweepResult>()
    .use(injectLambdaContext(logger, { clearState: true }))
    .handler(async () => {
      const result = await sweepStuckItems(deps);
      if (result.requeued > 0) logger.warn('stuck items re-enqueued', { ...result });
      else logger.info('sweep done', { ...result });
      return result;
    });
