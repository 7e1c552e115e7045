import { NotFoundError } from '../../shared/errors.js';
import {
  createSubscription,
  deleteSubscription,
  listSubscriptions,
  replaceSubscription,
  type SubscriptionDeps,
  showSubscription,
} from '../../shared/reports/manage-subscriptions.js';
import { principalOf } from '../lib/auth.js';
import { httpHandler } from '../lib/handlers.js';
import { json, readJsonBody } from '../lib/http.js';
import { logger } from '../lib/powertools.js';

/** What the subscription routes need: the subscription and delivery stores, the clock, the default zone. */
export type SubscriptionsHandlerDeps = SubscriptionDeps;

/**
 * The digest subscription routes (admin): POST/GET /v1/subscriptions, GET/PUT/DELETE /v1/subscriptions/{id}.
 * Sending lives in functions/reports. Logs ids, never addresses.
 */
export const makeHandler = (deps: SubscriptionsHandlerDeps) =>
  httpHandler(async (event) => {
    const id = event.pathParameters?.id ?? '';
    switch (event.routeKey) {
      case 'POST /v1/subscriptions': {
        const created = await createSubscription(readJsonBody(event), deps);
        logger.info('subscription created', { subscriptionId: created.id, by: principalOf(event)?.keyId });
        return json(201, created);
      }
      case 'GET /v1/subscriptions':
        return json(200, { items: await listSubscriptions(deps) });
      case 'GET /v1/subscriptions/{id}':
        return json(200, await showSubscription(id, deps));
      case 'PUT /v1/subscriptions/{id}': {
        const replaced = await replaceSubscription(id, readJsonBody(event), deps);
        logger.info('subscription replaced', { subscriptionId: id, by: principalOf(event)?.keyId });
        return json(200, replaced);
      }
      case 'DELETE /v1/subscriptions/{id}': {
        const deleted = await deleteSubscription(id, deps);
        logger.info('subscription deleted', { subscriptionId: id, by: principalOf(event)?.keyId });
        return json(200, deleted);
      }
      default:
        throw new NotFoundError(`No route ${event.routeKey}`);
    }
  });
