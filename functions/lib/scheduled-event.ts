import type { ScheduledEvent } from '../schedules.js';

/** What a scheduled function receives: the schedule's name and the time the run was due (on AWS and locally). */
export interface ScheduledJobEvent extends ScheduledEvent {
  /** ISO-8601 time the run was due (EventBridge Scheduler's <aws.scheduler.scheduled-time>; the local scheduler's own). */
  scheduledTime?: string;
}

/** The instant a scheduled run is for: its due time when given and valid, else now. */
export const runTimeOf = (event: ScheduledJobEvent, now: () => Date): Date => {
  const due = event.scheduledTime ? Date.parse(event.scheduledTime) : Number.NaN;
  return Number.isFinite(due) ? new Date(due) : now();
};
