import { NotFoundError } from '../../shared/errors.js';
import type { DeliverDeps } from '../../shared/reports/deliver-digest.js';
import type { SubscriptionStore } from '../../shared/reports/delivery-ports.js';
import { parsePreviewRequest } from '../../shared/reports/preview-request.js';
import { sendDigestNow } from '../../shared/reports/send-due-digests.js';
import { parseSendRequest } from '../../shared/reports/send-request.js';
import { principalOf } from '../lib/auth.js';
import { httpHandler } from '../lib/handlers.js';
import { json, readJsonBody } from '../lib/http.js';
import { logger } from '../lib/powertools.js';

/** What the report routes need: the renderer and mailer (DeliverDeps), the subscriptions, the default zone. */
export type ReportsDeps = DeliverDeps & { subscriptions: SubscriptionStore; timezone: string };

/**
 * One digest now (admin): POST /v1/reports/preview renders it (images base64 encoded) and sends nothing;
 * POST /v1/reports/send renders a subscription's digest and delivers it (once per period unless forced).
 */
export const makeHandler = (deps: ReportsDeps) =>
  httpHandler(async (event, { report }) => {
    switch (event.routeKey) {
      case 'POST /v1/reports/preview': {
        const request = parsePreviewRequest(
          event.body ? readJsonBody(event) : {},
          { timezone: deps.timezone, ...(deps.dashboardUrl ? { dashboardUrl: deps.dashboardUrl } : {}) },
          deps.now(),
        );
        const started = Date.now();
        const digest = await deps.render(request);
        logger.info('digest preview', {
          period: request.period.key,
          language: request.language,
          empty: digest.empty,
          images: digest.images.length,
          ms: Date.now() - started,
        });
        return json(200, {
          period: request.period,
          digest: { ...digest, images: digest.images.map((i) => ({ ...i, content: i.content.toString('base64') })) },
        });
      }
      case 'POST /v1/reports/send': {
        const outcome = await sendDigestNow(parseSendRequest(readJsonBody(event)), deps);
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
