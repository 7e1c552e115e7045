import { Duration } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  type AlarmProps,
  ComparisonOperator,
  type IAlarmAction,
  MathExpression,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { KoeFunction } from './koe-function.js';
import { pascalCase } from './names.js';

/** An analysis request older than this means the consumer is stuck or far behind. */
export const BACKLOG_AGE_LIMIT = Duration.minutes(15);
/** A dead letter older than this is half-way to SQS deleting it (14 days' retention): replay it. */
export const DEAD_LETTER_AGE_LIMIT = Duration.days(7);
/** Share of API requests answered 5xx over 5 minutes that pages someone (with at least {@link API_MIN_REQUESTS}). */
export const API_5XX_RATE_PERCENT = 5;
/** Below this many requests in 5 minutes the 5xx rate says nothing (one error of three is not an outage). */
export const API_MIN_REQUESTS = 20;
/** p99 API latency (ms) for 15 minutes that pages someone; functions time out at 10 s. */
export const API_P99_LATENCY_MS = 3000;
/** SES reviews an account at a 5 % bounce rate and 0.1 % complaint rate: warn at half of each. */
export const SES_BOUNCE_RATE = 0.025;
export const SES_COMPLAINT_RATE = 0.0005;

export interface AlarmsProps {
  /** The operator topic: alarms go there when they fire and when they clear. */
  topic: ITopic;
  api: IHttpApi;
  table: ITable;
  analysisQueue: IQueue;
  deadLetterQueue: IQueue;
  /** Failed scheduled-job runs, from Scheduler and from Lambda's asynchronous retries. */
  jobDeadLetterQueue: IQueue;
  /** The group of Koe's EventBridge Scheduler schedules. */
  scheduleGroup: IScheduleGroup;
  /** Each gets an errors and a throttles alarm, ids derived from the function's folder name. */
  functions: readonly KoeFunction[];
  /** The SES configuration set the digests go out through; absent when no sender is configured. */
  sesConfigurationSet?: string;
}

/** Operational alarms, to the operator topic both when they fire and when they clear. */
export class Alarms extends Construct {
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    const action = new SnsAction(props.topic);
    const fiveMinutes = Duration.minutes(5);

