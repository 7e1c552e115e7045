import { Duration } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  type Alarm,
  AlarmStatusWidget,
  Dashboard,
  GraphWidget,
  type IMetric,
  Metric,
  TextWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { BUSINESS_METRICS, METRIC_NAMESPACE, METRIC_SERVICE } from '../../../functions/lib/metric-names.js';
import type { KoeFunction } from './koe-function.js';

export interface OperationsDashboardProps {
  api: IHttpApi;
  analysisQueue: IQueue;
  deadLetterQueue: IQueue;
  functions: readonly KoeFunction[];
  alarms: readonly Alarm[];
}

/** A business metric as the Powertools EMF logger publishes it. */
export const businessMetric = (metricName: string): Metric =>
  new Metric({
    namespace: METRIC_NAMESPACE,
    metricName,
    dimensionsMap: { service: METRIC_SERVICE },
    statistic: 'Sum',
    period: Duration.minutes(5),
  });

/**
 * The operators' CloudWatch dashboard: the alarms' states, the API, the analysis pipeline, the
 * functions, and the business metrics the handlers emit.
 */
export class OperationsDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: OperationsDashboardProps) {
    super(scope, id);
    const fiveMinutes = Duration.minutes(5);
    const perFunction = (metric: (fn: KoeFunction) => IMetric) => props.functions.map(metric);
    this.dashboard = new Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.days(1),
      widgets: [
        [
          new TextWidget({
            markdown:
              '# Koe\nAlarms go to the operator topic. Analysis dead letters: `koe dlq`. Failed scheduled runs: the job dead-letter queue (JobDeadLetters). Runbook: docs/deploy-aws.md.',
            width: 8,
            height: 4,
          }),
          new AlarmStatusWidget({ title: 'Alarms', alarms: [...props.alarms], width: 16, height: 4 }),
        ],
        [
          new GraphWidget({
            title: 'API requests and errors',
            left: [
              props.api.metricCount({ period: fiveMinutes, statistic: 'Sum' }),
              props.api.metricClientError({ period: fiveMinutes, statistic: 'Sum' }),
              props.api.metricServerError({ period: fiveMinutes, statistic: 'Sum' }),
            ],
            width: 12,
          }),
          new GraphWidget({
            title: 'API latency (ms)',
            left: ['p50', 'p99'].map((statistic) => props.api.metricLatency({ period: fiveMinutes, statistic })),
            width: 12,
          }),
        ],
        [
          new GraphWidget({
            title: 'Analysis queue',
            left: [
              props.analysisQueue.metricApproximateNumberOfMessagesVisible({ period: fiveMinutes }),
              props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: fiveMinutes }),
            ],
            right: [props.analysisQueue.metricApproximateAgeOfOldestMessage({ period: fiveMinutes })],
            width: 12,
          }),
          new GraphWidget({
            title: 'Business',
            left: Object.values(BUSINESS_METRICS).map(businessMetric),
            width: 12,
          }),
        ],
        [
          new GraphWidget({
            title: 'Function errors',
            left: perFunction((fn) => fn.metricErrors({ period: fiveMinutes, statistic: 'Sum', label: fn.fn })),
            width: 8,
          }),
          new GraphWidget({
            title: 'Function throttles',
            left: perFunction((fn) => fn.metricThrottles({ period: fiveMinutes, statistic: 'Sum', label: fn.fn })),
            width: 8,
          }),
          new GraphWidget({
            title: 'Function duration p99 (ms)',
            left: perFunction((fn) => fn.metricDuration({ period: fiveMinutes, statistic: 'p99', label: fn.fn })),
            width: 8,
          }),
        ],
      ],
    });
  }
}
