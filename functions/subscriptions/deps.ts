import { DynamoDeliveryStore } from '../../shared/adapters/dynamo/delivery-store.js';
import { DynamoSubscriptionStore } from '../../shared/adapters/dynamo/subscription-store.js';
import type { Config } from '../lib/config.js';
import type { Platform } from '../lib/platform.js';
import type { SubscriptionsHandlerDeps } from './handler.js';

/** functions/subscriptions's dependencies, on AWS and locally. */
export const subscriptionsDeps = (
  config: Config,
  platform: Pick<Platform, 'dynamo' | 'now'>,
): SubscriptionsHandlerDeps => ({
  subscriptions: new DynamoSubscriptionStore(platform.dynamo, config.TABLE_NAME),
  deliveries: new DynamoDeliveryStore(platform.dynamo, config.TABLE_NAME),
  now: platform.now,
  timezone: config.KOE_TIMEZONE,
});
