import type { UrgencyLevel } from '../analysis/types.js';
import { URGENCY_LEVELS } from '../analysis/types.js';

/** Minutes allowed before an item of each level is overdue; a level without an entry has no SLA. */
export type SlaMinutes = Partial<Record<UrgencyLevel, number>>;

/** Default SLA: critical 1 h, high 4 h, normal 24 h; low (praise, remarks) has none. */
export const DEFAULT_SLA: SlaMinutes = { critical: 60, high: 240, normal: 1440 };

/**
 * Parses `critical=60,high=240,normal=1440`; levels not named keep their default.
 * Throws with every bad entry named, so a typo fails at start-up rather than silently.
 */
export const parseSla = (raw: string | undefined): SlaMinutes => {
  const sla: SlaMinutes = { ...DEFAULT_SLA };
  if (!raw?.trim()) return sla;
  const problems: string[] = [];
  for (const part of raw.split(',')) {
    const [level, minutes] = part.split('=').map((s) => s.trim());
    const n = Number(minutes);
    if (!(URGENCY_LEVELS as readonly string[]).includes(level ?? '')) problems.push(`unknown level '${level}'`);
    else if (!Number.isFinite(n) || n <= 0) problems.push(`'${part.trim()}' needs a positive number of minutes`);
    else sla[level as UrgencyLevel] = n;
  }
  if (problems.length) throw new Error(`Invalid SLA: ${problems.join('; ')}`);
  return sla;
};

/** When an item received at `receivedAt` with `level` becomes overdue, or undefined without an SLA. */
export const dueAt = (receivedAt: string, level: UrgencyLevel | undefined, sla: SlaMinutes): string | undefined => {
  const minutes = level ? sla[level] : undefined;
  if (minutes === undefined) return undefined;
  return new Date(Date.parse(receivedAt) + minutes * 60_000).toISOString();
};

/** Overdue means still open past its due time; acknowledging an item stops the SLA clock. */
export const isOverdue = (triage: { status: string; dueAt?: string | undefined }, now: Date): boolean =>
  triage.status === 'open' && triage.dueAt !== undefined && triage.dueAt < now.toISOString();
