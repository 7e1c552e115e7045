import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

/** The help text of `npm start`. */
export const USAGE = `usage: npm start -- [options]    (the -- passes the options on; npm keeps them otherwise)

Starts Koe locally: HTTP API, embedded DynamoDB (dynalite), analysis queue and scheduler.

options:
  --port N     port to listen on (env PORT; default 8787; 0 picks a free one)
  --host H     interface to bind (default 127.0.0.1)
  --data DIR   folder for persisted data (env KOE_DATA_DIR; default .koe/ in the current folder)
  --memory     keep nothing on disk (ignores --data and KOE_DATA_DIR)
  --json-logs  log every request as a JSON line (default: a progress line every few seconds while busy)
  --help       show this help`;

/** What the command line asks for. */
export interface MainOptions {
  port: number;
  host?: string | undefined;
  dataDir?: string | undefined;
  /** JSON lines per request (Powertools) instead of the human-readable progress line. */
  jsonLogs: boolean;
}

/** A command line that cannot be run; main prints it with the usage and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const parsePort = (text: string, from: string) => {
  if (!/^\d+$/.test(text) || Number(text) > 65_535)
    throw new UsageError(`${from} must be a port number 0-65535, got '${text}'`);
  return Number(text);
};

/** Reads flags and environment; returns undefined when only help was asked for. */
export const parseMainArgs = (argv: string[], env: NodeJS.ProcessEnv, cwd: string): MainOptions | undefined => {
  // `npm start --port 9000` without `--`: npm keeps `--port` as its own setting and passes only `9000` on.
  const eaten = ['port', 'host', 'data', 'memory', 'json_logs'].find((name) => env[`npm_config_${name}`] !== undefined);
  if (eaten && env.npm_lifecycle_event === 'start') {
    const flag = `--${eaten.replace('_', '-')}`;
    throw new UsageError(
      `npm kept ${flag} for itself: put -- before the options, as in: npm start -- ${flag} ${argv.join(' ')}`.trimEnd(),
    );
  }
  let values: { port?: string; host?: string; data?: string; memory?: boolean; help?: boolean; 'json-logs'?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        data: { type: 'string' },
        memory: { type: 'boolean' },
        'json-logs': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return undefined;
  if (values.memory && values.data) throw new UsageError('--memory and --data exclude each other');
  const port =
    values.port !== undefined ? parsePort(values.port, '--port') : env.PORT ? parsePort(env.PORT, 'PORT') : 8787;
  if (values.host === '') throw new UsageError('--host needs a value');
  const dataDir = values.memory ? undefined : resolve(cwd, values.data || env.KOE_DATA_DIR || '.koe');
  return { port, host: values.host, dataDir, jsonLogs: values['json-logs'] ?? false };
};
