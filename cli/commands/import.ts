/**
 * `koe import FILE`: bulk import of CSV or JSON Lines through POST /v1/feedback, in batches of up
 * to 500 with a few requests in flight. Every input line ends up accepted, duplicate or rejected
 * with a reason (empty lines are counted); re-running the same file is safe because every item
 * carries an idempotency key (its external id, or a hash of source, text and date).
 */
import { appendFile, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { parseArgs } from 'node:util';
import { definedOnly } from '../../shared/defined-only.js';
import { ApiError, baseUrl, CliError, type CliIo, callApi, DEFAULT_URL, processIo } from '../lib/api.js';
import { API_OPTIONS, type CommandInput, runCommand } from '../lib/command.js';
import {
  csvRecords,
  decodeFile,
  detectEncoding,
  encodingLabel,
  type FileRecord,
  HeaderError,
  jsonlRecords,
  readHead,
} from '../lib/import-file.js';
import {
  type ColumnMapping,
  type FeedbackBody,
  mapRow,
  type RowDefaults,
  withDefaultColumns,
} from '../lib/import-mapping.js';

const USAGE = `usage: koe import FILE [options]

Imports CSV (with a header row) or JSON Lines into Koe through POST /v1/feedback.

  --format csv|jsonl        default: from the extension (.csv; .jsonl, .ndjson, .json)
  --encoding NAME           utf-8, shift_jis (cp932), euc-jp, utf-16le; default: detected (BOM, UTF-8, else Shift_JIS)
  --source NAME             source of every row (default: import), unless --source-column
  --channel NAME            channel of every row (survey, chat, email, review, social, ...), unless --channel-column
  --language CODE           language hint of every row (ja, en), unless --language-column
  --journey-stage NAME      journey stage of every row, unless --journey-stage-column
  --text COL                column holding the comment (default: text)
  --external-id COL         column holding the row's id in the source system (the idempotency key)
  --date COL                column holding when it happened (occurredAt)
  --utc-offset +09:00       offset of dates written without one (default: UTC)
  --nps COL, --csat COL, --ces COL          rating columns
  --customer-id COL, --customer-tier COL    customer columns
  --source-column COL, --channel-column COL, --language-column COL, --journey-stage-column COL
  --metadata COL[=KEY]      copy a column into metadata (repeatable; KEY defaults to COL)
  --rejects PATH            where rejected rows go (default: FILE.rejects.jsonl)
  --checkpoint PATH         record progress there and skip the lines it covers on the next run
  --batch-size N            items per request (default and most: 500)
  --concurrency N           requests in flight (default 4)
  --dry-run                 read and map every row, send nothing
  --wait                    after sending, follow the analysis (GET /v1/status) with a progress bar until
                            nothing is waiting; needs the read scope too
  --url URL                 default $KOE_URL, then ${DEFAULT_URL}; $KOE_API_KEY needs the ingest scope

CSV columns named like Koe's fields (text, externalId, occurredAt, channel, nps, ...) are used
without flags; JSON Lines rows in the shape of the POST /v1/feedback body need none.
Rows without an external id get the key content:<hash of source, text, date>, so a re-run sends
them again and the API answers duplicate instead of storing a second item.
Exit code: 0 when every row was accepted or a duplicate, 1 when some were rejected, 2 on bad usage.`;

/** Most items one request may carry (the API's limit). */
const MAX_BATCH = 500;
/** Most JSON bytes one request carries (the API takes 1 MB). */
const MAX_BATCH_BYTES = 900 * 1024;
/** Attempts at one batch when the API is unavailable (5xx, 429, no answer), with doubling waits. */
const ATTEMPTS = 7;
const FIRST_WAIT_MS = 500;

interface Pending {
  line: number;
  item: FeedbackBody;
  values: Record<string, unknown>;
}

interface Reject {
  line: number;
  reason: string;
  values?: Record<string, unknown>;
}

/** Counts the summary reports. */
export interface ImportSummary {
  rows: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  empty: number;
  skipped: number;
  seconds: number;
  rejects: Reject[];
  rejectsPath?: string;
  encoding: string;
  format: 'csv' | 'jsonl';
}

interface Checkpoint {
  file: string;
  size: number;
  mtimeMs: number;
  line: number;
}

const integer = (name: string, raw: string | undefined, fallback: number, max: number) => {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max)
    throw new CliError(`--${name} must be a whole number from 1 to ${max}, got '${raw}'`, 2);
  return Number(raw);
};

