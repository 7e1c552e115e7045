import { z } from 'zod';
import { NotFoundError, ValidationError } from '../errors.js';
import { generateKey } from './keys.js';
import type { ApiKeyRecord, KeyStore } from './ports.js';
import { parseScopes, type Scope } from './scopes.js';

/** A key as listed: everything but the hash. */
export type ApiKeyView = Omit<ApiKeyRecord, 'hash'>;

const view = ({ hash: _hash, ...rest }: ApiKeyRecord): ApiKeyView => rest;

const createBody = z
  .object({ name: z.string().trim().min(1).max(100), scopes: z.union([z.string(), z.array(z.string())]) })
  .strict();

/** Validates a key-creation request body. */
export const parseCreateKey = (body: unknown): { name: string; scopes: Scope[] } => {
  const result = createBody.safeParse(body ?? {});
  if (!result.success)
    throw new ValidationError(
      'Invalid key request',
      result.error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message })),
    );
  return { name: result.data.name, scopes: parseScopes(result.data.scopes) };
};

/** Creates a key; the answer holds the key itself, the only time it is ever shown. */
export const createApiKey = async (
  input: { name: string; scopes: Scope[] },
  deps: { keys: KeyStore; now: () => Date },
): Promise<ApiKeyView & { key: string }> => {
  const { key, hash, id } = generateKey();
  const record: ApiKeyRecord = {
    id,
    name: input.name,
    scopes: input.scopes,
    hash,
    createdAt: deps.now().toISOString(),
  };
  await deps.keys.create(record);
  return { ...view(record), key };
};

/** Lists keys without their hashes. */
export const listApiKeys = async (deps: { keys: KeyStore }): Promise<ApiKeyView[]> =>
  (await deps.keys.list()).map(view);

/** Revokes a key (idempotent: revoking twice keeps the first time); 404 for an unknown id. */
export const revokeApiKey = async (id: string, deps: { keys: KeyStore; now: () => Date }): Promise<ApiKeyView> => {
  const record = await deps.keys.revoke(id, deps.now().toISOString());
  if (!record) throw new NotFoundError(`No API key with id '${id}'`);
  return view(record);
};
