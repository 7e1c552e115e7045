import { nextPeriod, type Period, periodOf, previousPeriod } from '../rollups/periods.js';
import { type DetectTrendsDeps, type DetectTrendsOutcome, detectTrends } from './detect-trends.js';

/**
 * The daily trends job: trends of the day before `at`, and of its week and month when that day
 * closed them (Sunday, the last of the month), so each period is judged once it is complete.
 */
export const detectDueTrends = async (
  at: Date,
  timezone: string,
  deps: DetectTrendsDeps,
): Promise<DetectTrendsOutcome[]> => {
  const day = previousPeriod(periodOf(at, 'day', timezone));
  const due: Period[] = [day];
  for (const granularity of ['week', 'month'] as const) {
    const period = periodOf(day.start, granularity, timezone);
    if (nextPeriod(day).start >= period.end) due.push(period);
  }
  const outcomes: DetectTrendsOutcome[] = [];
  for (const period of due) outcomes.push(await detectTrends(period, deps));
  return outcomes;
};
