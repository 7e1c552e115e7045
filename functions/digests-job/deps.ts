import { DynamoDeliveryStore, DynamoJobCursor } from '../../shared/adapters/dynamo/delivery-store.js';
import { DynamoSubscriptionStore } from '../../shared/adapters/dynamo/subscription-store.js';
import type { Config } from '../lib/config.js';
import { digestDelivery } from '../lib/digest-delivery.js';
import type { Platform } from '../lib/platform.js';
import type { ReportJobDeps } from './handler.js';

/** functions/digests-job's dependencies (the hourly digest job), on AWS and locally. */
export const digestsJobDeps = (
  config: Config,
  platform: Pick<Platform, 'dynamo' | 'now' | 'mailer' | 'defaultMailFrom'>,
): ReportJobDeps => ({
  subscriptions: new DynamoSubscriptionStore(platform.dynamo, config.TABLE_NAME),
  deliveries: new DynamoDeliveryStore(platform.dynamo, config.TABLE_NAME),
  cursor: new DynamoJobCursor(platform.dynamo, config.TABLE_NAME),
  now: platform.now,
  ...digestDelivery(config, platform),
});
