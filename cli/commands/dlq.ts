/**
 * `koe dlq list|replay`: the analysis queue's dead letters, through the running stack's admin API
 * (`GET /v1/dlq`, `POST /v1/dlq/replay`) — the same routes locally and on AWS.
 */
import type { DeadLetter } from '../../shared/feedback/ports.js';
import { CliError, type CliIo, callApi, columns, processIo } from '../lib/api.js';
import { API_OPTIONS, type CommandInput, JSON_OPTION, runCommand } from '../lib/command.js';

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

const OPTIONS = {
  limit: { type: 'string' },
  all: { type: 'boolean' },
  ...API_OPTIONS,
  ...JSON_OPTION,
} as const;
type Input = CommandInput<typeof OPTIONS>;

const list = async ({ values, positionals, base }: Input, io: CliIo) => {
  if (positionals.length > 1) throw new CliError(`unexpected argument '${positionals[1]}'`, 2);
  if (values.all) throw new CliError('--all goes with replay', 2);
  const limit = values.limit ?? '100';
  if (!/^\d+$/.test(limit) || Number(limit) < 1)
    throw new CliError(`--limit must be a positive integer, got '${limit}'`, 2);
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

const replay = async ({ values, positionals, base }: Input, io: CliIo) => {
  if (values.limit !== undefined || values.json) throw new CliError('--limit and --json go with list', 2);
  const handles = positionals.slice(1);
  if (values.all && handles.length) throw new CliError('give handles or --all, not both', 2);
  if (!values.all && !handles.length) throw new CliError('nothing to replay: give handles, or --all', 2);
  const body = (await callApi(io, base, 'v1/dlq/replay', {
    method: 'POST',
    body: values.all ? {} : { handles },
    scopeHint: 'admin',
  })) as { replayed?: number };
  const replayed = body?.replayed ?? 0;
  io.out(`replayed ${replayed} message(s)\n`);
  if (!values.all && replayed < handles.length) {
    io.err(`${handles.length - replayed} handle(s) were not dead letters (already replayed, or mistyped)\n`);
  }
};

/** Runs `koe dlq <list|replay> ...` with the given I/O; returns the exit code. */
export const runDlq = (args: string[], io: CliIo): Promise<number> =>
  runCommand(
    {
      name: 'dlq',
      usage: USAGE,
      options: OPTIONS,
      positionals: true,
      run: async (input) => {
        const sub = input.positionals[0];
        if (sub === 'list') await list(input, io);
        else if (sub === 'replay') await replay(input, io);
        else if (sub === 'help') io.out(`${USAGE}\n`);
        else throw new CliError(sub ? `unknown subcommand '${sub}'` : 'missing subcommand', 2);
      },
    },
    args,
    io,
  );

export const run = (args: string[]): Promise<number> => runDlq(args, processIo());
