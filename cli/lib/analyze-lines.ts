/**
 * The work of `koe analyze`, line by line, the same in the main thread and in a worker thread
 * (cli/lib/analyze-worker.ts): each chunk of whole lines (cli/lib/analyze-chunks.ts) turned into its output
 * lines ({@link analyzeChunk}). A line's output depends on that line alone, never on the
 * chunk or the thread it went through (test/unit/cli/analyze-threads.test.ts holds this).
 */
import { z } from 'zod';
import { createLocalAnalyzer } from '../../shared/analysis/local-analyzer.js';
import { loadModels } from '../../shared/analysis/model/load.js';
import { type Redaction, redactPii } from '../../shared/analysis/pii/redact.js';
import type { Analysis, AnalysisInput, Analyzer } from '../../shared/analysis/types.js';
import { present } from '../../shared/present.js';
import { loadTriageRules } from '../../shared/triage/rules.js';
import { type Chunk, type ChunkResult, MAX_LINE } from './analyze-chunks.js';

/** What an analyzer is made from: the `--rules` file (else the default rules) and the models folder. */
export interface AnalyzerSetup {
  rules?: string | undefined;
  modelDir: string;
}

/** The analyzer of `koe analyze`; `warn` hears about an unusable model file. */
export const createAnalyzer = async (setup: AnalyzerSetup, warn: (message: string) => void): Promise<Analyzer> => {
  const rules = setup.rules ? await loadTriageRules(setup.rules) : undefined;
  const models = loadModels(setup.modelDir, warn);
  // parseLine redacts each text before the analyzer sees it.
  return createLocalAnalyzer({ ...(rules ? { rules } : {}), models, inputsRedacted: true });
};

const inputLine = z.object({
  id: z.unknown().optional(),
  text: z.string({ error: (i) => (i.input === undefined ? 'missing text' : 'text must be a string') }),
  language: z.string().optional(),
  ratings: z.object({ nps: z.number().optional(), csat: z.number().optional(), ces: z.number().optional() }).optional(),
  customer: z.object({ id: z.string().optional(), tier: z.string().optional() }).optional(),
});

type Slot =
  | { line: number; output: Record<string, unknown> }
  | { line: number; id: unknown; input: AnalysisInput; found: Redaction['found'] };

const addCounts = (a: Redaction['found'], b: Redaction['found']): Redaction['found'] => {
  const out = { ...a };
  for (const [type, n] of Object.entries(b) as Array<[keyof Redaction['found'], number]>)
    out[type] = (out[type] ?? 0) + n;
  return out;
};

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

const describe = (error: z.ZodError): string =>
  error.issues
    .map((i) => {
      const path = i.path.join('.');
      return path && !i.message.includes(path) ? `${path}: ${i.message}` : i.message;
    })
    .join('; ');

/**
 * The fields of a line that is plainly valid ({id?, text, language?} and nothing else): what the schema
 * would return for it, without the schema's cost per line. Anything else goes through the schema.
 */
const plain = (json: Record<string, unknown>): z.infer<typeof inputLine> | undefined => {
  let keys = 0;
  for (const key in json) {
    if (key !== 'id' && key !== 'text' && key !== 'language') return undefined;
    keys++;
  }
  const { text, language } = json;
  if (typeof text !== 'string' || (language !== undefined && typeof language !== 'string')) return undefined;
  return keys > 0 ? { text, ...(language === undefined ? {} : { language }) } : undefined;
};

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
  let data = plain(json as Record<string, unknown>);
  if (!data) {
    const parsed = inputLine.safeParse(json);
    if (!parsed.success) {
      return { line, output: { ...(id === undefined ? {} : { id }), line, error: describe(parsed.error) } };
    }
    data = parsed.data;
  }
  const { language, ratings, customer } = data;
  // Like ingest: redact first, so neither the analyzer nor the output ever holds the raw text.
  const { text, found } = redactPii(data.text);
  const input: AnalysisInput = { text };
  if (language) input.language = language;
  if (ratings) input.ratings = ratings;
  if (customer) input.customer = customer;
  return { line, id, input, found };
};

/** Drops a CRLF's CR and a leading byte-order mark. */
const clean = (raw: string, line: number): string => {
  let s = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  if (line === 1 && s.charCodeAt(0) === 0xfeff) s = s.slice(1);
  return s;
};

/** The output of one chunk of lines: one analyzer call for its good lines, an error line for each bad one. */
export const analyzeChunk = async (analyzer: Analyzer, chunk: Chunk): Promise<ChunkResult> => {
  const slots = chunk.lines.map((raw, i): Slot => {
    const line = chunk.first + i;
    return raw === null
      ? { line, output: { line, error: `line longer than ${MAX_LINE} characters` } }
      : parseLine(clean(raw, line), line);
  });
  const work = slots.flatMap((s) => ('input' in s ? [s.input] : []));
  const results = work.length ? await analyzer.analyze(work) : [];
  let k = 0;
  let out = '';
  const notes: string[] = [];
  for (const slot of slots) {
    if ('input' in slot)
      out += `${JSON.stringify(toOutput(slot.id, slot.input.text, slot.found, present(results[k++], 'analysis of a line')))}\n`;
    else {
      notes.push(`koe analyze: line ${slot.line}: ${String(slot.output.error)}`);
      out += `${JSON.stringify(slot.output)}\n`;
    }
  }
  return { out, notes };
};
