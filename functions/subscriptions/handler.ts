import { z } from 'zod';
import { NotFoundError, ValidationError } from '../../shared/errors.js';
import type { DeliverDeps } from '../../shared/reports/deliver-digest.js';
import {
  createSubscription,
  deleteSubscription,
  listSubscriptions,
  replaceSubscription,
  type SubscriptionDeps,
  showSubscription,
} from '../../shared/reports/manage-subscriptions.js';
import { sendDigestNow } from '../../shared/reports/send-due-digests.js';
import { principalOf } from '../lib/auth.js';
import { httpHandler } from '../lib/handlers.js';
import { json, readJsonBody } from '../lib/http.js';
import { logger } from '../lib/powertools.js';

/** What the subscription routes need: the stores, and for POST /v1/reports/send the renderer and mailer. */
export type SubscriptionsHandlerDeps = SubscriptionDeps & DeliverDeps;

const sendBody = z.strictObject({
  subscriptionId: z.string().min(1),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
    .optional(),
  force: z.boolean().optional(),
});

const parseSend = (body: unknown) => {
  const parsed = sendBody.safeParse(body);
  if (!parsed.success)
    throw new ValidationError(
      'Invalid send request',
      parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message })),
    );
  return parsed.data;
};

/**
 * The digest subscription routes (admin): POST/GET /v1/subscriptions, GET/PUT/DELETE /v1/subscriptions/{id},
 * and POST /v1/reports/send (render and deliver one digest now). Logs ids, never addresses.
 */
export const makeHandler = (deps: SubscriptionsHandlerDeps) =>
  httpHandler(async (event, { report }) => {
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
      case 'POST /v1/reports/send': {
        const input = parseSend(readJsonBody(event));
        const outcome = await sendDigestNow(input, deps);
        logger.info('digest sent on request', {
          subscriptionId: outcome.subscriptionId,
          period: outcome.period,
          status: outcome.status,
          attempts: outcome.attempts,
          by: principalOf(event)?.keyId,
        });
        report({ digestsSent: outcome.status === 'sent' ? 1 : 0, digestsFailed: outcome.status === 'failed' ? 1 : 0 });
        // A failed send is still a 200: the request was carried out and the failure is recorded for retry.
        return json(200, outcome);
      }
      default:
        throw new NotFoundError(`No route ${event.routeKey}`);
    }
  });
