import type { ScheduledEvent } from '../schedules.js';

/** What a scheduled function receives: `{schedule}` from EventBridge Scheduler, plus the due time locally. */
export interface ScheduledJobEvent extends ScheduledEvent {
  /** ISO-8601 time the run was due (the local scheduler sends it; on AWS the invocation time stands in). */
  scheduledTime?: string;
}

/** The instant a scheduled run is for: its due time when given and valid, else now. */
export const runTimeOf = (event: ScheduledJobEvent, now: () => Date): Date => {
  const due = event.scheduledTime ? Date.parse(event.scheduledTime) : Number.NaN;
  return Number.isFinite(due) ? new Date(due) : now();
};
