import { type AuthDecision, type AuthorizeDeps, authorize } from '../../shared/access/authorize.js';
import { routeScope } from '../routes.js';

/**
 * The one access check, used by the Lambda authorizer on AWS and by the local server before
 * every handler: the route's scope from functions/routes.ts, then the key. Public routes pass.
 */
export const authorizeRoute = async (
  routeKey: string,
  headers: Record<string, string | undefined> | undefined,
  deps: AuthorizeDeps,
): Promise<AuthDecision | { allowed: true; principal?: undefined }> => {
  const scope = routeScope(routeKey);
  if (scope === 'public') return { allowed: true };
  // A route missing from the table is treated as the most protected kind, never as public.
  return authorize(headers?.authorization ?? headers?.Authorization, scope ?? 'admin', deps);
};
