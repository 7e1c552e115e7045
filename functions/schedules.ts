/**
 * Koe's scheduled jobs: one table read by both the CDK app (EventBridge Scheduler → Lambda) and the
 * local in-process scheduler, so the two run the same jobs at the same times. `fn` is the folder under
 * functions/, whose `index.ts` must exist (the synth fails naming any schedule without code).
 *
 * Times are in the deployment's timezone (`KOE_TIMEZONE` locally, context `koe:timezone` on AWS).
 */
export interface Schedule {
  /** Stable, unique, kebab-case; also the `schedule` field of the event the target receives. */
  name: string;
  /**
   * EventBridge cron: six fields `cron(minutes hours day-of-month month day-of-week year)`, where one of
   * day-of-month and day-of-week must be `?`. Example: `cron(5 * * * ? *)` is five past every hour.
   */
  cron: string;
  fn: string;
  description: string;
}

/** The event a scheduled function receives, on AWS and locally. */
export interface ScheduledEvent {
  schedule: string;
}

export const SCHEDULES: Schedule[] = [
  {
    name: 'rollup-hourly',
    cron: 'cron(5 * * * ? *)',
    fn: 'rollup-job',
    description: 'Re-roll the current day so scores are at most an hour old.',
  },
  {
    // 00:20 leaves late arrivals of the previous day a few minutes to land before the day is closed.
    name: 'rollup-daily-close',
    cron: 'cron(20 0 * * ? *)',
    fn: 'rollup-job',
    description: 'Close the previous day and refresh its week and month.',
  },
  {
    // After the daily close, so trends compare closed days.
    name: 'trends-daily',
    cron: 'cron(40 0 * * ? *)',
    fn: 'trends-job',
    description: 'Detect rising and falling pain points against the trailing baseline; alert on spikes.',
  },
  {
    // Hourly: each subscription has its own schedule and timezone, so the job sends the digests now due.
    name: 'reports',
    cron: 'cron(0 * * * ? *)',
    fn: 'digests-job',
    description: 'Send the e-mail digests whose subscription schedule is due.',
  },
  {
    // Every 10 minutes: an item whose queue message was lost waits at most the deadline plus this.
    name: 'sweep-stuck',
    cron: 'cron(0/10 * * * ? *)',
    fn: 'sweep-job',
    description: 'Re-enqueue items left queued past the deadline whose queue message was lost.',
  },
];
