import type { RollupDeps } from '../../shared/rollups/roll-up-period.js';
import { closeDay, rollUpCurrentDay, type WindowOutcome } from '../../shared/rollups/roll-up-window.js';
import { jobHandler } from '../lib/handlers.js';
import { logger } from '../lib/powertools.js';
import { runTimeOf, type ScheduledJobEvent } from '../lib/scheduled-event.js';

/** The roll-up job's dependencies: storage, clock and the deployment's time zone. */
export interface RollupJobDeps extends RollupDeps {
  timezone: string;
}

/** Which use case each schedule of functions/schedules.ts runs. */
const JOBS: Record<string, (at: Date, timezone: string, deps: RollupDeps) => Promise<WindowOutcome>> = {
  'rollup-hourly': rollUpCurrentDay,
  'rollup-daily-close': closeDay,
};

/** A short account of a run: periods and item counts, never feedback. */
export interface RollupJobResult {
  schedule: string;
  days: Array<{ period: string; items: number }>;
  composites: string[];
}

/** Scheduled target: `rollup-hourly` re-rolls today, `rollup-daily-close` closes yesterday; both refresh week and month. */
export const makeHandler = (deps: RollupJobDeps) =>
  jobHandler<ScheduledJobEvent, RollupJobResult>(async (event) => {
    const job = JOBS[event.schedule];
    if (!job) throw new Error(`rollup: unknown schedule '${event.schedule}' (known: ${Object.keys(JOBS).join(', ')})`);
    const outcome = await job(runTimeOf(event, deps.now), deps.timezone, deps);
    const result: RollupJobResult = {
      schedule: event.schedule,
      days: outcome.days.map((d) => ({ period: d.period, items: d.items })),
      composites: outcome.composites.map((c) => c.period),
    };
    logger.info('roll-up done', { ...result });
    return result;
  });
