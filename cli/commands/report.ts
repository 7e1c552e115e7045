/**
 * `koe report --preview`: renders one digest through the running stack's admin route
 * `POST /v1/reports/preview` (the same route locally and on AWS) and writes its HTML, plain text
 * and chart PNGs to a folder, with the HTML's `cid:` references pointing at the PNG files so it opens
 * in a browser. `koe report --send --subscription ID` renders and delivers one subscription's digest now
 * through `POST /v1/reports/send` (once per subscription and period; `--force` sends it again).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { CliError, type CliIo, callApi, DEFAULT_URL, processIo } from '../lib/api.js';
import { API_OPTIONS, runCommand } from '../lib/command.js';

const USAGE = `usage:
  koe report --preview --out DIR [--language ja|en] [--period day|week|month] [--date YYYY-MM-DD]
             [--timezone ZONE] [--channel C]... [--source S]... [--topic T]... [--target SPEC]...
             [--dashboard-url URL] [--url URL]
  koe report --send --subscription ID [--date YYYY-MM-DD] [--force] [--url URL]

--preview renders the digest of the day, week or month holding --date (default: the last complete
period) and writes DIR/digest.html (images referenced as files), DIR/digest.txt and DIR/*.png.
--target is metric:kind:value, e.g. csat:atLeast:4.2, nps:change:5:2026-10-01 (since), volume:atMost:500.
Dates are in --timezone (default: the stack's KOE_TIMEZONE).
--send delivers the subscription's digest for the period holding --date (in the subscription's time
zone; default: the last complete period) to its recipients now. A digest already sent for that period
is not sent twice unless --force is given.
URL defaults to $KOE_URL, then ${DEFAULT_URL}. $KOE_API_KEY (admin scope) is sent as a bearer token.`;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const METRICS = ['volume', 'nps', 'csat', 'ces', 'sentiment'];
const KINDS = ['atLeast', 'atMost', 'change'];

/** The preview route's answer: the digest with base64 images, and the period it covers. */
export interface PreviewAnswer {
  period: { granularity: string; key: string; timezone: string; start: string; end: string };
  digest: {
    subject: string;
    html: string;
    text: string;
    empty: boolean;
    images: Array<{ cid: string; filename: string; contentType: string; content: string }>;
  };
}

/** Parses `metric:kind:value[:since]` into a digest target; CliError (usage) naming what is wrong. */
export const parseTarget = (spec: string) => {
  const [metric, kind, raw, since] = spec.split(':');
  const value = Number(raw);
  if (!metric || !METRICS.includes(metric))
    throw new CliError(`--target '${spec}': metric must be one of ${METRICS.join(', ')}`, 2);
  if (!kind || !KINDS.includes(kind))
    throw new CliError(`--target '${spec}': kind must be one of ${KINDS.join(', ')}`, 2);
  if (raw === undefined || raw === '' || !Number.isFinite(value))
    throw new CliError(`--target '${spec}': value must be a number`, 2);
  if (since !== undefined && !DATE.test(since)) throw new CliError(`--target '${spec}': since must be YYYY-MM-DD`, 2);
  return { metric, kind, value, ...(since ? { since } : {}) };
};

/** The HTML with every `cid:<cid>` reference replaced by the image's file name. */
export const htmlWithFiles = (html: string, images: ReadonlyArray<{ cid: string; filename: string }>): string =>
  images.reduce((out, image) => out.split(`cid:${image.cid}`).join(image.filename), html);

/** The send route's answer (a DeliveryOutcome): how the digest ended and its delivery record. */
interface SendAnswer {
  subscriptionId: string;
  period: string;
  status: 'sent' | 'skipped' | 'failed' | 'alreadyDone' | 'busy';
  attempts: number;
  record: { status: string; sentAt?: string; messageId?: string; lastError?: string; reason?: string };
}

