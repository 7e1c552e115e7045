/**
 * `koe rollup`: re-roll scores through the running stack's admin route `POST /v1/rollups/run` —
 * the same route locally and on AWS, so the CLI never needs the table's credentials.
 */
import { CliError, type CliIo, callApi, columns, DEFAULT_URL, processIo } from '../lib/api.js';
import { API_OPTIONS, JSON_OPTION, runCommand } from '../lib/command.js';

const USAGE = `usage:
  koe rollup [--date YYYY-MM-DD] [--granularity day|week|month] [--url URL] [--json]
  koe rollup --from YYYY-MM-DD --to YYYY-MM-DD [--url URL] [--json]

Re-rolls the day (default today), week or month holding --date, or every day from --from to --to
(inclusive, at most 366 days), then their weeks and months, and refreshes their trend reports
(without spike alerts). The server does what fits one request's time and says where to go on; the
CLI follows with a progress line until every period is written, then lists exactly those periods.
Dates are in the stack's KOE_TIMEZONE.
URL defaults to $KOE_URL, then ${DEFAULT_URL}. $KOE_API_KEY (admin scope) is sent as a bearer token.`;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

interface RunAnswer {
  from: string;
  to: string;
  days: Array<{ period: string; items: number; rows: number }>;
  composites: Array<{ period: string; granularity: string; items: number }>;
  complete?: boolean;
  next?: string;
}

/** Runs `koe rollup ...` with the given I/O; returns the exit code. */
export const runRollup = (args: string[], io: CliIo): Promise<number> =>
  runCommand(
    {
      name: 'rollup',
      usage: USAGE,
      options: {
        date: { type: 'string' },
        granularity: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        ...API_OPTIONS,
        ...JSON_OPTION,
      },
      run: async ({ values, base }) => {
        let body: Record<string, string>;
        if (values.from || values.to) {
          if (values.date || values.granularity)
            throw new CliError('give --date/--granularity or --from/--to, not both', 2);
          if (!values.from || !values.to) throw new CliError('--from and --to go together', 2);
          if (!DATE.test(values.from) || !DATE.test(values.to))
            throw new CliError('--from and --to must be YYYY-MM-DD', 2);
          if (values.from > values.to) throw new CliError('--from is after --to', 2);
          body = { from: values.from, to: values.to };
        } else {
          if (values.granularity && !['day', 'week', 'month'].includes(values.granularity))
            throw new CliError(`--granularity must be day, week or month, got '${values.granularity}'`, 2);
          body = {
            ...(values.date ? { date: values.date } : {}),
            ...(values.granularity ? { granularity: values.granularity } : {}),
          };
        }
        const answers: RunAnswer[] = [];
        let daysDone = 0;
        for (;;) {
          const answer = (await callApi(io, base, 'v1/rollups/run', {
            method: 'POST',
            body,
            scopeHint: 'admin',
            timeoutMs: 120_000,
          })) as RunAnswer;
          answers.push(answer);
          daysDone += answer.days.length;
          if (answer.complete !== false || !answer.next) break;
          const first = answer.days[0]?.period ?? answer.from;
          io.err(
            `rolled up ${first} … ${answer.days.at(-1)?.period ?? first} (${daysDone} day(s) so far), going on from ${answer.next}\n`,
          );
          // The server widened date/granularity to whole days: go on with the same window.
          body = { from: answer.next, to: answer.to };
        }
        if (values.json) {
          io.out(`${JSON.stringify(answers.length === 1 ? answers[0] : answers, null, 2)}\n`);
          return;
        }
        const rows = [['PERIOD', 'KIND', 'ITEMS', 'ROWS']];
        for (const a of answers) {
          for (const d of a.days)
            rows.push([d.period, 'day', d.items.toLocaleString('en'), d.rows.toLocaleString('en')]);
        }
        const composites = new Map<string, RunAnswer['composites'][number]>();
        for (const a of answers) for (const c of a.composites) composites.set(c.period, c);
        for (const c of composites.values()) rows.push([c.period, c.granularity, c.items.toLocaleString('en'), '']);
        io.out(`${columns(rows)}\n`);
        const items = answers.reduce((acc, a) => acc + a.days.reduce((s, d) => s + d.items, 0), 0);
        io.out(
          `re-rolled ${answers[0]?.from} … ${answers.at(-1)?.to}: ${daysDone} day(s), ${composites.size} week(s) and month(s), ${items.toLocaleString('en')} item(s)\n`,
        );
        return 0;
      },
    },
    args,
    io,
  );

/** Entry point used by cli/main.ts. */
export const run = (args: string[]): Promise<number> => runRollup(args, processIo());
