import { SNSClient } from '@aws-sdk/client-sns';
import type { DynamoFeedbackStore } from '../../shared/adapters/dynamo/feedback-store.js';
import { SnsAlertSender } from '../../shared/adapters/sns/alert-sender.js';
import type { Config } from '../lib/config.js';
import type { AnalyzeHandlerDeps } from './handler.js';

/**
 * The analyze consumer's alerts on AWS: SNS on ALERTS_TOPIC_ARN (the data stack's alerts topic),
 * links to DASHBOARD_URL. For functions/analyze/index.ts: `alerts: snsAlerts(config, store)`.
 * Undefined without a topic, so a deployment without one analyzes without alerting.
 */
export const snsAlerts = (config: Config, store: DynamoFeedbackStore): AnalyzeHandlerDeps['alerts'] =>
  config.ALERTS_TOPIC_ARN
    ? {
        store,
        sender: new SnsAlertSender(new SNSClient({}), config.ALERTS_TOPIC_ARN),
        dashboardUrl: config.DASHBOARD_URL,
      }
    : undefined;
