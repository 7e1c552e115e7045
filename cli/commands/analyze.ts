/**
 * `koe analyze`: JSON Lines in (stdin), JSON Lines out (stdout), one output line per input line,
 * in order. Other tools rely on this contract exactly; see `koe analyze --help`.
 */
import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import { z } from 'zod';
import { createLocalAnalyzer } from '../../shared/analysis/local-analyzer.js';
import { loadModels } from '../../shared/analysis/model/load.js';
import { type Redaction, redactPii } from '../../shared/analysis/pii/redact.js';
import type { Analysis, AnalysisInput, Analyzer } from '../../shared/analysis/types.js';
import { present } from '../../shared/present.js';
import { loadTriageRules } from '../../shared/triage/rules.js';
import { CliError, type CliIo, processIo } from '../lib/api.js';
import { runCommand } from '../lib/command.js';
import { modelDir } from '../lib/model-dir.js';

const HELP = `usage: koe analyze [--rules <file>] [--batch-size <n>] < input.jsonl > output.jsonl

Reads JSON Lines on stdin, one comment per line:
  {"id": "c1", "text": "…", "language": "ja"?, "ratings": {"nps": 2, "csat": 1, "ces": 6}?, "customer": {"tier": "enterprise"}?}
Writes one JSON line per input line to stdout, in the same order:
  {"id", "language", "languageConfidence", "text" (redacted), "sentiment": {"label", "score", "confidence", "sentences"},
   "keyPhrases", "topics", "urgency": {"level", "score", "reasons"}, "pii", "analyzer"}
A line that is not JSON or has no text gets {"id"?, "line": N, "error": "…"} in its place (and a note on stderr).

Options:
  --rules <file>       triage rules JSON (default: shared/triage/rules.default.json; see docs/triage-scale.md)
  --batch-size <n>     documents per analyzer call (default 256)
  -h, --help           show this help

Exit status: 0 when every input line got its output line (bad lines included), 1 on a fatal error, 2 on bad usage.
Works offline: the local analyzer needs no network and no account.`;

const inputLine = z.object({
  id: z.unknown().optional(),
  text: z.string({ error: (i) => (i.input === undefined ? 'missing text' : 'text must be a string') }),
  language: z.string().optional(),
  ratings: z.object({ nps: z.number().optional(), csat: z.number().optional(), ces: z.number().optional() }).optional(),
  customer: z.object({ id: z.string().optional(), tier: z.string().optional() }).optional(),
});

// A runaway line (no newline for this long) is dropped with an error rather than held in memory.
const MAX_LINE = 16 * 1024 * 1024;

type Slot =
  | { line: number; output: Record<string, unknown> }
  | { line: number; id: unknown; input: AnalysisInput; found: Redaction['found'] };

/** The output line of one analyzed comment. */
const toOutput = (id: unknown, text: string, found: Redaction['found'], a: Analysis) => ({
  id: id ?? null,
  language: a.language.code,
  languageConfidence: a.language.confidence,
  text,
  sentiment: a.sentiment,
  keyPhrases: a.keyPhrases,
  topics: a.topics,
  urgency: a.urgency,
  pii: addCounts(found, a.pii),
  analyzer: a.analyzer,
});

const addCounts = (a: Redaction['found'], b: Redaction['found']): Redaction['found'] => {
  const out = { ...a };
  for (const [type, n] of Object.entries(b) as Array<[keyof Redaction['found'], number]>)
    out[type] = (out[type] ?? 0) + n;
  return out;
};

const describe = (error: z.ZodError): string =>
  error.issues
    .map((i) => {
      const path = i.path.join('.');
      return path && !i.message.includes(path) ? `${path}: ${i.message}` : i.message;
    })
    .join('; ');

/** Parses one input line into a slot: something to analyze, or an error line in its place. */
const parseLine = (raw: string, line: number): Slot => {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { line, output: { line, error: raw.trim() === '' ? 'empty line' : 'not valid JSON' } };
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return { line, output: { line, error: 'each line must be a JSON object' } };
  }
  const id = (json as { id?: unknown }).id;
  const parsed = inputLine.safeParse(json);
  if (!parsed.success) {
    return { line, output: { ...(id === undefined ? {} : { id }), line, error: describe(parsed.error) } };
  }
  const { language, ratings, customer } = parsed.data;
  // Like ingest: redact first, so neither the analyzer nor the output ever holds the raw text.
  const { text, found } = redactPii(parsed.data.text);
  const input: AnalysisInput = { text };
  if (language) input.language = language;
  if (ratings) input.ratings = ratings;
  if (customer) input.customer = customer;
  return { line, id, input, found };
};

