/**
 * `koe dlq list|replay`: the analysis queue's dead letters, through the running stack's admin API
 * (`GET /v1/dlq`, `POST /v1/dlq/replay`) — the same routes locally and on AWS.
 */
import { parseArgs } from 'node:util';
import type { DeadLetter } from '../../shared/feedback/ports.js';

const USAGE = `usage:
  koe dlq list   [--url URL] [--limit N] [--json]
  koe dlq replay [--url URL] (HANDLE... | --all)

URL defaults to $KOE_URL, then http://127.0.0.1:8787. $KOE_API_KEY, when set, is sent as a bearer token.`;

const DEFAULT_URL = 'http://127.0.0.1:8787';

/** Where the stack is and how to authenticate; `fetch` is injectable so tests can see the requests. */
export interface DlqIo {
  env: NodeJS.ProcessEnv;
  out: (text: string) => void;
  err: (text: string) => void;
  fetch: typeof fetch;
}

class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

const call = async (io: DlqIo, base: string, path: string, init: RequestInit = {}): Promise<unknown> => {
  const url = new URL(path, base.endsWith('/') ? base : `${base}/`);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body) headers['content-type'] = 'application/json';
  if (io.env.KOE_API_KEY) headers.authorization = `Bearer ${io.env.KOE_API_KEY}`;
  let res: Response;
  try {
    res = await io.fetch(url, { ...init, headers, signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    throw new CliError(
      `cannot reach Koe at ${base} (${cause}). Is the stack running? Start it with \`npm start\`, or pass --url / set KOE_URL.`,
      1,
    );
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    throw new CliError(`${url.pathname} answered ${res.status} with a body that is not JSON; is ${base} Koe?`, 1);
  }
  if (!res.ok) {
    const message = (body as { error?: { message?: string } } | undefined)?.error?.message ?? res.statusText;
    const hint = res.status === 401 || res.status === 403 ? ' (set KOE_API_KEY to a key with the admin scope)' : '';
    throw new CliError(`${init.method ?? 'GET'} ${url.pathname} failed: ${res.status} ${message}${hint}`, 1);
  }
  return body;
};

const describe = (item: DeadLetter) => {
  let what = item.body;
  try {
    const { id, revision } = JSON.parse(item.body) as { id?: string; revision?: number };
    if (id) what = `${id} rev ${revision ?? '?'}`;
  } catch {
    // Not an analysis message: show the body as it is.
  }
  return [item.handle, what, String(item.attempts), item.firstFailedAt, item.lastError ?? ''];
};

const table = (rows: string[][]) => {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  '))
    .join('\n');
};

const list = async (args: string[], io: DlqIo) => {
  const { values } = parseArgs({
    args,
    options: { url: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } },
    strict: true,
    allowPositionals: false,
  });
  const limit = values.limit ?? '100';
  if (!/^\d+$/.test(limit) || Number(limit) < 1)
    throw new CliError(`--limit must be a positive integer, got '${limit}'`, 2);
  const base = values.url ?? io.env.KOE_URL ?? DEFAULT_URL;
  const body = (await call(io, base, `v1/dlq?limit=${limit}`)) as { items?: DeadLetter[] };
  const items = body?.items ?? [];
  if (values.json) {
    io.out(`${JSON.stringify(items, null, 2)}\n`);
  } else if (items.length === 0) {
    io.out('no dead letters\n');
  } else {
    io.out(`${table([['HANDLE', 'MESSAGE', 'ATTEMPTS', 'FIRST FAILED', 'LAST ERROR'], ...items.map(describe)])}\n`);
    io.out(`${items.length} dead letter(s); replay with: koe dlq replay HANDLE... or --all\n`);
  }
};

const replay = async (args: string[], io: DlqIo) => {
  const { values, positionals } = parseArgs({
    args,
    options: { url: { type: 'string' }, all: { type: 'boolean' } },
    strict: true,
    allowPositionals: true,
  });
  if (values.all && positionals.length) throw new CliError('give handles or --all, not both', 2);
  if (!values.all && !positionals.length) throw new CliError('nothing to replay: give handles, or --all', 2);
  const base = values.url ?? io.env.KOE_URL ?? DEFAULT_URL;
  const body = (await call(io, base, 'v1/dlq/replay', {
    method: 'POST',
    body: JSON.stringify(values.all ? {} : { handles: positionals }),
  })) as { replayed?: number };
  const replayed = body?.replayed ?? 0;
  io.out(`replayed ${replayed} message(s)\n`);
  if (!values.all && replayed < positionals.length) {
    io.err(`${positionals.length - replayed} handle(s) were not dead letters (already replayed, or mistyped)\n`);
  }
};

/** Runs `koe dlq <list|replay> ...` with the given I/O; returns the exit code. */
export const runDlq = async (args: string[], io: DlqIo): Promise<number> => {
  const [sub, ...rest] = args;
  try {
    if (sub === 'list') await list(rest, io);
    else if (sub === 'replay') await replay(rest, io);
    else if (sub === '--help' || sub === '-h' || sub === 'help') {
      io.out(`${USAGE}\n`);
    } else {
      throw new CliError(sub ? `unknown subcommand '${sub}'` : 'missing subcommand', 2);
    }
    return 0;
  } catch (error) {
    const exitCode = error instanceof CliError ? error.exitCode : 2; // parseArgs errors are usage errors
    io.err(`koe dlq: ${(error as Error).message}\n${exitCode === 2 ? `\n${USAGE}\n` : ''}`);
    return exitCode;
  }
};

export const run = (args: string[]): Promise<number> =>
  runDlq(args, {
    env: process.env,
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    fetch: globalThis.fetch,
  });
