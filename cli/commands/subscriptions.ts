/**
 * `koe subscriptions create|list|show|update|delete`: e-mail digest subscriptions through the admin routes
 * `POST/GET /v1/subscriptions` and `GET/PUT/DELETE /v1/subscriptions/{id}`.
 */
import type { DeliveryRecord } from '../../shared/reports/delivery-ports.js';
import type { Subscription } from '../../shared/reports/subscription.js';
import { CliError, type CliIo, callApi, columns, DEFAULT_URL, processIo } from '../lib/api.js';
import { API_OPTIONS, type CommandInput, JSON_OPTION, runCommand } from '../lib/command.js';
import { parseTarget } from './report.js';

const USAGE = `usage:
  koe subscriptions create --to ADDRESS[,ADDRESS…] --language ja|en --period daily|weekly|monthly
                           [--schedule 'cron(0 8 ? * MON *)'] [--timezone Asia/Tokyo] [--name NAME]
                           [--channel C]… | [--source S]… | [--topic T]…  [--target SPEC]… [--skip-empty]
  koe subscriptions list [--json]
  koe subscriptions show ID [--json]
  koe subscriptions update ID [any create option] [--no-skip-empty] [--clear-filters] [--clear-targets]
  koe subscriptions delete ID

--to takes up to 50 addresses (comma-separated or repeated). --schedule is an EventBridge cron
(six fields; default 08:00 daily, Mondays for weekly, the 1st for monthly) read in --timezone
(default: the stack's KOE_TIMEZONE). Each digest reports the last complete day, week or month.
--target is metric:kind:value[:since], e.g. csat:atLeast:4.2 or nps:change:5:2026-10-01.
--skip-empty sends nothing for a period without feedback (default: a short "no feedback" digest).
URL from --url, $KOE_URL or ${DEFAULT_URL}; $KOE_API_KEY (admin scope) is sent as a bearer token.`;

type View = Subscription & { deliveries?: DeliveryRecord[] };

const OPTIONS = {
  to: { type: 'string', multiple: true },
  language: { type: 'string' },
  period: { type: 'string' },
  schedule: { type: 'string' },
  timezone: { type: 'string' },
  name: { type: 'string' },
  channel: { type: 'string', multiple: true },
  source: { type: 'string', multiple: true },
  topic: { type: 'string', multiple: true },
  target: { type: 'string', multiple: true },
  'skip-empty': { type: 'boolean' },
  'no-skip-empty': { type: 'boolean' },
  'clear-filters': { type: 'boolean' },
  'clear-targets': { type: 'boolean' },
  ...API_OPTIONS,
  ...JSON_OPTION,
} as const;

type Values = CommandInput<typeof OPTIONS>['values'];

/** The request body fields the flags set; absent flags are left out (update keeps the current value). */
const bodyFrom = (values: Values): Record<string, unknown> => {
  const body: Record<string, unknown> = {};
  if (values.to?.length)
    body.recipients = values.to
      .flatMap((v) => v.split(','))
      .map((v) => v.trim())
      .filter(Boolean);
  for (const key of ['language', 'period', 'schedule', 'timezone', 'name'] as const) {
    if (values[key] !== undefined) body[key] = values[key];
  }
  const filters: Record<string, string[]> = {};
  for (const key of ['channel', 'source', 'topic'] as const) if (values[key]?.length) filters[key] = values[key];
  if (Object.keys(filters).length) body.filters = filters;
  if (values.target?.length) body.targets = values.target.map(parseTarget);
  if (values['skip-empty']) body.skipEmpty = true;
  if (values['no-skip-empty']) body.skipEmpty = false;
  return body;
};

const editable = ({ id: _id, createdAt: _c, updatedAt: _u, deliveries: _d, ...rest }: View) => rest;

const listRow = (s: Subscription) => [
  s.id,
  s.name ?? '',
  s.period,
  s.language,
  `${s.schedule} ${s.timezone}`,
  `${s.recipients.length} recipient(s)${s.skipEmpty ? ', skip empty' : ''}`,
];