/** Streams JSON Lines from `input` through `analyzer` to `output`; returns the number of bad lines. */
export const analyzeStream = async (
  analyzer: Analyzer,
  input: Readable,
  output: Writable,
  log: (message: string) => void,
  batchSize = 256,
): Promise<number> => {
  let closed = false;
  let failure: Error | undefined;
  output.on('error', (error: NodeJS.ErrnoException) => {
    closed = true;
    // The reader went away (`| head`): stop quietly, there is no one left to tell.
    if (error.code !== 'EPIPE') failure = error;
  });
  let bad = 0;
  let lineNo = 0;
  let partial = '';
  let skipping = false;

  const flush = async (slots: Slot[]) => {
    for (let from = 0; from < slots.length && !closed; from += batchSize) {
      const batch = slots.slice(from, from + batchSize);
      const work = batch.flatMap((s) => ('input' in s ? [s.input] : []));
      const results = work.length ? await analyzer.analyze(work) : [];
      let k = 0;
      let out = '';
      for (const slot of batch) {
        if ('input' in slot)
          out += `${JSON.stringify(toOutput(slot.id, slot.input.text, slot.found, present(results[k++], 'analysis of a line')))}\n`;
        else {
          bad++;
          log(`koe analyze: line ${slot.line}: ${String(slot.output.error)}`);
          out += `${JSON.stringify(slot.output)}\n`;
        }
      }
      if (!output.write(out) && !closed) await Promise.race([once(output, 'drain'), once(output, 'close')]);
    }
  };

  input.setEncoding('utf8');
  // Reading chunk by chunk keeps backpressure: the next chunk is read only after this one is written.
  for await (const chunk of input as AsyncIterable<string>) {
    if (closed) break;
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    const slots: Slot[] = [];
    for (const raw of lines) {
      lineNo++;
      if (skipping) {
        skipping = false;
        slots.push({ line: lineNo, output: { line: lineNo, error: `line longer than ${MAX_LINE} characters` } });
        continue;
      }
      slots.push(parseLine(clean(raw, lineNo), lineNo));
    }
    if (partial.length > MAX_LINE) {
      partial = '';
      skipping = true;
    }
    await flush(slots);
  }
  if (!closed && (partial !== '' || skipping)) {
    lineNo++;
    await flush([
      skipping
        ? { line: lineNo, output: { line: lineNo, error: `line longer than ${MAX_LINE} characters` } }
        : parseLine(clean(partial, lineNo), lineNo),
    ]);
  }
  if (failure) throw failure;
  return bad;
};

/** Drops a CRLF's CR and a leading byte-order mark. */
const clean = (raw: string, line: number): string => {
  let s = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  if (line === 1 && s.charCodeAt(0) === 0xfeff) s = s.slice(1);
  return s;
};

/** Entry point of `koe analyze`: stdin to stdout (or the given streams); returns the exit code. */
export const run = (
  args: string[],
  io: CliIo = processIo(),
  streams: { input: Readable; output: Writable } = { input: process.stdin, output: process.stdout },
): Promise<number> =>
  runCommand(
    {
      name: 'analyze',
      usage: HELP,
      options: { rules: { type: 'string' }, 'batch-size': { type: 'string' } },
      run: async ({ values }) => {
        const batchSize = Number(values['batch-size'] ?? 256);
        if (!Number.isInteger(batchSize) || batchSize < 1)
          throw new CliError('--batch-size needs a positive integer', 2);
        const rules = values.rules ? await loadTriageRules(values.rules) : undefined;
        const models = loadModels(modelDir(io.env), (m) => io.err(`koe analyze: ${m}\n`));
        const analyzer = createLocalAnalyzer(rules ? { rules, models } : { models });
        await analyzeStream(analyzer, streams.input, streams.output, (m) => io.err(`${m}\n`), batchSize);
        return 0;
      },
    },
    args,
    io,
  );
