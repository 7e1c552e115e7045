import { SNSClient } from '@aws-sdk/client-sns';
import type { DynamoAlertMarks } from '../../shared/adapters/dynamo/alert-marks.js';
import { SnsAlertSender } from '../../shared/adapters/sns/alert-sender.js';
import type { Config } from '../lib/config.js';
import type { AnalyzeHandlerDeps } from './handler.js';

/**
 * The analyze consumer's alerts on AWS: SNS on ALERTS_TOPIC_ARN (the data stack's alerts topic),
 * links to DASHBOARD_URL. For functions/analyze/index.ts: `alerts: snsAlerts(config, marks)`.
 * Undefined without a topic, so a deployment without one analyzes without alerting.
 */
export const snsAlerts = (config: Config, marks: DynamoAlertMarks): AnalyzeHandlerDeps['alerts'] =>
  config.ALERTS_TOPIC_ARN
    ? {
        store: marks,
        sender: new SnsAlertSender(new SNSClient({}), config.ALERTS_TOPIC_ARN),
        dashboardUrl: config.DASHBOARD_URL,
      }
    : undefined;