    // Any dead letter is accepted feedback without an analysis: someone should look (`koe dlq`).
    this.add(action, 'DeadLetters', {
      alarmDescription: 'Analysis requests were dead-lettered; inspect and replay with `koe dlq`.',
      metric: props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: 'Maximum',
      }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
    });
    this.add(action, 'DeadLetterAge', {
      alarmDescription: `A dead letter has waited ${DEAD_LETTER_AGE_LIMIT.toDays()} days; SQS deletes it at 14. Replay with \`koe dlq replay\`.`,
      metric: props.deadLetterQueue.metricApproximateAgeOfOldestMessage({ period: fiveMinutes, statistic: 'Maximum' }),
      threshold: DEAD_LETTER_AGE_LIMIT.toSeconds(),
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
    });
    // A scheduled run that failed for good (Scheduler could not deliver it, or the job failed Lambda's retries).
    this.add(action, 'JobDeadLetters', {
      alarmDescription:
        'A scheduled job run failed after its retries; its event waits in the job dead-letter queue (replay: docs/deploy-aws.md).',
      metric: props.jobDeadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: 'Maximum',
      }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
    });
    this.add(action, 'AnalysisBacklog', {
      alarmDescription: `The oldest analysis request has waited more than ${BACKLOG_AGE_LIMIT.toMinutes()} minutes.`,
      metric: props.analysisQueue.metricApproximateAgeOfOldestMessage({ period: fiveMinutes, statistic: 'Maximum' }),
      threshold: BACKLOG_AGE_LIMIT.toSeconds(),
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
    });

    // httpHandler() answers a bug with a 500 instead of failing the invocation, so the API's 5xx — not
    // the functions' Errors — is where a broken route shows.
    this.add(action, 'Api5xxRate', {
      alarmDescription: `More than ${API_5XX_RATE_PERCENT} % of API requests answered 5xx for 10 of 15 minutes (at ≥ ${API_MIN_REQUESTS} requests per 5 minutes).`,
      metric: new MathExpression({
        label: 'API 5xx %',
        expression: `IF(requests >= ${API_MIN_REQUESTS}, 100 * FILL(errors, 0) / requests, 0)`,
        usingMetrics: {
          errors: props.api.metricServerError({ period: fiveMinutes, statistic: 'Sum' }),
          requests: props.api.metricCount({ period: fiveMinutes, statistic: 'Sum' }),
        },
        period: fiveMinutes,
      }),
      threshold: API_5XX_RATE_PERCENT,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
    });
    this.add(action, 'ApiLatencyP99', {
      alarmDescription: `API p99 latency above ${API_P99_LATENCY_MS} ms for 15 minutes.`,
      metric: props.api.metricLatency({ period: fiveMinutes, statistic: 'p99' }),
      threshold: API_P99_LATENCY_MS,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
    });

    this.add(action, 'TableThrottles', {
      alarmDescription: 'DynamoDB throttled reads or writes on the feedback table or its indexes (on-demand limits).',
      metric: new MathExpression({
        label: 'Throttle events',
        expression: 'FILL(reads, 0) + FILL(writes, 0)',
        usingMetrics: {
          reads: props.table.metric('ReadThrottleEvents', { period: fiveMinutes, statistic: 'Sum' }),
          writes: props.table.metric('WriteThrottleEvents', { period: fiveMinutes, statistic: 'Sum' }),
        },
        period: fiveMinutes,
      }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
    });

    // Scheduler could not invoke a job (each failed attempt counts), dropped a run (maxEventAge), or could not
    // even dead-letter one — the one case where a run leaves no message to replay.
    this.add(action, 'ScheduledJobFailures', {
      alarmDescription:
        'EventBridge Scheduler could not invoke a Koe job (target errors, dropped runs, or runs it could not dead-letter).',
      metric: new MathExpression({
        label: 'Target errors + dropped + not dead-lettered',
        expression: 'FILL(errors, 0) + FILL(dropped, 0) + FILL(undeadlettered, 0)',
        usingMetrics: {
          errors: props.scheduleGroup.metricTargetErrors({ period: fiveMinutes, statistic: 'Sum' }),
          dropped: props.scheduleGroup.metricDropped({ period: fiveMinutes, statistic: 'Sum' }),
          undeadlettered: props.scheduleGroup.metricFailedToBeSentToDLQ(undefined, {
            period: fiveMinutes,
            statistic: 'Sum',
          }),
        },
        period: fiveMinutes,
      }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
    });

    const configurationSet = props.sesConfigurationSet;
    if (configurationSet) {
      const reputation = (name: string) =>
        new Metric({
          namespace: 'AWS/SES',
          metricName: `Reputation.${name}`,
          dimensionsMap: { 'ses:configuration-set': configurationSet },
          period: Duration.hours(1),
          statistic: 'Maximum',
        });
      this.add(action, 'SesBounceRate', {
        alarmDescription: `Digest bounce rate above ${SES_BOUNCE_RATE * 100} % (SES reviews the account at 5 %): clean the subscriptions.`,
        metric: reputation('BounceRate'),
        threshold: SES_BOUNCE_RATE,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
      });
      this.add(action, 'SesComplaintRate', {
        alarmDescription: `Digest complaint rate above ${SES_COMPLAINT_RATE * 100} % (SES reviews the account at 0.1 %).`,
        metric: reputation('ComplaintRate'),
        threshold: SES_COMPLAINT_RATE,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
      });
    }

    for (const fn of props.functions) {
      const name = pascalCase(fn.fn);
      this.add(action, `${name}Errors`, {
        alarmDescription: `functions/${fn.fn} failed invocations (unhandled errors, timeouts).`,
        metric: fn.metricErrors({ period: fiveMinutes, statistic: 'Sum' }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
      });
      this.add(action, `${name}Throttles`, {
        alarmDescription: `functions/${fn.fn} was throttled (its reserved or maximum concurrency, or the account's).`,
        metric: fn.metricThrottles({ period: fiveMinutes, statistic: 'Sum' }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
      });
    }
  }

  private add(action: IAlarmAction, id: string, props: AlarmProps): void {
    const alarm = new Alarm(this, id, { treatMissingData: TreatMissingData.NOT_BREACHING, ...props });
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    this.alarms.push(alarm);
  }
}
