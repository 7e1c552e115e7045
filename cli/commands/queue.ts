/** `koe queue`: the urgency queue in the API's order (level, score, age), through `GET /v1/queue`. */
import { CliError, type CliIo, callApi, columns, DEFAULT_URL, processIo } from '../lib/api.js';
import { API_OPTIONS, JSON_OPTION, runCommand } from '../lib/command.js';
import { due, shorten, topicName } from '../lib/triage-format.js';

const USAGE = `usage:
  koe queue [--level L,...|all] [--status open|acknowledged|resolved] [--channel C] [--topic T]
            [--assignee NAME|me] [--overdue] [--limit N] [--cursor C] [--url URL] [--json]

Lists the items needing attention, most urgent first: level (default critical,high,normal; all adds low),
score, status, when the SLA runs out (counted from when Koe received the item), when the customer wrote,
the id (for \`koe item ID\`), the text and its topics. The last line says how many of how many open
items match (exact up to 1,000, then "1,000+") and, when more follow, the --cursor of the next page.
URL defaults to $KOE_URL, then ${DEFAULT_URL}. $KOE_API_KEY (read scope) is sent as a bearer token.`;

const LEVELS = ['critical', 'high', 'normal', 'low'];

interface QueueItem {
  id: string;
  level: string | null;
  score: number | null;
  status: string;
  assignee: string | null;
  dueAt: string | null;
  overdue: boolean;
  occurredAt: string;
  excerpt: string;
  topics?: string[];
}

/** Runs `koe queue ...` with the given I/O; returns the exit code. */
export const runQueue = (args: string[], io: CliIo, now = () => new Date()): Promise<number> =>
  runCommand(
    {
      name: 'queue',
      usage: USAGE,
      options: {
        level: { type: 'string' },
        status: { type: 'string', default: 'open' },
        channel: { type: 'string' },
        topic: { type: 'string' },
        assignee: { type: 'string' },
        overdue: { type: 'boolean' },
        limit: { type: 'string', default: '20' },
        cursor: { type: 'string' },
        ...API_OPTIONS,
        ...JSON_OPTION,
      },
      run: async ({ values, base }) => {
        const level = values.level === 'all' ? LEVELS.join(',') : values.level;
        const unknown = level?.split(',').filter((l) => !LEVELS.includes(l.trim())) ?? [];
        if (unknown.length)
          throw new CliError(`--level takes ${LEVELS.join(', ')} or all, not '${unknown.join(', ')}'`, 2);
        const query = new URLSearchParams({ status: values.status, limit: values.limit });
        for (const [name, value] of [
          ['level', level],
          ['channel', values.channel],
          ['topic', values.topic],
          ['assignee', values.assignee],
          ['cursor', values.cursor],
          ['overdue', values.overdue ? 'true' : undefined],
        ] as const)
          if (value) query.set(name, value);
        const body = (await callApi(io, base, `v1/queue?${query}`, { scopeHint: 'read' })) as {
          items: QueueItem[];
          nextCursor?: string | null;
          total?: { count: number; atLeast: boolean };
        };
        if (values.json) {
          io.out(`${JSON.stringify(body, null, 2)}\n`);
          return;
        }
        if (body.items.length === 0) {
          io.out(`nothing ${values.status} at ${level ?? 'critical, high or normal'} level with these filters\n`);
          return;
        }
        const at = now();
        const rows = [['LEVEL', 'SCORE', 'STATUS', 'ASSIGNEE', 'SLA (FROM RECEIPT)', 'WRITTEN', 'ID', 'TEXT']];
        for (const item of body.items) {
          const topics = item.topics?.length ? ` [${item.topics.map(topicName).join(', ')}]` : '';
          rows.push([
            item.level ?? '—',
            String(item.score ?? ''),
            item.status,
            item.assignee ?? '—',
            due(item.dueAt, at),
            item.occurredAt.slice(0, 10),
            item.id,
            shorten(item.excerpt, 60) + topics,
          ]);
        }
        io.out(`${columns(rows)}\n`);
        const shown = body.items.length.toLocaleString('en');
        // The first page carries the filter's total; a --cursor page does not count again.
        const of = body.total
          ? ` of ${Math.max(body.total.count, body.items.length).toLocaleString('en')}${body.total.atLeast ? '+' : ''}`
          : '';
        io.out(
          body.nextCursor
            ? `${shown}${of} shown; more follow: the same command with --cursor ${body.nextCursor}\n`
            : `${shown} item(s): the end of the queue for these filters\n`,
        );
      },
    },
    args,
    io,
  );

/** Entry point used by cli/main.ts. */
export const run = (args: string[]): Promise<number> => runQueue(args, processIo());