const describe = (s: View): string => {
  const lines = [
    `${s.id}${s.name ? ` (${s.name})` : ''}: ${s.period} digest in ${s.language}, ${s.schedule} ${s.timezone}`,
    `to: ${s.recipients.join(', ')}`,
    ...(s.filters ? [`filters: ${JSON.stringify(s.filters)}`] : []),
    ...(s.targets?.length
      ? [`targets: ${s.targets.map((t) => t.label ?? `${t.metric} ${t.kind} ${t.value}`).join('; ')}`]
      : []),
    `empty periods: ${s.skipEmpty ? 'skipped' : 'short "no feedback" digest'}`,
  ];
  if (s.deliveries) {
    if (s.deliveries.length === 0) lines.push('deliveries: none yet');
    else
      lines.push(
        '',
        columns([
          ['PERIOD', 'STATUS', 'ATTEMPTS', 'WHEN', 'DETAIL'],
          ...s.deliveries.map((d) => [
            d.period,
            d.status,
            String(d.attempts),
            d.sentAt ?? d.claimedAt,
            d.status === 'failed'
              ? (d.lastError ?? '')
              : d.status === 'skipped'
                ? (d.reason ?? '')
                : (d.messageId ?? ''),
          ]),
        ]),
      );
  }
  return `${lines.join('\n')}\n`;
};

/** Runs `koe subscriptions …` with the given I/O; returns the exit code. */
export const runSubscriptions = (args: string[], io: CliIo): Promise<number> =>
  runCommand(
    {
      name: 'subscriptions',
      usage: USAGE,
      options: OPTIONS,
      positionals: true,
      run: async ({ values, positionals, base }) => {
        const [sub, id, ...extra] = positionals;
        if (!sub) throw new CliError('say what to do: create, list, show, update or delete', 2);
        if (extra.length) throw new CliError(`unexpected argument '${extra[0]}'`, 2);
        const call = (path: string, method = 'GET', body?: unknown) =>
          callApi(io, base, path, { method, body, scopeHint: 'admin' });
        const needId = () => {
          if (!id) throw new CliError(`${sub} needs the subscription id (see koe subscriptions list)`, 2);
          return `v1/subscriptions/${encodeURIComponent(id)}`;
        };
        switch (sub) {
          case 'create': {
            if (id) throw new CliError(`create takes no id, got '${id}'`, 2);
            const created = (await call('v1/subscriptions', 'POST', bodyFrom(values))) as Subscription;
            io.out(values.json ? `${JSON.stringify(created)}\n` : `created ${describe(created)}`);
            return;
          }
          case 'list': {
            const { items } = (await call('v1/subscriptions')) as { items: Subscription[] };
            if (values.json) io.out(`${JSON.stringify(items)}\n`);
            else if (items.length === 0) io.out('no subscriptions\n');
            else io.out(`${columns([['ID', 'NAME', 'PERIOD', 'LANG', 'SCHEDULE', 'TO'], ...items.map(listRow)])}\n`);
            return;
          }
          case 'show': {
            const view = (await call(needId())) as View;
            io.out(values.json ? `${JSON.stringify(view)}\n` : describe(view));
            return;
          }
          case 'update': {
            const path = needId();
            const current = editable((await call(path)) as View);
            const next: Record<string, unknown> = { ...current, ...bodyFrom(values) };
            if (values['clear-filters']) delete next.filters;
            if (values['clear-targets']) delete next.targets;
            const updated = (await call(path, 'PUT', next)) as Subscription;
            io.out(values.json ? `${JSON.stringify(updated)}\n` : `updated ${describe(updated)}`);
            return;
          }
          case 'delete': {
            await call(needId(), 'DELETE');
            io.out(`deleted ${id}\n`);
            return;
          }
          default:
            throw new CliError(`unknown subcommand '${sub}'`, 2);
        }
      },
    },
    args,
    io,
  );

/** Entry point used by cli/main.ts. */
export const run = (args: string[]): Promise<number> => runSubscriptions(args, processIo());
