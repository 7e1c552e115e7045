import type { APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerWithContextResult } from 'aws-lambda';
import type { AuthorizeDeps, Principal } from '../../shared/access/authorize.js';
import { jobHandler } from '../lib/handlers.js';
import { logger } from '../lib/powertools.js';
import { authorizeRoute } from './authorize-route.js';

/**
 * API Gateway HTTP API REQUEST authorizer (simple responses). A denied request — a wrong or revoked
 * key as much as a missing scope — is `isAuthorized: false` (API Gateway answers 403), never a thrown
 * error: a stranger guessing keys must not set off the AuthorizerErrors or function-error alarms.
 * A request without an Authorization header never reaches this function (identity source): 401.
 * The principal goes to the handler as `requestContext.authorizer.lambda`. Log lines carry the request id.
 */
export const makeHandler = (deps: AuthorizeDeps) =>
  jobHandler<
    APIGatewayRequestAuthorizerEventV2,
    APIGatewaySimpleAuthorizerWithContextResult<Principal | Record<string, never>>
  >(async (event) => {
    const decision = await authorizeRoute(event.routeKey, event.headers, deps);
    if (decision.allowed) return { isAuthorized: true, context: decision.principal ?? {} };
    logger.info('access denied', { routeKey: event.routeKey, status: decision.status });
    return { isAuthorized: false, context: {} };
  });
