import { hasScope, parseScopes, SCOPES } from '../../shared/access/scopes.js';
import { NotFoundError } from '../../shared/errors.js';
import { getStatus, type StatusDeps } from '../../shared/status/get-status.js';
import { principalOf } from '../lib/auth.js';
import { httpHandler } from '../lib/handlers.js';
import { json } from '../lib/http.js';

/**
 * GET /v1/status: the analysis backlog, the range of `occurredAt` that holds data, and what the calling
 * key may do (`key.scopes`, with `admin` expanded), so the dashboard offers only the actions it allows.
 */
export const makeHandler = (deps: StatusDeps) =>
  httpHandler(async (event) => {
    if (event.routeKey !== 'GET /v1/status') throw new NotFoundError(`No route ${event.routeKey}`);
    const principal = principalOf(event);
    const granted = principal ? parseScopes(principal.scopes) : [];
    const key = principal ? { name: principal.name, scopes: SCOPES.filter((scope) => hasScope(granted, scope)) } : null;
    return json(200, { ...(await getStatus(deps)), key });
  });