const formatOf = (path: string, flag: string | undefined): 'csv' | 'jsonl' => {
  const format =
    flag ?? { '.csv': 'csv', '.jsonl': 'jsonl', '.ndjson': 'jsonl', '.json': 'jsonl' }[extname(path).toLowerCase()];
  if (format === 'csv' || format === 'jsonl') return format;
  throw new CliError(
    flag
      ? `--format must be csv or jsonl, got '${flag}'`
      : `cannot tell the format of '${basename(path)}': pass --format csv or --format jsonl`,
    2,
  );
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const describeIssue = (issue: { path: string; message: string }) => {
  const field = issue.path.replace(/^items\[\d+\]\.?/, '') || '(item)';
  return `${field}: ${issue.message}`;
};

/** Progress on stderr: a redrawn bar on a terminal, a plain line every few seconds otherwise. */
const progress = (io: CliIo, tty: boolean, size: number) => {
  let last = 0;
  let bytes = 0;
  const started = Date.now();
  return {
    bytes: (n: number) => {
      bytes = n;
    },
    show: (s: Pick<ImportSummary, 'rows' | 'accepted' | 'duplicates' | 'rejected'>, final = false) => {
      const now = Date.now();
      if (!final && now - last < (tty ? 100 : 5000)) return;
      last = now;
      const done = s.accepted + s.duplicates + s.rejected;
      const rate = Math.round(done / Math.max((now - started) / 1000, 0.001));
      const share = size ? Math.min(1, bytes / size) : 1;
      const counts = `${done.toLocaleString('en')} rows · ${rate.toLocaleString('en')}/s · accepted ${s.accepted.toLocaleString('en')} · duplicates ${s.duplicates.toLocaleString('en')} · rejected ${s.rejected.toLocaleString('en')}`;
      if (tty) {
        const width = 24;
        const filled = Math.round(share * width);
        io.err(
          `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor(share * 100)).padStart(3)}% ${counts}\u001b[K${final ? '\n' : ''}`,
        );
      } else if (!final) {
        io.err(`import: ${Math.floor(share * 100)}% read, ${counts}\n`);
      }
    },
  };
};

/** Options of one import run, after parsing the flags. */
export interface ImportOptions {
  file: string;
  format: 'csv' | 'jsonl';
  encoding?: string | undefined;
  mapping: Partial<ColumnMapping>;
  defaults: RowDefaults;
  rejectsPath: string;
  checkpointPath?: string | undefined;
  batchSize: number;
  concurrency: number;
  dryRun: boolean;
  /** Follow the analysis until the backlog is empty. */
  wait: boolean;
  base: string;
  /** First wait before retrying an unavailable API; doubles each attempt. */
  retryBaseMs: number;
}

const OPTIONS = {
  format: { type: 'string' },
  encoding: { type: 'string' },
  source: { type: 'string' },
  channel: { type: 'string' },
  language: { type: 'string' },
  'journey-stage': { type: 'string' },
  text: { type: 'string' },
  'external-id': { type: 'string' },
  date: { type: 'string' },
  'utc-offset': { type: 'string' },
  nps: { type: 'string' },
  csat: { type: 'string' },
  ces: { type: 'string' },
  'customer-id': { type: 'string' },
  'customer-tier': { type: 'string' },
  'source-column': { type: 'string' },
  'channel-column': { type: 'string' },
  'language-column': { type: 'string' },
  'journey-stage-column': { type: 'string' },
  metadata: { type: 'string', multiple: true },
  rejects: { type: 'string' },
  checkpoint: { type: 'string' },
  'batch-size': { type: 'string' },
  concurrency: { type: 'string' },
  'dry-run': { type: 'boolean' },
  wait: { type: 'boolean' },
  ...API_OPTIONS,
} as const;

/** The parsed flags as the import's options. */
const toOptions = ({ values, positionals, base }: CommandInput<typeof OPTIONS>): ImportOptions => {
  if (positionals.length !== 1) throw new CliError(positionals.length ? 'give one FILE' : 'missing FILE', 2);
  const file = positionals[0] as string;
  let encoding: string | undefined;
  if (values.encoding) {
    encoding = encodingLabel(values.encoding);
    if (!encoding)
      throw new CliError(`unknown --encoding '${values.encoding}' (utf-8, shift_jis, euc-jp, utf-16le)`, 2);
  }
  const offset = values['utc-offset'];
  if (offset !== undefined && !/^(Z|[+-]\d{2}:\d{2})$/.test(offset))
    throw new CliError(`--utc-offset must look like +09:00 or Z, got '${offset}'`, 2);
  const mapping = definedOnly<Partial<ColumnMapping>>({
    text: values.text,
    externalId: values['external-id'],
    date: values.date,
    source: values['source-column'],
    channel: values['channel-column'],
    journeyStage: values['journey-stage-column'],
    language: values['language-column'],
    nps: values.nps,
    csat: values.csat,
    ces: values.ces,
    customerId: values['customer-id'],
    customerTier: values['customer-tier'],
    metadata: (values.metadata ?? []).map((spec) => {
      const [column, key] = spec.split('=');
      if (!column) throw new CliError(`--metadata needs a column name, got '${spec}'`, 2);
      return { column, key: key || column };
    }),
  });
  return {
    file,
    format: formatOf(file, values.format),
    encoding,
    mapping,
    defaults: {
      source: values.source ?? 'import',
      channel: values.channel,
      language: values.language,
      journeyStage: values['journey-stage'],
      utcOffset: offset,
    },
    rejectsPath: values.rejects ?? `${file}.rejects.jsonl`,
    checkpointPath: values.checkpoint,
    batchSize: integer('batch-size', values['batch-size'], MAX_BATCH, MAX_BATCH),
    concurrency: integer('concurrency', values.concurrency, 4, 32),
    dryRun: values['dry-run'] ?? false,
    wait: values.wait ?? false,
    base,
    retryBaseMs: FIRST_WAIT_MS,
  };
};

const readCheckpoint = async (path: string, file: Checkpoint['file'], size: number, mtimeMs: number) => {
  try {
    const saved = JSON.parse(await readFile(path, 'utf8')) as Checkpoint;
    // A checkpoint of another file, or of this file before it changed, would skip the wrong lines.
    if (saved.file === file && saved.size === size && saved.mtimeMs === mtimeMs && Number.isInteger(saved.line))
      return saved.line;
  } catch {
    // No checkpoint yet.
  }
  return 0;
};

/** Opens the file as records (lines of CSV or JSON Lines), decoding it; `onBytes` follows the read position. */
const openRecords = async (options: ImportOptions, onBytes: (n: number) => void) => {
  const head = await readHead(options.file);
  const detected = detectEncoding(head);
  const encoding = options.encoding ?? detected.encoding;
  const skipBytes = options.encoding && options.encoding !== detected.encoding ? 0 : detected.skip;
  const text = decodeFile(options.file, encoding, skipBytes, onBytes);
  const records: AsyncGenerator<FileRecord> = options.format === 'csv' ? csvRecords(text) : jsonlRecords(text);
  return { encoding, records };
};

/**
 * Progress that survives a failure: rejected rows and the checkpoint are written together, rejects
 * first. Batches finish out of order; the checkpoint moves to the last line of the longest finished
 * prefix, and the rejects up to that line are appended to the rejects file before it moves — so a line
 * the checkpoint skips on a re-run has always been reported. Without --checkpoint the rejects are
 * written once, at the end.
 */
const makeProgressLog = (options: ImportOptions, file: Checkpoint & { resumed: boolean }) => {
  const pending: Reject[] = [];
  let written = 0;
  let finishedUpTo = file.line;
  let nextSeq = 0;
  const finished = new Map<number, number>();
  let writes = Promise.resolve();
  // A resumed run keeps the rejects of the lines before its checkpoint; a fresh run starts the file anew.
  let append = file.resumed;

  const writeRejects = async (upTo: number) => {
    pending.sort((a, b) => a.line - b.line);
    const due = pending.filter((r) => r.line <= upTo);
    if (due.length === 0) return;
    pending.splice(0, due.length);
    const lines = due.map((r) => `${JSON.stringify(r)}\n`).join('');
    await (append ? appendFile(options.rejectsPath, lines) : writeFile(options.rejectsPath, lines));
    append = true;
    written += due.length;
  };
  const writeCheckpoint = async (line: number) => {
    const path = options.checkpointPath as string;
    const body: Checkpoint = { file: file.file, size: file.size, mtimeMs: file.mtimeMs, line };
    await writeFile(`${path}.tmp`, `${JSON.stringify(body)}\n`);
    await rename(`${path}.tmp`, path);
  };
  return {
    reject: (r: Reject) => pending.push(r),
    /** Batch `seq` (numbered in file order) ended at `lastLine`. */
    batchDone: (seq: number, lastLine: number) => {
      if (!options.checkpointPath) return;
      finished.set(seq, lastLine);
      let moved = false;
      while (finished.has(nextSeq)) {
        finishedUpTo = Math.max(finishedUpTo, finished.get(nextSeq) as number);
        finished.delete(nextSeq);
        nextSeq++;
        moved = true;
      }
      if (!moved) return;
      const line = finishedUpTo;
      writes = writes.then(async () => {
        await writeRejects(line);
        await writeCheckpoint(line);
      });
    },
    /** Waits for the writes; on success also writes the rejects past the last checkpoint. Returns how many were written. */
    close: async (succeeded: boolean) => {
      await writes;
      if (succeeded) await writeRejects(Number.POSITIVE_INFINITY);
      return written;
    },
  };
};

/** Sends one batch, splitting it on 413, rejecting the items a 400 names, retrying while the API is unavailable. */
const makeSender = (options: ImportOptions, io: CliIo, summary: ImportSummary, reject: (r: Reject) => void) => {
  const post = async (batch: Pending[]): Promise<void> => {
    if (batch.length === 0) return;
    for (let attempt = 1; ; attempt++) {
      try {
        const body = (await callApi(io, options.base, 'v1/feedback', {
          method: 'POST',
          body: { items: batch.map((p) => p.item) },
          scopeHint: 'ingest',
          timeoutMs: 60_000,
        })) as { items?: Array<{ status?: string }> };
        const results = body?.items ?? [];
        batch.forEach((_, i) => {
          if (results[i]?.status === 'duplicate') summary.duplicates++;
          else summary.accepted++;
        });
        return;
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        if (error.status === 400) {
          // The API refuses the whole batch and names each bad item; reject those, send the rest.
          const bad = new Map<number, string[]>();
          for (const issue of error.issues) {
            const m = /^items\[(\d+)\]/.exec(issue.path);
            if (!m) continue;
            const k = Number(m[1]);
            bad.set(k, [...(bad.get(k) ?? []), describeIssue(issue)]);
          }
          if (bad.size === 0) {
            for (const p of batch)
              reject({ line: p.line, reason: `refused by the API: ${error.message}`, values: p.values });
            return;
          }
          for (const [k, reasons] of bad) {
            const p = batch[k];
            if (p) reject({ line: p.line, reason: `refused by the API: ${reasons.join('; ')}`, values: p.values });
          }
          return post(batch.filter((_, k) => !bad.has(k)));
        }
        if (error.status === 413 && batch.length > 1) {
          const half = Math.ceil(batch.length / 2);
          await post(batch.slice(0, half));
          return post(batch.slice(half));
        }
        const transient = error.status === 0 || error.status === 429 || error.status >= 500;
        if (!transient) throw error;
        if (attempt >= ATTEMPTS)
          throw new CliError(
            `${error.message}\ngave up after ${ATTEMPTS} attempts. Nothing is lost: run the same command again; rows already stored answer duplicate.`,
          );
        await sleep(options.retryBaseMs * 2 ** (attempt - 1));
      }
    }
  };
  return options.dryRun
    ? async (batch: Pending[]) => {
        summary.accepted += batch.length;
      }
    : post;
};

/** Runs one import; returns its summary. Throws CliError for what stops it (bad usage, no API, a refused key). */
export const importFile = async (options: ImportOptions, io: CliIo, tty: boolean): Promise<ImportSummary> => {
  const started = Date.now();
  const info = await stat(options.file).catch(() => {
    throw new CliError(`cannot read '${options.file}'`, 2);
  });
  const bar = progress(io, tty, info.size);
  const { encoding, records } = await openRecords(options, bar.bytes);
  const summary: ImportSummary = {
    rows: 0,
    accepted: 0,
    duplicates: 0,
    rejected: 0,
    empty: 0,
    skipped: 0,
    seconds: 0,
    rejects: [],
    encoding,
    format: options.format,
  };
  const checkpointLine = options.checkpointPath
    ? await readCheckpoint(options.checkpointPath, options.file, info.size, info.mtimeMs)
    : 0;
  const log = makeProgressLog(options, {
    file: options.file,
    size: info.size,
    mtimeMs: info.mtimeMs,
    line: checkpointLine,
    resumed: checkpointLine > 0,
  });
  const reject = (r: Reject) => {
    summary.rejected++;
    summary.rejects.push(r);
    log.reject(r);
  };
  const send = makeSender(options, io, summary, reject);

  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  let seq = 0;
  let lastRead = checkpointLine;
  const dispatch = async (batch: Pending[], lastLine = batch.at(-1)?.line ?? 0) => {
    const mySeq = seq++;
    const task = send(batch)
      .then(() => log.batchDone(mySeq, lastLine))
      .catch((error: unknown) => {
        failure ??= error;
      })
      .finally(() => {
        inFlight.delete(task);
        bar.show(summary);
      });
    inFlight.add(task);
    while (inFlight.size >= options.concurrency) await Promise.race(inFlight);
  };

  let batch: Pending[] = [];
  let batchBytes = 0;
  let mapping: ColumnMapping | undefined;
  try {
    for await (const record of records) {
      if (failure) break;
      lastRead = record.line;
      if (record.line <= checkpointLine) {
        if (record.kind === 'row') summary.skipped++;
        continue;
      }
      if (record.kind === 'empty') {
        summary.empty++;
        continue;
      }
      summary.rows++;
      if (record.kind === 'bad') {
        reject({ line: record.line, reason: record.reason });
        continue;
      }
      mapping ??= resolveMapping(options, record.values);
      const mapped = mapRow(record.values, mapping, options.defaults);
      if (!mapped.ok) {
        reject({ line: record.line, reason: mapped.reason, values: record.values });
        continue;
      }
      const bytes = Buffer.byteLength(JSON.stringify(mapped.item)) + 1;
      if (batch.length >= options.batchSize || batchBytes + bytes > MAX_BATCH_BYTES) {
        await dispatch(batch);
        batch = [];
        batchBytes = 0;
      }
      batch.push({ line: record.line, item: mapped.item, values: record.values });
      batchBytes += bytes;
    }
  } catch (error) {
    if (error instanceof HeaderError) throw new CliError(`${options.file}: ${error.message}`, 2);
    throw error;
  }
  // The last batch takes the checkpoint to the end of the file, past trailing rejected or empty lines.
  if (!failure) await dispatch(batch, lastRead);
  await Promise.all(inFlight);
  const written = await log.close(!failure);
  if (failure) {
    if (written) io.err(`rejected rows so far written to ${options.rejectsPath}\n`);
    throw failure;
  }
  summary.rejects.sort((a, b) => a.line - b.line);
  if (written) summary.rejectsPath = options.rejectsPath;
  summary.seconds = (Date.now() - started) / 1000;
  bar.show(summary, true);
  return summary;
};

/** Checks the mapping against the first row's columns: a mapped column that is not there stops the import. */
const resolveMapping = (options: ImportOptions, first: Record<string, unknown>): ColumnMapping => {
  const columns = options.format === 'csv' ? Object.keys(first) : undefined;
  const mapping = withDefaultColumns(options.mapping, columns) as ColumnMapping;
  mapping.metadata ??= [];
  if (!mapping.text) throw new CliError(`no text column: pass --text COL (columns: ${columns?.join(', ')})`, 2);
  if (columns) {
    const wanted = [
      ...Object.entries(mapping).flatMap(([field, column]) =>
        typeof column === 'string' ? [[field, column] as const] : [],
      ),
      ...mapping.metadata.map((m) => ['metadata', m.column] as const),
    ];
    const missing = wanted.filter(([, column]) => !columns.includes(column));
    if (missing.length)
      throw new CliError(
        `${missing.map(([f, c]) => `--${f} column '${c}'`).join(', ')} not in the header (columns: ${columns.join(', ')})`,
        2,
      );
  }
  return mapping;
};

const report = (io: CliIo, options: ImportOptions, s: ImportSummary) => {
  const n = (v: number) => v.toLocaleString('en');
  const done = s.accepted + s.duplicates + s.rejected;
  io.out(
    `${options.dryRun ? 'checked' : 'imported'} ${basename(options.file)} (${s.format}, ${s.encoding}): ${n(done)} rows in ${s.seconds.toFixed(1)} s, ${n(Math.round(done / Math.max(s.seconds, 0.001)))} rows/s\n`,
  );
  const rows: Array<[string, number, string]> = [
    [options.dryRun ? 'valid' : 'accepted', s.accepted, ''],
    ...(options.dryRun ? [] : [['duplicates', s.duplicates, ''] as [string, number, string]]),
    ['rejected', s.rejected, ''],
    ...(s.empty ? [['empty lines', s.empty, ' (nothing to import)'] as [string, number, string]] : []),
    ...(s.skipped ? [['skipped', s.skipped, ' (before the checkpoint)'] as [string, number, string]] : []),
  ];
  const width = Math.max(...rows.map(([, v]) => n(v).length));
  for (const [label, value, note] of rows) io.out(`  ${label.padEnd(12)}${n(value).padStart(width)}${note}\n`);
  const shown = s.rejects.slice(0, 20);
  for (const r of shown) io.err(`line ${r.line}: ${r.reason}\n`);
  if (s.rejects.length > shown.length) io.err(`… and ${n(s.rejects.length - shown.length)} more\n`);
  if (s.rejectsPath) io.err(`rejected rows (line, reason, values) written to ${s.rejectsPath}\n`);
};

/** What GET /v1/status answers (the part the import reads). */
interface Status {
  backlog: { queued: number; inFlight: number; oldestQueuedAt: string | null };
  dataRange: { first: string; last: string } | null;
}

/** GET /v1/status, or undefined when the key may not read it or the server has no such route (older servers). */
const readStatus = async (io: CliIo, base: string): Promise<Status | undefined> => {
  try {
    return (await callApi(io, base, 'v1/status', { scopeHint: 'read' })) as Status;
  } catch (error) {
    if (error instanceof ApiError && [401, 403, 404].includes(error.status)) return undefined;
    throw error;
  }
};

/** How often --wait asks for the backlog. */
const WAIT_POLL_MS = 1000;

/**
 * Follows the analysis backlog until nothing waits: a redrawn bar on a terminal, a line every few seconds
 * otherwise. Out of `queued` (what the import just queued, so the bar counts the same items as the line
 * before it; more if the backlog holds others): done = that total minus what waits now.
 */
export const waitForAnalysis = async (
  io: CliIo,
  base: string,
  tty: boolean,
  options: { first?: Status | undefined; queued?: number; pollMs?: number } = {},
) => {
  let status = options.first ?? (await readStatus(io, base));
  if (!status) {
    io.err('--wait needs GET /v1/status and a key with the read scope; not waiting\n');
    return;
  }
  const started = Date.now();
  let most = options.queued ?? 0;
  let doneAtStart: number | undefined;
  let lastLine = 0;
  for (;;) {
    const waiting = status.backlog.queued + status.backlog.inFlight;
    most = Math.max(most, waiting);
    const done = most - waiting;
    doneAtStart ??= done;
    const share = most ? done / most : 1;
    const rate = Math.round((done - doneAtStart) / Math.max((Date.now() - started) / 1000, 0.001));
    const text = `analysis ${done.toLocaleString('en')} of ${most.toLocaleString('en')} · ${rate.toLocaleString('en')}/s · ${waiting.toLocaleString('en')} waiting`;
    if (tty) {
      const width = 24;
      const filled = Math.round(share * width);
      io.err(
        `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor(share * 100)).padStart(3)}% ${text}\u001b[K`,
      );
    } else if (waiting === 0 || Date.now() - lastLine >= 5000) {
      io.err(`${text}\n`);
      lastLine = Date.now();
    }
    if (waiting === 0) break;
    await sleep(options.pollMs ?? WAIT_POLL_MS);
    const next = await readStatus(io, base);
    if (!next) {
      io.err('\nGET /v1/status stopped answering; not waiting any more\n');
      return;
    }
    status = next;
  }
  if (tty) io.err('\n');
  io.out(`analysis done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
};

/** Parses the flags as `koe import` does (for callers that run `importFile` themselves). */
export const parseOptions = (args: string[], env: NodeJS.ProcessEnv): ImportOptions => {
  const { values, positionals } = parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: true });
  return toOptions({ values, positionals, base: baseUrl(values.url, env) });
};

/** Runs `koe import ...` with the given I/O; `tty` draws a progress bar. Returns the exit code. */
export const runImport = async (args: string[], io: CliIo, tty = false): Promise<number> => {
  let rejected = 0;
  const code = await runCommand(
    {
      name: 'import',
      usage: USAGE,
      options: OPTIONS,
      positionals: true,
      run: async (input) => {
        const options = toOptions(input);
        const summary = await importFile(options, io, tty);
        report(io, options, summary);
        rejected = summary.rejected;
        if (options.dryRun || summary.accepted === 0) return;
        io.out(`${summary.accepted.toLocaleString('en')} queued for analysis\n`);
        const status = await readStatus(io, options.base);
        if (options.wait) await waitForAnalysis(io, options.base, tty, { first: status, queued: summary.accepted });
        else if (status && status.backlog.queued + status.backlog.inFlight > 0)
          io.out(
            `analysis is running (${(status.backlog.queued + status.backlog.inFlight).toLocaleString('en')} waiting): exports and charts change until it is done; --wait follows it\n`,
          );
        if (status?.dataRange) {
          const [first, last] = [status.dataRange.first.slice(0, 10), status.dataRange.last.slice(0, 10)];
          io.out(`data from ${first} to ${last}; roll up older days with: koe rollup --from ${first} --to ${last}\n`);
        }
      },
    },
    args,
    io,
  );
  return code === 0 && rejected > 0 ? 1 : code;
};

/** Entry point used by cli/main.ts. */
export const run = (args: string[]): Promise<number> => runImport(args, processIo(), process.stderr.isTTY === true);
