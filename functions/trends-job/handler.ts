import { detectDueTrends } from '../../shared/trends/detect-due-trends.js';
import type { DetectTrendsDeps } from '../../shared/trends/detect-trends.js';
import { jobHandler } from '../lib/handlers.js';
import { logger } from '../lib/powertools.js';
import { runTimeOf, type ScheduledJobEvent } from '../lib/scheduled-event.js';

/** The trends job's dependencies: stores, alerting, clock and the deployment's time zone. */
export interface TrendsJobDeps extends DetectTrendsDeps {
  timezone: string;
}

/** A short account of a run: per period, the numbers of rising/falling terms and alerts. */
export interface TrendsJobResult {
  schedule: string;
  periods: Array<{ period: string; rising: number; falling: number; alerted: number; alreadyAlerted: number }>;
}

/** Scheduled target (`trends-daily`): trends of yesterday, and of the week and month it completed; spike alerts once each. */
export const makeHandler = (deps: TrendsJobDeps) =>
  jobHandler<ScheduledJobEvent, TrendsJobResult>(async (event, { report }) => {
    const outcomes = await detectDueTrends(runTimeOf(event, deps.now), deps.timezone, deps);
    const result: TrendsJobResult = {
      schedule: event.schedule,
      periods: outcomes.map(({ trends, alerts }) => ({
        period: trends.period,
        rising: trends.rising.length,
        falling: trends.falling.length,
        alerted: alerts.sent,
        alreadyAlerted: alerts.alreadySent,
      })),
    };
    report({ alertsSent: result.periods.reduce((sum, p) => sum + p.alerted, 0) });
    logger.info('trends done', { ...result });
    return result;
  });
