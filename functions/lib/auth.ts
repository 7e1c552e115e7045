import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Principal } from '../../shared/access/authorize.js';
import { UnauthorizedError } from '../../shared/errors.js';
import type { Actor } from '../../shared/triage/actions.js';

/**
 * The principal the authorizer attached (`requestContext.authorizer.lambda`, filled by the Lambda
 * authorizer on AWS and by the local server with the very same function), or undefined.
 */
export const principalOf = (event: APIGatewayProxyEventV2): Principal | undefined => {
  const ctx = (event.requestContext as { authorizer?: { lambda?: Partial<Principal> } }).authorizer?.lambda;
  return ctx?.keyId && ctx.name ? { keyId: ctx.keyId, name: ctx.name, scopes: ctx.scopes ?? '' } : undefined;
};

/** The acting key as an audit-trail actor; a route behind the authorizer always has one. */
export const actorOf = (event: APIGatewayProxyEventV2): Actor => {
  const principal = principalOf(event);
  if (!principal) throw new UnauthorizedError('No API key on this request');
  return { name: principal.name, keyId: principal.keyId };
};
