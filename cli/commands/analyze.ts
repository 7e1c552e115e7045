/**
 * `koe analyze`: JSON Lines in (stdin), JSON Lines out (stdout), one output line per input line,
 * in order. Other tools rely on this contract exactly; see `koe analyze --help`.
 */
import { availableParallelism, loadavg } from 'node:os';
import type { Readable, Writable } from 'node:stream';
import type { Analyzer } from '../../shared/analysis/types.js';
import { CliError, type CliIo, processIo } from '../lib/api.js';
import { runCommand } from '../lib/command.js';
import { modelDir } from '../lib/model-dir.js';

/**
 * Default threads: one per idle core (the cores less the 1-minute load average, rounded; at least one). A
 * worker thread costs ~2 s of CPU before it runs at full speed (its own models, rules, JIT and caches), and a
 * one-thread run already keeps ~15 % of a second core busy with V8's compiler and collector: on a busy
 * machine a worker only takes CPU from the others (docs/local-runtime.md, whole-process section).
 */
const autoThreads = (cores = availableParallelism(), load = loadavg()[0] ?? 0): number =>
  Math.max(1, Math.min(cores, Math.round(cores - load)));
/**
 * Input shorter than this is analysed by the main thread alone unless --threads says otherwise: on two idle
 * cores a worker's ~2 s of start-up and warm-up is repaid only past ~4,000 lines.
 */
const WORKERS_AFTER = 5000;

const HELP = `usage: koe analyze [--rules <file>] [--batch-size <n>] [--threads <n>] < input.jsonl > output.jsonl

Reads JSON Lines on stdin, one comment per line:
  {"id": "c1", "text": "…", "language": "ja"?, "ratings": {"nps": 2, "csat": 1, "ces": 6}?, "customer": {"tier": "enterprise"}?}
Writes one JSON line per input line to stdout, in the same order:
  {"id", "language", "languageConfidence", "text" (redacted), "sentiment": {"label", "score", "confidence", "sentences"},
   "keyPhrases", "topics", "urgency": {"level", "score", "reasons"}, "pii", "analyzer"}
A line that is not JSON or has no text gets {"id"?, "line": N, "error": "…"} in its place (and a note on stderr).

Options:
  --rules <file>       triage rules JSON (default: shared/triage/rules.default.json; see docs/triage-scale.md)
  --batch-size <n>     documents per analyzer call (default 256)
  --threads <n>        threads to analyze with: the main one and n-1 worker threads. Default: one per idle
                       core (${availableParallelism()} cores less the load average), and one for input under ${WORKERS_AFTER.toLocaleString('en')} lines.
                       Each thread loads its own models and rules and warms up (~2 s of CPU). Same output.
  -h, --help           show this help

Exit status: 0 when every input line got its output line (bad lines included), 1 on a fatal error, 2 on bad usage.
Works offline: the local analyzer needs no network and no account.`;

/** Reading and threads, loaded for a run (not for --help or a usage error); the analysis itself loads later. */
const runner = () => Promise.all([import('../lib/analyze-chunks.js'), import('../lib/analyze-threads.js')]);
/** The analysis: loaded by the main thread once its workers, if any, have started (they load their own). */
const engine = () => import('../lib/analyze-lines.js');

/**
 * Streams JSON Lines from `input` through `analyzer` to `output` in the calling thread; returns the number
 * of bad lines. (The command itself may add worker threads; the output is the same.)
 */
export const analyzeStream = async (
  analyzer: Analyzer,
  input: Readable,
  output: Writable,
  log: (message: string) => void,
  batchSize = 256,
): Promise<number> => {
  const [{ readChunks }, { analyzeChunks }] = await runner();
  const { analyzeChunk } = await engine();
  input.setEncoding('utf8');
  try {
    const { bad } = await analyzeChunks(
      readChunks(input, batchSize),
      async () => (chunk) => analyzeChunk(analyzer, chunk),
      output,
      log,
      {
        threads: 1,
        batchSize,
        workersAfter: Number.POSITIVE_INFINITY,
      },
    );
    return bad;
  } finally {
    input.destroy();
  }
};

/** A positive whole number option, or a usage error naming it. */
const positive = (name: string, value: string | undefined, fallback: number, max = Number.MAX_SAFE_INTEGER) => {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isInteger(n) || n < 1 || n > max)
    throw new CliError(`${name} needs a whole number from 1 to ${max.toLocaleString('en')}, not '${value}'`, 2);
  return n;
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
      options: { rules: { type: 'string' }, 'batch-size': { type: 'string' }, threads: { type: 'string' } },
      run: async ({ values }) => {
        const batchSize = positive('--batch-size', values['batch-size'], 256);
        const threads = positive('--threads', values.threads, autoThreads(), 256);
        const [{ readChunks }, { analyzeChunks }] = await runner();
        const setup = { rules: values.rules, modelDir: modelDir(io.env) };
        const { input, output } = streams;
        input.setEncoding('utf8');
        try {
          await analyzeChunks(
            readChunks(input, batchSize),
            async () => {
              const { analyzeChunk, createAnalyzer } = await engine();
              const analyzer = await createAnalyzer(setup, (m) => io.err(`koe analyze: ${m}\n`));
              return (chunk) => analyzeChunk(analyzer, chunk);
            },
            output,
            (m) => io.err(`${m}\n`),
            // Asked for by number, workers start as soon as there is more than one chunk to share.
            { threads, batchSize, setup, workersAfter: values.threads === undefined ? WORKERS_AFTER : 0 },
          );
        } finally {
          input.destroy();
        }
        return 0;
      },
    },
    args,
    io,
  );
