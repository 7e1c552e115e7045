import { createApiKey, listApiKeys, parseCreateKey, revokeApiKey } from '../../shared/access/manage-keys.js';
import type { KeyStore } from '../../shared/access/ports.js';
import { NotFoundError } from '../../shared/errors.js';
import { actorOf } from '../lib/auth.js';
import { httpHandler } from '../lib/handlers.js';
import { json, readJsonBody } from '../lib/http.js';
import { logger } from '../lib/powertools.js';

/** What the key routes need. */
export interface KeysHandlerDeps {
  keys: KeyStore;
  now: () => Date;
}

/** POST /v1/keys (the key is in this answer only), GET /v1/keys, DELETE /v1/keys/{id}. Admin scope. */
export const makeHandler = (deps: KeysHandlerDeps) =>
  httpHandler(async (event) => {
    switch (event.routeKey) {
      case 'POST /v1/keys': {
        const created = await createApiKey(parseCreateKey(readJsonBody(event)), deps);
        logger.info('api key created', { keyId: created.id, by: actorOf(event).keyId, scopes: created.scopes });
        return json(201, created);
      }
      case 'GET /v1/keys':
        return json(200, { items: await listApiKeys(deps) });
      case 'DELETE /v1/keys/{id}': {
        const revoked = await revokeApiKey(event.pathParameters?.id ?? '', deps);
        logger.info('api key revoked', { keyId: revoked.id, by: actorOf(event).keyId });
        return json(200, revoked);
      }
      default:
        throw new NotFoundError(`No route ${event.routeKey}`);
    }
  });
