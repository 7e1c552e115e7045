import type { APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerWithContextResult } from 'aws-lambda';
import type { AuthorizeDeps, Principal } from '../../shared/access/authorize.js';
import { logger } from '../lib/powertools.js';
import { authorizeRoute } from './authorize-route.js';

/**
 * API Gateway HTTP API REQUEST authorizer (simple responses). 401 is signalled by throwing
 * `Unauthorized` (API Gateway's convention), 403 by `isAuthorized: false`; the principal goes to
 * the handler as `requestContext.authorizer.lambda`.
 */
export const makeHandler =
  (deps: AuthorizeDeps) =>
  async (
    event: APIGatewayRequestAuthorizerEventV2,
  ): Promise<APIGatewaySimpleAuthorizerWithContextResult<Principal | Record<string, never>>> => {
    const decision = await authorizeRoute(event.routeKey, event.headers, deps);
    if (decision.allowed) return { isAuthorized: true, context: decision.principal ?? {} };
    logger.info('access denied', { routeKey: event.routeKey, status: decision.status });
    if (decision.status === 401) throw new Error('Unauthorized');
    return { isAuthorized: false, context: {} };
  };
