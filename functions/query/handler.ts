import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { NotFoundError } from '../../shared/errors.js';
import type { FeedbackStore } from '../../shared/feedback/ports.js';
import { parseQueueQuery, toQueueEntry } from '../../shared/feedback/queue-view.js';
import { httpErrors, json } from '../lib/http.js';
import { logger } from '../lib/powertools.js';

/** What the read side needs. */
export interface QueryDeps {
  store: FeedbackStore;
}

/** GET /health, GET /v1/feedback/{id}, GET /v1/queue. */
export const makeHandler = (deps: QueryDeps) =>
  middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(injectLambdaContext(logger, { clearState: true }))
    .use(httpErrors())
    .handler(async (event) => {
      switch (event.routeKey) {
        case 'GET /health':
          return json(200, { status: 'ok' });
        case 'GET /v1/feedback/{id}': {
          const id = event.pathParameters?.id ?? '';
          const item = await deps.store.get(id);
          if (!item) throw new NotFoundError(`No feedback with id '${id}'`);
          return json(200, item);
        }
        case 'GET /v1/queue': {
          const page = await deps.store.queue(parseQueueQuery(event.queryStringParameters ?? {}));
          return json(200, { items: page.items.map(toQueueEntry), nextCursor: page.nextCursor ?? null });
        }
        default:
          throw new NotFoundError(`No route ${event.routeKey}`);
      }
    });
