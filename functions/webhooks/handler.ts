import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { receiveWebhook, type WebhookDeps } from '../../shared/webhooks/receive.js';
import { httpHandler } from '../lib/handlers.js';
import { json } from '../lib/http.js';
import { logger } from '../lib/powertools.js';

const lowerCased = (headers: APIGatewayProxyEventV2['headers']) =>
  Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));

/**
 * POST /v1/webhooks/{tool}: public (no API key); the tool's signature over the raw body is the
 * credential, checked before anything is parsed. 202 with the conversation's id, 200 for an event Koe ignores.
 */
export const makeHandler = (deps: WebhookDeps) =>
  httpHandler(async (event, { report }) => {
    const tool = event.pathParameters?.tool ?? '';
    const raw = event.body ?? '';
    const body = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
    const result = await receiveWebhook(
      { tool, headers: lowerCased(event.headers), body },
      { ...deps, onRefused: (t, reason) => logger.warn('webhook signature refused', { tool: t, reason }) },
    );
    if (result.status === 'ignored') {
      logger.info('webhook ignored', { tool, reason: result.reason });
      return json(200, result);
    }
    logger.info('webhook accepted', { tool, id: result.id, status: result.status, turns: result.turns });
    report({ itemsIngested: result.status === 'duplicate' ? 0 : 1 });
    return json(202, result);
  });
