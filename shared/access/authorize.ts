import { constantTimeEqual, hashKey, KEY_PREFIX, keyIdFromHash } from './keys.js';
import type { ApiKeyRecord, KeyStore } from './ports.js';
import { hasScope, type Scope } from './scopes.js';

/** Who a request acts as: passed to handlers as the authorizer context (`requestContext.authorizer.lambda`). */
export interface Principal {
  keyId: string;
  name: string;
  /** Comma-separated: API Gateway authorizer context values must be scalars. */
  scopes: string;
}

/** The outcome: allowed with a principal, or 401 (who are you?) / 403 (not allowed to). */
export type AuthDecision =
  | { allowed: true; principal: Principal }
  | { allowed: false; status: 401 | 403; message: string };

/** What authorization needs. */
export interface AuthorizeDeps {
  keys: Pick<KeyStore, 'findById'>;
  /** The local stack's bootstrap admin key (KOE_BOOTSTRAP_KEY), if any. */
  bootstrapKey?: string | undefined;
}

/** The principal of the bootstrap admin key. */
export const BOOTSTRAP_PRINCIPAL: Principal = { keyId: 'bootstrap', name: 'bootstrap', scopes: 'admin' };

const bearer = (header: string | undefined) => {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
};

const deny = (status: 401 | 403, message: string): AuthDecision => ({ allowed: false, status, message });

const principalOf = (record: ApiKeyRecord): Principal => ({
  keyId: record.id,
  name: record.name,
  scopes: record.scopes.join(','),
});

/**
 * Checks `Authorization: Bearer <key>` against the stored key hashes (or the bootstrap key) and
 * the scope the route needs. The scope check happens here, before any handler reads data, so a
 * key without the scope learns nothing (not even whether an id exists).
 */
export const authorize = async (
  authorization: string | undefined,
  required: Scope,
  deps: AuthorizeDeps,
): Promise<AuthDecision> => {
  const key = bearer(authorization);
  if (!key) return deny(401, 'Send an API key as Authorization: Bearer <key>');
  let principal: Principal | undefined;
  if (deps.bootstrapKey && constantTimeEqual(key, deps.bootstrapKey)) principal = BOOTSTRAP_PRINCIPAL;
  else if (key.startsWith(KEY_PREFIX)) {
    const hash = hashKey(key);
    const record = await deps.keys.findById(keyIdFromHash(hash));
    if (record && constantTimeEqual(record.hash, hash) && !record.revokedAt) principal = principalOf(record);
  }
  if (!principal) return deny(401, 'Unknown or revoked API key');
  const scopes = principal.scopes.split(',') as Scope[];
  if (!hasScope(scopes, required))
    return deny(403, `This API key (${principal.name}) lacks the '${required}' scope this route needs`);
  return { allowed: true, principal };
};
