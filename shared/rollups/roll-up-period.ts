import type { FeedbackStore } from '../feedback/ports.js';
import { type RollupFact, toRollupFact } from './fact.js';
import { type Period, periodsWithin } from './periods.js';
import type { RollupStore } from './ports.js';
import { composeRollups, type Rollup, rollUp } from './roll-up.js';

/** What roll-up jobs need: items by occurredAt, roll-up storage, a clock. */
export interface RollupDeps {
  items: Pick<FeedbackStore, 'listByOccurredAt'>;
  rollups: RollupStore;
  now: () => Date;
  /** Discovered themes kept per row (KOE_TOP_THEMES) [TOP_THEMES]. */
  topThemes?: number;
}

/** What one period's roll-up did: how many items it read and rows it wrote. */
export interface PeriodOutcome {
  period: string;
  granularity: Period['granularity'];
  items: number;
  rows: number;
}

/** Reads the facts of [period.start, period.end) page by page; the cost follows the window, not the table. */
export const readFacts = async (period: Period, deps: Pick<RollupDeps, 'items'>): Promise<RollupFact[]> => {
  const facts: RollupFact[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.items.listByOccurredAt(period.start, period.end, cursor);
    for (const item of page.items) facts.push(toRollupFact(item));
    cursor = page.nextCursor;
  } while (cursor);
  return facts;
};

/**
 * Rolls one day up from its items and overwrites the stored rows: re-running gives the same rows,
 * and items that arrived late since the last run are counted because they are read again.
 */
export const rollUpDay = async (day: Period, deps: RollupDeps): Promise<PeriodOutcome & { rollup: Rollup }> => {
  const facts = await readFacts(day, deps);
  const rollup = rollUp(facts, day, undefined, { topThemes: deps.topThemes });
  await deps.rollups.putRollup(rollup, deps.now().toISOString());
  return { period: day.key, granularity: 'day', items: facts.length, rows: rollup.rows.length, rollup };
};

/**
 * Composes a week or month from its stored days (no item is read again) and overwrites it. A past
 * day that was never rolled up is rolled up from its items first; days that have not begun are empty.
 */
export const rollUpComposite = async (
  period: Period,
  deps: RollupDeps,
  /** Day roll-ups already in hand, by day key (just written, or read for another composite); filled as days are read. */
  fresh: Map<string, Rollup> = new Map(),
): Promise<PeriodOutcome> => {
  const now = deps.now().toISOString();
  // The days are independent: read (or rolled up) together, composed in calendar order.
  const begun = periodsWithin(period, 'day').filter((day) => day.start <= now);
  const days = await Promise.all(
    begun.map(async (day) => {
      const known = fresh.get(day.key) ?? (await deps.rollups.getRollup(day));
      const rollup = known ?? (await rollUpDay(day, deps)).rollup;
      fresh.set(day.key, rollup);
      return rollup;
    }),
  );
  const rollup = composeRollups(days, period, { topThemes: deps.topThemes });
  await deps.rollups.putRollup(rollup, now);
  const volume = rollup.rows.find((r) => r.dimension === 'all')?.metrics.volume ?? 0;
  return { period: period.key, granularity: period.granularity, items: volume, rows: rollup.rows.length };
};
