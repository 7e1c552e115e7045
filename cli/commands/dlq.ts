/**
 * `koe dlq list|replay`: the analysis queue's dead letters, through the running stack's admin API
 * (`GET /v1/dlq`, `POST /v1/dlq/replay`) — the same routes locally and on AWS.
 */
import { parseArgs } from 'node:util';
import type { DeadLetter } from '../../shared/feedback/ports.js';
import { baseUrl, CliError, type CliIo, callApi, columns, processIo, runCommand } from '../lib/api.js';

const USAGE = `usage:
  koe dlq list   [--url URL] [--limit N] [--json]
  koe dlq replay [--url URL] (HANDLE... | --all)

URL defaults to $KOE_URL, then http://127.0.0.1:8787. $KOE_API_KEY, when set, is sent as a bearer token.`;

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

const list = async (args: string[], io: CliIo) => {
  const { values } = parseArgs({
    args,
    options: { url: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } },
    strict: true,
    allowPositionals: false,
  });
  const limit = values.limit ?? '100';
  if (!/^\d+$/.test(limit) || Number(limit) < 1)
    throw new CliError(`--limit must be a positive integer, got '${limit}'`, 2);
  const base = baseUrl(values.url, io.env);
  const body = (await callApi(io, base, `v1/dlq?limit=${limit}`, { scopeHint: 'admin' })) as { items?: DeadLetter[] };
  const items = body?.items ?? [];
  if (values.json) {
    io.out(`${JSON.stringify(items, null, 2)}\n`);
  } else if (items.length === 0) {
    io.out('no dead letters\n');
  } else {
    io.out(`${columns([['HANDLE', 'MESSAGE', 'ATTEMPTS', 'FIRST FAILED', 'LAST ERROR'], ...items.map(describe)])}\n`);
    io.out(`${items.length} dead letter(s); replay with: koe dlq replay HANDLE... or --all\n`);
  }
};

const replay = async (args: string[], io: CliIo) => {
  const { values, positionals } = parseArgs({
    args,
    options: { url: { type: 'string' }, all: { type: 'boolean' } },
    strict: true,
    allowPositionals: true,
  });
  if (values.all && positionals.length) throw new CliError('give handles or --all, not both', 2);
  if (!values.all && !positionals.length) throw new CliError('nothing to replay: give handles, or --all', 2);
  const base = baseUrl(values.url, io.env);
  const body = (await callApi(io, base, 'v1/dlq/replay', {
    method: 'POST',
    body: values.all ? {} : { handles: positionals },
    scopeHint: 'admin',
  })) as { replayed?: number };
  const replayed = body?.replayed ?? 0;
  io.out(`replayed ${replayed} message(s)\n`);
  if (!values.all && replayed < positionals.length) {
    io.err(`${positionals.length - replayed} handle(s) were not dead letters (already replayed, or mistyped)\n`);
  }
};

/** Runs `koe dlq <list|replay> ...` with the given I/O; returns the exit code. */
export const runDlq = (args: string[], io: CliIo): Promise<number> =>
  runCommand('dlq', USAGE, io, async () => {
    const [sub, ...rest] = args;
    if (sub === 'list') await list(rest, io);
    else if (sub === 'replay') await replay(rest, io);
    else if (sub === '--help' || sub === '-h' || sub === 'help') io.out(`${USAGE}\n`);
    else throw new CliError(sub ? `unknown subcommand '${sub}'` : 'missing subcommand', 2);
  });

export const run = (args: string[]): Promise<number> => runDlq(args, processIo());
