import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { NotFoundError } from '../../shared/errors.js';
import { getStatus, type StatusDeps } from '../../shared/status/get-status.js';
import { httpErrors, json } from '../lib/http.js';
import { logger } from '../lib/powertools.js';

/** GET /v1/status: the analysis backlog and the range of `occurredAt` that holds data. */
export const makeHandler = (deps: StatusDeps) =>
  middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(injectLambdaContext(logger, { clearState: true }))
    .use(httpErrors())
    .handler(async (event) => {
      if (event.routeKey !== 'GET /v1/status') throw new NotFoundError(`No route ${event.routeKey}`);
      return json(200, await getStatus(deps));
    });
