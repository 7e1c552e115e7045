/**
 * `koe keys create|list|revoke`: API keys through the admin routes (`POST/GET /v1/keys`,
 * `DELETE /v1/keys/{id}`), or straight on the table with `--table` (the first admin key on AWS,
 * where IAM credentials are the root of trust and there is no bootstrap key).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type ApiKeyView, createApiKey, listApiKeys, revokeApiKey } from '../../shared/access/manage-keys.js';
import { parseScopes } from '../../shared/access/scopes.js';
import { DynamoKeyStore } from '../../shared/adapters/dynamo/key-store.js';
import { CliError, type CliIo, callApi, columns, processIo } from '../lib/api.js';
import { API_OPTIONS, JSON_OPTION, runCommand } from '../lib/command.js';

const USAGE = `usage:
  koe keys create --name NAME --scopes ingest,read,triage,admin [--url URL | --table TABLE [--endpoint URL]]
  koe keys list   [--json] [--url URL | --table TABLE [--endpoint URL]]
  koe keys revoke ID [--url URL | --table TABLE [--endpoint URL]]

Through the API by default: URL from --url, $KOE_URL or http://127.0.0.1:8787, with $KOE_API_KEY (admin scope).
--table writes the DynamoDB table directly with your AWS credentials (how the first admin key is made on AWS).
The new key is printed once on stdout; only its SHA-256 hash is stored.`;

type Backend = {
  create(name: string, scopes: string[]): Promise<ApiKeyView & { key: string }>;
  list(): Promise<ApiKeyView[]>;
  revoke(id: string): Promise<ApiKeyView>;
};

const apiBackend = (io: CliIo, base: string): Backend => ({
  create: async (name, scopes) =>
    (await callApi(io, base, '/v1/keys', {
      method: 'POST',
      body: { name, scopes },
      scopeHint: 'admin',
    })) as ApiKeyView & {
      key: string;
    },
  list: async () => ((await callApi(io, base, '/v1/keys', { scopeHint: 'admin' })) as { items: ApiKeyView[] }).items,
  revoke: async (id) =>
    (await callApi(io, base, `/v1/keys/${encodeURIComponent(id)}`, {
      method: 'DELETE',
      scopeHint: 'admin',
    })) as ApiKeyView,
});

const tableBackend = (table: string, endpoint: string | undefined): Backend => {
  const keys = new DynamoKeyStore(new DynamoDBClient(endpoint ? { endpoint } : {}), table);
  const now = () => new Date();
  return {
    create: (name, scopes) => createApiKey({ name, scopes: parseScopes(scopes) }, { keys, now }),
    list: () => listApiKeys({ keys }),
    revoke: (id) => revokeApiKey(id, { keys, now }),
  };
};

const row = (k: ApiKeyView) => [
  k.id,
  k.name,
  k.scopes.join(','),
  k.createdAt,
  k.revokedAt ? `revoked ${k.revokedAt}` : 'active',
];

/** Runs `koe keys …`; returns the exit code. */
export const run = (args: string[], io: CliIo = processIo()): Promise<number> =>
  runCommand(
    {
      name: 'keys',
      usage: USAGE,
      options: {
        name: { type: 'string' },
        scopes: { type: 'string' },
        table: { type: 'string' },
        endpoint: { type: 'string' },
        ...API_OPTIONS,
        ...JSON_OPTION,
      },
      positionals: true,
      run: async ({ values, positionals, base }) => {
        const [sub, ...rest] = positionals;
        if (!sub) throw new CliError('missing subcommand: create, list or revoke', 2);
        const backend = values.table ? tableBackend(values.table, values.endpoint) : apiBackend(io, base);
        switch (sub) {
          case 'create': {
            if (!values.name || !values.scopes) throw new CliError('create needs --name and --scopes', 2);
            const created = await backend.create(values.name, values.scopes.split(','));
            if (values.json) io.out(`${JSON.stringify(created)}\n`);
            else {
              io.out(`${created.key}\n`);
              io.err(
                `created ${created.id} (${created.name}: ${created.scopes.join(',')}). Store the key now: it is not shown again.\n`,
              );
            }
            return 0;
          }
          case 'list': {
            const keys = await backend.list();
            if (values.json) io.out(`${JSON.stringify(keys)}\n`);
            else if (keys.length === 0) io.out('no API keys\n');
            else io.out(`${columns([['ID', 'NAME', 'SCOPES', 'CREATED', 'STATE'], ...keys.map(row)])}\n`);
            return 0;
          }
          case 'revoke': {
            const [id] = rest;
            if (!id) throw new CliError('revoke needs the key id (see koe keys list)', 2);
            const revoked = await backend.revoke(id);
            io.out(`revoked ${revoked.id} (${revoked.name}) at ${revoked.revokedAt}\n`);
            return 0;
          }
          default:
            throw new CliError(`unknown subcommand '${sub}'`, 2);
        }
      },
    },
    args,
    io,
  );
