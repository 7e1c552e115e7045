import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { hasScope, parseScopes, SCOPES } from '../../shared/access/scopes.js';
import { NotFoundError } from '../../shared/errors.js';
import { getStatus, type StatusDeps } from '../../shared/status/get-status.js';
import { principalOf } from '../lib/auth.js';
import { httpErrors, json } from '../lib/http.js';
import { logger } from '../lib/powertools.js';

/**
 * GET /v1/status: the analysis backlog, the range of `occurredAt` that holds data, and what the calling
 * key may do (`key.scopes`, with `admin` expanded), so the dashboard offers only the actions it allows.
 */
export const makeHandler = (deps: StatusDeps) =>
  middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(injectLambdaContext(logger, { clearState: true }))
    .use(httpErrors())
    .handler(async (event) => {
      if (event.routeKey !== 'GET /v1/status') throw new NotFoundError(`No route ${event.routeKey}`);
      const principal = principalOf(event);
      const granted = principal ? parseScopes(principal.scopes) : [];
      const key = principal
        ? { name: principal.name, scopes: SCOPES.filter((scope) => hasScope(granted, scope)) }
        : null;
      return json(200, { ...(await getStatus(deps)), key });
    });
