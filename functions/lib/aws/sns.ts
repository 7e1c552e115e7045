import { SNSClient } from '@aws-sdk/client-sns';
import { SnsAlertSender } from '../../../shared/adapters/sns/alert-sender.js';
import { SnsSpikeAlerter } from '../../../shared/adapters/sns/spike-alerter.js';
import { type Config, requireSetting } from '../config.js';

let client: SNSClient | undefined;
const sns = () => {
  client ??= new SNSClient({});
  return client;
};

/** Critical-item alerts on the alerts topic; undefined without one (analysis then alerts no one). */
export const snsAlertSender = (config: Config) =>
  config.ALERTS_TOPIC_ARN ? new SnsAlertSender(sns(), config.ALERTS_TOPIC_ARN) : undefined;

/** Pain-point spike alerts on the alerts topic (required by the trends job). */
export const snsSpikeAlerter = (config: Config) =>
  new SnsSpikeAlerter(sns(), requireSetting(config, 'ALERTS_TOPIC_ARN'));
