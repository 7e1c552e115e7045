import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, type IAlarmAction, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { KoeFunction } from './koe-function.js';
import { pascalCase } from './names.js';

/** An analysis request older than this means the consumer is stuck or far behind. */
export const BACKLOG_AGE_LIMIT = Duration.minutes(15);

export interface AlarmsProps {
  topic: ITopic;
  analysisQueue: IQueue;
  deadLetterQueue: IQueue;
  /** Each gets an errors alarm, its id derived from the function's folder name. */
  functions: readonly KoeFunction[];
}

/** Operational alarms, to the alerts topic both when they fire and when they clear. */
export class Alarms extends Construct {
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    const action = new SnsAction(props.topic);

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
    this.add(action, 'AnalysisBacklog', {
      alarmDescription: `The oldest analysis request has waited more than ${BACKLOG_AGE_LIMIT.toMinutes()} minutes.`,
      metric: props.analysisQueue.metricApproximateAgeOfOldestMessage({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
      threshold: BACKLOG_AGE_LIMIT.toSeconds(),
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
    });
    for (const fn of props.functions) {
      this.add(action, `${pascalCase(fn.fn)}Errors`, {
        alarmDescription: `functions/${fn.fn} failed invocations (unhandled errors, timeouts).`,
        metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
      });
    }
  }

  private add(action: IAlarmAction, id: string, props: ConstructorParameters<typeof Alarm>[2]): void {
    const alarm = new Alarm(this, id, { treatMissingData: TreatMissingData.NOT_BREACHING, ...props });
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    this.alarms.push(alarm);
  }
}
