import type { Schedule, ScheduledEvent } from '../../functions/schedules.js';
import { type Cron, nextRun, parseCron } from '../../shared/scheduling/cron.js';
import { type LocalLog, localLog } from './log.js';

/**
 * The event a scheduled job receives locally: what the CDK app sends (`{ schedule }`), plus where it came
 * from and the time it was due (EventBridge Scheduler's `<aws.scheduler.scheduled-time>`).
 */
export interface LocalScheduledEvent extends ScheduledEvent {
  source: 'koe.scheduler';
  /** ISO-8601 UTC time the run was due (for runNow: the time it was asked for). */
  scheduledTime: string;
}

/** A job target: the scheduled function's handler. */
export type ScheduleTarget = (event: LocalScheduledEvent) => Promise<unknown>;

/** How one run ended. */
export type RunOutcome = { status: 'succeeded' } | { status: 'failed'; error: string } | { status: 'skipped' };

/** Options of the in-process scheduler. */
export interface InProcessSchedulerOptions {
  /** IANA time zone the cron expressions are read in (KOE_TIMEZONE). */
  timeZone: string;
  schedules: Schedule[];
  /** Handlers by function name (`Schedule.fn`); schedules whose function has no target are not run. */
  targets: Record<string, ScheduleTarget>;
  now?: () => Date;
  log?: LocalLog;
}

// setTimeout holds at most ~24.8 days; longer waits re-arm on wake.
const MAX_TIMER_MS = 2 ** 31 - 1;

interface Job {
  schedule: Schedule;
  cron: Cron;
  target?: ScheduleTarget | undefined;
  timer?: NodeJS.Timeout | undefined;
  running?: Promise<RunOutcome> | undefined;
}

/**
 * Runs Koe's schedules (functions/schedules.ts, the table the CDK app turns into EventBridge
 * schedules) in process, in the deployment's time zone. A failing job is logged and does not stop
 * the others; a run that would overlap the same job's previous run is skipped.
 */
export class InProcessScheduler {
  private readonly jobs = new Map<string, Job>();
  private readonly now: () => Date;
  private readonly log: LocalLog;
  private started = false;

  constructor(private readonly options: InProcessSchedulerOptions) {
    this.now = options.now ?? (() => new Date());
    this.log = options.log ?? localLog;
    nextRun('cron(0 0 * * ? *)', new Date(0), options.timeZone); // fails fast on an unknown zone
    for (const schedule of options.schedules) {
      if (this.jobs.has(schedule.name)) throw new Error(`duplicate schedule name '${schedule.name}'`);
      let cron: Cron;
      try {
        cron = parseCron(schedule.cron);
      } catch (error) {
        throw new Error(`schedule '${schedule.name}': ${(error as Error).message}`);
      }
      this.jobs.set(schedule.name, { schedule, cron, target: options.targets[schedule.fn] });
    }
  }

  /** Arms a timer for each schedule that has a target. */
  start(): void {
    if (this.started) return;
    this.started = true;
    for (const job of this.jobs.values()) {
      if (!job.target) {
        this.log.info('schedule has no local target; not run', { schedule: job.schedule.name, fn: job.schedule.fn });
        continue;
      }
      this.arm(job, this.now());
    }
  }

  /** Stops arming timers and waits for the jobs running now. */
  async stop(): Promise<void> {
    this.started = false;
    for (const job of this.jobs.values()) {
      clearTimeout(job.timer);
      job.timer = undefined;
    }
    await Promise.allSettled([...this.jobs.values()].map((j) => j.running));
  }

  /**
   * Runs a job now, outside its schedule (skipped if it is running already), as if it were due `at` (the
   * time the job sees as its scheduled time; now by default).
   */
  runNow(name: string, at: Date = this.now()): Promise<RunOutcome> {
    const job = this.jobs.get(name);
    if (!job) throw new Error(`no schedule '${name}' (known: ${[...this.jobs.keys()].join(', ')})`);
    return this.run(job, at);
  }

  /** When each armed schedule fires next (for logs and the startup banner). */
  upcoming(): Array<{ name: string; at: Date | undefined }> {
    return [...this.jobs.values()]
      .filter((j) => j.target)
      .map((j) => ({ name: j.schedule.name, at: nextRun(j.cron, this.now(), this.options.timeZone) }));
  }

  private arm(job: Job, after: Date): void {
    const at = nextRun(job.cron, after, this.options.timeZone);
    if (!at) {
      this.log.info('schedule will not fire again', { schedule: job.schedule.name });
      return;
    }
    const wait = () => {
      if (!this.started) return;
      const remaining = at.getTime() - this.now().getTime();
      if (remaining > 0) {
        job.timer = setTimeout(wait, Math.min(remaining, MAX_TIMER_MS));
        return;
      }
      job.timer = undefined;
      void this.run(job, at);
      // Computed from the due time, not the wake-up time, so a late timer neither skips nor repeats a run.
      this.arm(job, at);
    };
    wait();
  }

  private run(job: Job, scheduledTime: Date): Promise<RunOutcome> {
    const name = job.schedule.name;
    const { target } = job;
    if (!target) throw new Error(`schedule '${name}' has no target: function '${job.schedule.fn}' is not wired`);
    if (job.running) {
      this.log.warn('previous run still going; this run skipped', { schedule: name });
      return Promise.resolve({ status: 'skipped' });
    }
    const event: LocalScheduledEvent = {
      schedule: name,
      source: 'koe.scheduler',
      scheduledTime: scheduledTime.toISOString(),
    };
    const started = performance.now();
    const running = (async (): Promise<RunOutcome> => {
      try {
        await target(event);
        this.log.info('scheduled job done', { schedule: name, ms: Math.round(performance.now() - started) });
        return { status: 'succeeded' };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.log.error('scheduled job failed', { schedule: name, error: message.slice(0, 300) });
        return { status: 'failed', error: message };
      }
    })();
    job.running = running;
    // Cleared here, not inside the run: a target that throws synchronously settles before `running` is set.
    void running.then(() => {
      if (job.running === running) job.running = undefined;
    });
    return running;
  }
}
