/** `koe trends`: the latest pain-point trend report, through the running stack's `GET /v1/trends`. */
import type { StoredTrends } from '../../shared/trends/ports.js';
import { CliError, type CliIo, callApi, columns, DEFAULT_URL, processIo } from '../lib/api.js';
import { API_OPTIONS, JSON_OPTION, runCommand } from '../lib/command.js';

const USAGE = `usage:
  koe trends [--period day|week|month] [--key PERIOD_KEY] [--limit N] [--url URL] [--json]

Shows the rising (incl. new) and falling pain points of the latest period (or --key, e.g. 2026-11-22,
2026-W47, 2026-11) against its trailing baseline, the period's discovered themes (not in the topic
list yet) with a quote each, and the topics that cost the most NPS.
URL defaults to $KOE_URL, then ${DEFAULT_URL}. $KOE_API_KEY (read scope) is sent as a bearer token.`;

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** Runs `koe trends ...` with the given I/O; returns the exit code. */
export const runTrends = (args: string[], io: CliIo): Promise<number> =>
  runCommand(
    {
      name: 'trends',
      usage: USAGE,
      options: {
        period: { type: 'string', default: 'day' },
        key: { type: 'string' },
        limit: { type: 'string', default: '20' },
        ...API_OPTIONS,
        ...JSON_OPTION,
      },
      run: async ({ values, base }) => {
        if (!['day', 'week', 'month'].includes(values.period))
          throw new CliError(`--period must be day, week or month, got '${values.period}'`, 2);
        const query = new URLSearchParams({ period: values.period, limit: values.limit });
        if (values.key) query.set('key', values.key);
        const body = (await callApi(io, base, `v1/trends?${query}`)) as {
          trends: StoredTrends | null;
          timezone: string;
        };
        if (values.json) {
          io.out(`${JSON.stringify(body, null, 2)}\n`);
          return;
        }
        const t = body.trends;
        if (!t) {
          io.out(
            `no ${values.period} trend report yet (the trends job runs daily; \`koe rollup\` refreshes reports)\n`,
          );
          return;
        }
        io.out(
          `${t.granularity} ${t.period} (${body.timezone}): ${t.volume.toLocaleString('en')} item(s) against ${t.baselineVolume.toLocaleString('en')} over ${t.baselinePeriods} period(s)` +
            `${t.insufficientBaseline ? ' — baseline too short or empty to flag anything' : ''}\n`,
        );
        const list = (title: string, terms: StoredTrends['rising']) => {
          if (terms.length === 0) return `${title}: none\n`;
          const rows = [['TERM', 'KIND', 'STATUS', 'COUNT', 'SHARE', 'BASELINE', 'Q']];
          for (const x of terms) {
            rows.push([
              x.label.replace(/^emergent:/, ''),
              x.discovered ? 'discovered' : 'topic',
              x.status,
              x.count.toLocaleString('en'),
              pct(x.share),
              pct(x.baselineShare),
              (x.qValue ?? 1).toPrecision(2),
            ]);
          }
          return `${title}:\n${columns(rows)}\n`;
        };
        io.out(list('rising', t.rising));
        io.out(list('falling', t.falling));
        const discovered = t.discovered ?? [];
        if (discovered.length === 0) io.out('discovered themes: none with enough support\n');
        else {
          const rows = [['THEME', 'COUNT', 'SHARE', 'SALIENCE', 'ALSO SAID AS']];
          for (const x of discovered) {
            rows.push([
              x.label,
              String(x.count),
              pct(x.share),
              x.salience.toFixed(1),
              x.members.slice(1, 4).join(', '),
            ]);
          }
          io.out(
            `discovered themes (phrases from complaints, not in the topic list; promote one to track it):\n${columns(rows)}\n`,
          );
          for (const x of discovered.slice(0, 5)) {
            const quote = x.quotes[0];
            if (quote) io.out(`  ${x.label}: “${quote.text}”\n`);
          }
        }
        const themes = t.themes.filter((x) => x.nps.cost !== null);
        if (themes.length > 0) {
          const rows = [['TOPIC', 'MENTIONS', 'NPS COST', 'CSAT COST']];
          for (const x of themes) {
            rows.push([x.topic, String(x.mentions), x.nps.cost?.toFixed(1) ?? '–', x.csat.cost?.toFixed(2) ?? '–']);
          }
          io.out(`theme impact:\n${columns(rows)}\n`);
        }
      },
    },
    args,
    io,
  );

/** Entry point used by cli/main.ts. */
export const run = (args: string[]): Promise<number> => runTrends(args, processIo());
