/** `koe item ID`: one item as a manager reads it — triage state, the redacted text, why it is urgent, its history. */
import { CliError, type CliIo, callApi, columns, DEFAULT_URL, processIo } from '../lib/api.js';
import { API_OPTIONS, JSON_OPTION, runCommand } from '../lib/command.js';
import { due, reasonName, shorten, topicName, utc } from '../lib/triage-format.js';

const USAGE = `usage:
  koe item ID [--url URL] [--json]

Shows one item (an id from \`koe queue\`): its level, score, status, assignee and SLA (counted from when
Koe received it), where and when the customer wrote, language, sentiment and topics, the redacted text
(or each turn of a conversation), the urgency reasons with the words that triggered them, and the history
of triage actions. Acting on it: the dashboard, or the triage routes (docs/triage-api.md).
URL defaults to $KOE_URL, then ${DEFAULT_URL}. $KOE_API_KEY (read scope) is sent as a bearer token.`;

interface Span {
  start: number;
  end: number;
}
interface Item {
  id: string;
  kind?: string;
  source: string;
  externalId?: string;
  channel?: string;
  text: string;
  turns?: Array<{ role: string; text: string }>;
  metadata?: Record<string, string>;
  occurredAt: string;
  receivedAt: string;
  status: string;
  overdue?: boolean;
  triage?: { status: string; level?: string; score?: number; assignee?: string; topics?: string[]; dueAt?: string };
  analysis?: {
    language?: { code: string };
    sentiment?: { label: string; score: number };
    urgency?: { reasons: Array<{ code: string; level: string; detail?: string; evidence?: Span }> };
  };
  history?: Array<{ at: string; actor: string; action: string; to: Record<string, unknown>; reason?: string }>;
}

/** Runs `koe item ID` with the given I/O; returns the exit code. */
export const runItem = (args: string[], io: CliIo, now = () => new Date()): Promise<number> =>
  runCommand(
    {
      name: 'item',
      usage: USAGE,
      options: { ...API_OPTIONS, ...JSON_OPTION },
      positionals: true,
      run: async ({ values, positionals, base }) => {
        const [id, ...extra] = positionals;
        if (!id || extra.length) throw new CliError('give exactly one item id (from `koe queue`)', 2);
        const item = (await callApi(io, base, `v1/feedback/${encodeURIComponent(id)}`, { scopeHint: 'read' })) as Item;
        if (values.json) {
          io.out(`${JSON.stringify(item, null, 2)}\n`);
          return;
        }
        const triage = item.triage;
        const lines: string[] = [];
        const head = triage?.level
          ? `${triage.level} ${triage.score ?? ''}`.trim()
          : `not analyzed yet (${item.status})`;
        lines.push(
          `${item.id}: ${head} · ${triage?.status ?? 'open'} · ${triage?.assignee ?? 'unassigned'} · SLA ${due(triage?.dueAt, now())}${item.overdue ? ' (overdue)' : ''}`,
        );
        lines.push(
          `written ${utc(item.occurredAt)} · received ${utc(item.receivedAt)} (the SLA counts from here) · ${item.channel ?? 'no channel'} · ${item.source}${item.externalId ? ` ${item.externalId}` : ''}`,
        );
        const analysis = item.analysis;
        if (analysis) {
          const topics = triage?.topics?.length ? triage.topics.map(topicName).join(', ') : 'none';
          lines.push(
            `language ${analysis.language?.code ?? '?'} · sentiment ${analysis.sentiment?.label ?? '?'} (${analysis.sentiment?.score.toFixed(2) ?? '?'}) · topics: ${topics}`,
          );
        }
        const metadata = Object.entries(item.metadata ?? {});
        if (metadata.length) lines.push(`metadata: ${metadata.map(([k, v]) => `${k}=${v}`).join(', ')}`);
        lines.push('');
        if (item.turns?.length) for (const turn of item.turns) lines.push(`  ${turn.role}: ${turn.text}`);
        else lines.push(...item.text.split('\n').map((line) => `  ${line}`));
        const reasons = analysis?.urgency?.reasons ?? [];
        lines.push('', reasons.length ? 'why:' : 'why: no urgency reasons');
        if (reasons.length) {
          const rows = reasons.map((r) => [
            r.level,
            reasonName(r.code),
            r.evidence ? `“${shorten(item.text.slice(r.evidence.start, r.evidence.end), 40)}”` : '',
          ]);
          lines.push(
            ...columns(rows)
              .split('\n')
              .map((line) => `  ${line}`),
          );
        }
        const history = item.history ?? [];
        lines.push('', history.length ? 'history:' : 'history: no triage actions yet');
        for (const entry of history) {
          const change = Object.entries(entry.to)
            .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`)
            .join(' ');
          lines.push(
            `  ${utc(entry.at)}  ${entry.actor}  ${entry.action}  ${change}${entry.reason ? `  “${entry.reason}”` : ''}`,
          );
        }
        io.out(`${lines.join('\n')}\n`);
      },
    },
    args,
    io,
  );

/** Entry point used by cli/main.ts. */
export const run = (args: string[]): Promise<number> => runItem(args, processIo());
