import { type CfnResource, Duration, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  ContextAttribute,
  Schedule,
  ScheduleExpression,
  ScheduleGroup,
  ScheduleTargetInput,
} from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ScheduledJobEvent } from '../../../functions/lib/scheduled-event.js';
import { pascalCase } from './names.js';

/** One scheduled invocation. */
export interface ScheduleEntry {
  /** Kebab-case, unique; the construct id derives from it, so never rename a deployed one. */
  name: string;
  /** Six-field EventBridge cron, `cron(...)`. */
  cron: string;
  description: string;
  target: IFunction;
}

/** Scheduler's retries of an invocation it could not deliver, and how late a run may still start. */
export const SCHEDULER_RETRY = { retryAttempts: 3, maxEventAge: Duration.hours(1) } as const;

export interface SchedulesProps {
  entries: readonly ScheduleEntry[];
  /** Where Scheduler sends a run it could not deliver after {@link SCHEDULER_RETRY} (the jobs' DLQ). */
  deadLetterQueue: IQueue;
  /** IANA timezone the cron expressions are read in. */
  timezone: string;
}

/**
 * EventBridge Scheduler schedules that invoke Lambda functions with `{ "schedule": name }`, the event
 * the local in-process scheduler also sends. One role, assumable only by Scheduler for this account. A run
 * Scheduler cannot deliver is retried, then dead-lettered; Scheduler invokes asynchronously, so a run the
 * function fails is Lambda's to retry and dead-letter (KoeFunction's `deadLetterQueue`, the same queue).
 */
export class Schedules extends Construct {
  readonly role: Role;
  /** Koe's own group, so its Scheduler metrics (target errors, drops) are Koe's alone. */
  readonly group: ScheduleGroup;
  readonly schedules: ReadonlyMap<string, Schedule>;

  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);
    validate(props.entries);
    this.role = new Role(this, 'Role', {
      description: 'EventBridge Scheduler invoking Koe jobs',
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    });
    this.group = new ScheduleGroup(this, 'Group', {});
    const schedules = new Map<string, Schedule>();
    for (const entry of props.entries) {
      // The due time, as the local scheduler sends it: a retried run still works on the window it was due for.
      const event: ScheduledJobEvent = { schedule: entry.name, scheduledTime: ContextAttribute.scheduledTime };
      schedules.set(
        entry.name,
        new Schedule(this, pascalCase(entry.name), {
          description: entry.description,
          scheduleGroup: this.group,
          schedule: ScheduleExpression.expression(entry.cron, TimeZone.of(props.timezone)),
          target: new LambdaInvoke(entry.target, {
            role: this.role,
            input: ScheduleTargetInput.fromObject(event),
            // A late job is still useful (roll-ups are idempotent) but an hour late is the next run's work.
            ...SCHEDULER_RETRY,
            // The role gets sqs:SendMessage on this queue alone.
            deadLetterQueue: props.deadLetterQueue,
          }),
        }),
      );
      const fn = entry.target.node.defaultChild as CfnResource | undefined;
      if (fn)
        Validations.of(this.role).acknowledge({
          id: `AwsSolutions-IAM5[Resource::<${Stack.of(fn).getLogicalId(fn)}.Arn>:*]`,
          reason: `Scheduler's Lambda target grants invoke on this one function's versions and aliases (${entry.name}).`,
        });
    }
    this.schedules = schedules;
  }
}

function validate(entries: readonly ScheduleEntry[]): void {
  const names = new Set<string>();
  for (const entry of entries) {
    if (names.has(entry.name)) throw new Error(`Duplicate schedule name "${entry.name}"`);
    names.add(entry.name);
    if (!/^cron\(\S+( \S+){5}\)$/.test(entry.cron))
      throw new Error(`Schedule "${entry.name}": "${entry.cron}" is not a six-field EventBridge cron(...)`);
  }
}
