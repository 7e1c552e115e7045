import { DynamoDeliveryStore } from '../../shared/adapters/dynamo/delivery-store.js';
import { DynamoSubscriptionStore } from '../../shared/adapters/dynamo/subscription-store.js';
import type { Config } from '../lib/config.js';
import { digestDelivery } from '../lib/digest-delivery.js';
import type { Platform } from '../lib/platform.js';
import type { ReportsDeps } from './handler.js';

/** functions/reports's dependencies, on AWS and locally. */
export const reportsDeps = (
  config: Config,
  platform: Pick<Platform, 'dynamo' | 'now' | 'mailer' | 'defaultMailFrom'>,
): ReportsDeps => ({
  subscriptions: new DynamoSubscriptionStore(platform.dynamo, config.TABLE_NAME),
  deliveries: new DynamoDeliveryStore(platform.dynamo, config.TABLE_NAME),
  now: platform.now,
  timezone: config.KOE_TIMEZONE,
  ...digestDelivery(config, platform),
});