const sendNow = async (
  io: CliIo,
  base: string,
  values: { subscription?: string; date?: string; force?: boolean },
): Promise<void> => {
  if (!values.subscription) throw new CliError('--send needs --subscription ID (see koe subscriptions list)', 2);
  if (values.date && !DATE.test(values.date)) throw new CliError('--date must be YYYY-MM-DD', 2);
  const answer = (await callApi(io, base, 'v1/reports/send', {
    method: 'POST',
    body: {
      subscriptionId: values.subscription,
      ...(values.date ? { date: values.date } : {}),
      ...(values.force ? { force: true } : {}),
    },
    scopeHint: 'admin',
    // Rendering charts and retrying a refused send with backoff takes longer than a plain read.
    timeoutMs: 120_000,
  })) as SendAnswer;
  const what = `${answer.subscriptionId} ${answer.period}`;
  const { record } = answer;
  switch (answer.status) {
    case 'sent':
      io.out(`sent ${what} (attempt ${answer.attempts}, message ${record.messageId})\n`);
      return;
    case 'skipped':
      io.out(`skipped ${what}: ${record.reason} (the subscription skips empty periods)\n`);
      return;
    case 'alreadyDone':
      io.out(
        `${what} was already ${record.status}${record.sentAt ? ` at ${record.sentAt}` : ''}; --force sends it again\n`,
      );
      return;
    case 'busy':
      throw new CliError(`${what} is being sent by another run right now; look again with koe subscriptions show`);
    case 'failed':
      throw new CliError(
        `sending ${what} failed after ${answer.attempts} attempt(s): ${record.lastError}; the hourly job retries it`,
      );
  }
};

/** Runs `koe report ...` with the given I/O; returns the exit code. */
export const runReport = (args: string[], io: CliIo): Promise<number> =>
  runCommand(
    {
      name: 'report',
      usage: USAGE,
      options: {
        preview: { type: 'boolean' },
        send: { type: 'boolean' },
        subscription: { type: 'string' },
        force: { type: 'boolean' },
        out: { type: 'string' },
        language: { type: 'string', default: 'en' },
        period: { type: 'string', default: 'week' },
        date: { type: 'string' },
        timezone: { type: 'string' },
        channel: { type: 'string', multiple: true },
        source: { type: 'string', multiple: true },
        topic: { type: 'string', multiple: true },
        target: { type: 'string', multiple: true },
        'dashboard-url': { type: 'string' },
        ...API_OPTIONS,
      },
      run: async ({ values, base }) => {
        if (values.send && values.preview) throw new CliError('--preview and --send are separate runs; pick one', 2);
        if (values.send) {
          await sendNow(io, base, values);
          return;
        }
        if (!values.preview) throw new CliError('say what to do: --preview or --send', 2);
        if (!values.out) throw new CliError('--preview needs --out DIR', 2);
        if (!['ja', 'en'].includes(values.language))
          throw new CliError(`--language must be ja or en, got '${values.language}'`, 2);
        if (!['day', 'week', 'month'].includes(values.period))
          throw new CliError(`--period must be day, week or month, got '${values.period}'`, 2);
        if (values.date && !DATE.test(values.date)) throw new CliError('--date must be YYYY-MM-DD', 2);
        const filters: Record<string, string[]> = {};
        for (const key of ['channel', 'source', 'topic'] as const) if (values[key]?.length) filters[key] = values[key];
        const body = {
          language: values.language,
          period: values.period,
          ...(values.date ? { date: values.date } : {}),
          ...(values.timezone ? { timezone: values.timezone } : {}),
          ...(Object.keys(filters).length ? { filters } : {}),
          ...(values.target?.length ? { targets: values.target.map(parseTarget) } : {}),
          ...(values['dashboard-url'] ? { dashboardUrl: values['dashboard-url'] } : {}),
        };
        const answer = (await callApi(io, base, 'v1/reports/preview', {
          method: 'POST',
          body,
          scopeHint: 'admin',
          timeoutMs: 60_000,
        })) as PreviewAnswer;
        const dir = resolve(values.out);
        await mkdir(dir, { recursive: true });
        const { digest } = answer;
        // basename: a file name from the server never writes outside DIR.
        const images = digest.images.map((i) => ({ ...i, filename: basename(i.filename) }));
        await writeFile(join(dir, 'digest.html'), htmlWithFiles(digest.html, images));
        await writeFile(join(dir, 'digest.txt'), digest.text);
        for (const image of images) await writeFile(join(dir, image.filename), Buffer.from(image.content, 'base64'));
        io.out(
          `${answer.period.granularity} ${answer.period.key} (${answer.period.timezone})${digest.empty ? ' — no feedback this period' : ''}\n` +
            `subject: ${digest.subject}\n` +
            `wrote ${join(dir, 'digest.html')}, digest.txt and ${digest.images.length} image(s)\n`,
        );
      },
    },
    args,
    io,
  );

/** Entry point used by cli/main.ts. */
export const run = (args: string[]): Promise<number> => runReport(args, processIo());
