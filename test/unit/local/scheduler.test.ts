import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Schedule } from '../../../functions/schedules.js';
import type { LocalLog } from '../../../infra/local/log.js';
import { InProcessScheduler, type LocalScheduledEvent } from '../../../infra/local/scheduler.js';

// The test's own schedule table, in the shape of functions/schedules.ts.
const TABLE: Schedule[] = [
  { name: 'every-minute', cron: 'cron(* * * * ? *)', fn: 'tick', description: 'test' },
  { name: 'hourly-five', cron: 'cron(5 * * * ? *)', fn: 'hourly', description: 'test' },
  { name: 'broken-job', cron: 'cron(* * * * ? *)', fn: 'broken', description: 'test' },
  { name: 'not-wired', cron: 'cron(* * * * ? *)', fn: 'absent', description: 'test' },
];

const lines: Array<{ message: string; attributes?: Record<string, unknown> | undefined }> = [];
const log: LocalLog = {
  info: (message, attributes) => lines.push({ message, attributes }),
  warn: (message, attributes) => lines.push({ message, attributes }),
  error: (message, attributes) => lines.push({ message, attributes }),
};

beforeEach(() => {
  lines.length = 0;
  vi.useFakeTimers({ now: new Date('2025-06-01T10:00:30Z') });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('in-process scheduler', () => {
  it('fires each job at its cron times with the EventBridge-like event; a failing job stops nothing', async () => {
    // Prepare
    const ticks: LocalScheduledEvent[] = [];
    const hourly: LocalScheduledEvent[] = [];
    const scheduler = new InProcessScheduler({
      timeZone: 'UTC',
      schedules: TABLE,
      targets: {
        tick: async (event) => {
          ticks.push(event);
        },
        hourly: async (event) => {
          hourly.push(event);
        },
        broken: async () => {
          throw new Error('rollup exploded');
        },
      },
      log,
    });
    // Act
    scheduler.start();
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    await scheduler.stop();
    // Assess
    expect(ticks.map((e) => e.scheduledTime)).toEqual([
      '2025-06-01T10:01:00.000Z',
      '2025-06-01T10:02:00.000Z',
      '2025-06-01T10:03:00.000Z',
      '2025-06-01T10:04:00.000Z',
      '2025-06-01T10:05:00.000Z',
    ]);
    expect(ticks[0]).toEqual({
      schedule: 'every-minute',
      source: 'koe.scheduler',
      scheduledTime: '2025-06-01T10:01:00.000Z',
    });
    expect(hourly.map((e) => e.scheduledTime)).toEqual(['2025-06-01T10:05:00.000Z']);
    const failures = lines.filter((l) => l.message === 'scheduled job failed');
    expect(failures).toHaveLength(5);
    expect(failures[0]!.attributes).toEqual({ schedule: 'broken-job', error: 'rollup exploded' });
    expect(lines.some((l) => l.message.includes('no local target') && l.attributes?.schedule === 'not-wired')).toBe(
      true,
    );
  });

  it('skips a run while the previous run of the same job is still going', async () => {
    // Prepare
    let running = 0;
    let starts = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const scheduler = new InProcessScheduler({
      timeZone: 'UTC',
      schedules: [TABLE[0]!],
      targets: {
        tick: async () => {
          starts += 1;
          running += 1;
          await gate;
          running -= 1;
        },
      },
      log,
    });
    // Act
    scheduler.start();
    await vi.advanceTimersByTimeAsync(3 * 60_000);
    const startsWhileBlocked = starts;
    release();
    await scheduler.stop();
    // Assess
    expect(startsWhileBlocked).toBe(1);
    expect(lines.filter((l) => l.message.includes('skipped'))).toHaveLength(2);
    expect(running).toBe(0);
  });

  it('runNow runs a job at once and reports how it ended', async () => {
    // Prepare
    const events: LocalScheduledEvent[] = [];
    const scheduler = new InProcessScheduler({
      timeZone: 'Asia/Tokyo',
      schedules: TABLE,
      targets: {
        tick: async () => {},
        hourly: async (event) => {
          events.push(event);
        },
        broken: async () => {
          throw new Error('nope');
        },
      },
      log,
    });
    // Act
    const ok = await scheduler.runNow('hourly-five');
    const failed = await scheduler.runNow('broken-job');
    // Assess
    expect(ok).toEqual({ status: 'succeeded' });
    expect(failed).toEqual({ status: 'failed', error: 'nope' });
    expect(events).toEqual([
      { schedule: 'hourly-five', source: 'koe.scheduler', scheduledTime: '2025-06-01T10:00:30.000Z' },
    ]);
    expect(() => scheduler.runNow('missing')).toThrow(/no schedule 'missing'/);
    expect(() => scheduler.runNow('not-wired')).toThrow(/has no target/);
  });

  it('stop waits for the job that is running', async () => {
    // Prepare
    let finished = false;
    const scheduler = new InProcessScheduler({
      timeZone: 'UTC',
      schedules: [TABLE[0]!],
      targets: {
        tick: async () => {
          await new Promise((r) => setTimeout(r, 10_000));
          finished = true;
        },
      },
      log,
    });
    void scheduler.runNow('every-minute');
    // Act
    const stopping = scheduler.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    await stopping;
    // Assess
    expect(finished).toBe(true);
  });

  it('refuses a bad cron or time zone when it is built, naming the schedule', () => {
    // Act
    const badCron = () =>
      new InProcessScheduler({
        timeZone: 'UTC',
        schedules: [{ name: 'oops', cron: 'cron(0 0 * * * *)', fn: 'tick', description: '' }],
        targets: {},
        log,
      });
    const badZone = () => new InProcessScheduler({ timeZone: 'Nowhere/Town', schedules: [], targets: {}, log });
    // Assess
    expect(badCron).toThrow(/schedule 'oops'.*exactly one of day-of-month/);
    expect(badZone).toThrow(/unknown time zone 'Nowhere\/Town'/);
  });
});
