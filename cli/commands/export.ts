/**
 * `koe export`: feedback of a time window with its analysis (redacted text only), through
 * GET /v1/export, following the `Link: rel="next"` cursor to the end. Windows longer than the
 * API's 366 days are read in consecutive windows; a CSV keeps one header row.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { CliError, type CliIo, callApiText, DEFAULT_URL, processIo } from '../lib/api.js';
import { API_OPTIONS, runCommand } from '../lib/command.js';

const USAGE = `usage: koe export --from DATE [--to DATE] [--format csv|jsonl] [--out FILE] [--limit N] [--url URL]

Writes every feedback item whose occurredAt is in the window, with language, sentiment, urgency
(level, score, reason codes), topics, key phrases and the analyzer name and version. Only the
redacted text is ever exported. DATE is YYYY-MM-DD (UTC day; --to includes that day) or an
ISO-8601 date-time (--to exclusive). --to defaults to now; --format to csv; --out to stdout.
URL defaults to $KOE_URL, then ${DEFAULT_URL}. $KOE_API_KEY needs the read scope.`;

const WINDOW_DAYS = 366;
const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const toInstant = (raw: string, name: string, endOfDay: boolean): number => {
  const ms = DATE.test(raw) ? Date.parse(`${raw}T00:00:00Z`) + (endOfDay ? DAY_MS : 0) : Date.parse(raw);
  if (Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}/.test(raw))
    throw new CliError(`--${name} must be YYYY-MM-DD or an ISO-8601 date-time, got '${raw}'`, 2);
  return ms;
};

const nextCursor = (link: string | null): string | undefined => {
  const m = /<([^>]+)>;\s*rel="next"/.exec(link ?? '');
  return m ? (new URL(m[1] as string, 'http://koe.invalid').searchParams.get('cursor') ?? undefined) : undefined;
};

/** Runs `koe export ...` with the given I/O; returns the exit code. */
export const runExport = (args: string[], io: CliIo): Promise<number> =>
  runCommand(
    {
      name: 'export',
      usage: USAGE,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        limit: { type: 'string' },
        ...API_OPTIONS,
      },
      run: async ({ values, base }) => {
        if (!values.from) throw new CliError('--from is required', 2);
        const format = values.format ?? 'csv';
        if (format !== 'csv' && format !== 'jsonl')
          throw new CliError(`--format must be csv or jsonl, got '${format}'`, 2);
        const limit = values.limit ?? '1000';
        if (!/^\d+$/.test(limit) || Number(limit) < 1 || Number(limit) > 5000)
          throw new CliError(`--limit must be a whole number from 1 to 5000, got '${limit}'`, 2);
        const from = toInstant(values.from, 'from', false);
        const to = values.to ? toInstant(values.to, 'to', true) : Date.now();
        if (from >= to) throw new CliError('--from must be before --to', 2);

        let file: WriteStream | undefined;
        const write = async (text: string) => {
          if (!file) return io.out(text);
          if (!file.write(text)) await new Promise<void>((r) => file?.once('drain', () => r()));
        };
        if (values.out) file = createWriteStream(values.out);
        let rows = 0;
        let pages = 0;
        let header = false;
        try {
          for (let start = from; start < to; start += WINDOW_DAYS * DAY_MS) {
            const end = Math.min(to, start + WINDOW_DAYS * DAY_MS);
            let cursor: string | undefined;
            do {
              const query = new URLSearchParams({
                from: new Date(start).toISOString(),
                to: new Date(end).toISOString(),
                format,
                limit,
                ...(cursor ? { cursor } : {}),
              });
              const page = await callApiText(
                io,
                base,
                `v1/export?${query}`,
                format === 'csv' ? 'text/csv' : 'application/x-ndjson',
                { scopeHint: 'read', timeoutMs: 120_000 },
              );
              let body = page.text;
              if (format === 'csv') {
                // Every page is a whole CSV document; the output keeps the first header only.
                const eol = body.indexOf('\r\n');
                if (header) body = eol === -1 ? '' : body.slice(eol + 2);
                header = true;
              }
              await write(body);
              rows += Number(page.headers.get('x-koe-rows') ?? 0);
              pages++;
              cursor = nextCursor(page.headers.get('link'));
            } while (cursor);
          }
        } finally {
          if (file)
            await new Promise<void>((resolve, reject) => file?.end((e?: Error | null) => (e ? reject(e) : resolve())));
        }
        if (values.out) io.err(`exported ${rows.toLocaleString('en')} rows in ${pages} page(s) to ${values.out}\n`);
      },
    },
    args,
    io,
  );

/** Entry point used by cli/main.ts. */
export const run = (args: string[]): Promise<number> => runExport(args, processIo());
