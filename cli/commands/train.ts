/**
 * `koe train --labels FILE`: adds managers' corrections (what `koe labels export` writes) to Koe's corpus
 * and writes a model per language that `npm start` and `koe analyze` load (KOE_MODEL_DIR, default
 * `.koe/models`). Bad input — an empty file, an unknown label, a language without a model — is a clear
 * error naming the line and the field.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { detectLanguage } from '../../shared/analysis/language.js';
import { createLocalAnalyzer } from '../../shared/analysis/local-analyzer.js';
import { fitModel, type LabelledText, prepare, readCorpus } from '../../shared/analysis/model/fit.js';
import { SENTIMENT_LABELS, URGENCY_LABELS } from '../../shared/analysis/model/model.js';
import { defaultTaxonomy } from '../../shared/analysis/topics/taxonomy.js';
import { CliError, type CliIo, processIo } from '../lib/api.js';
import { runCommand } from '../lib/command.js';
import { modelDir } from '../lib/model-dir.js';

const HELP = `usage: koe train --labels FILE [--language en|ja] [--out DIR]

Trains Koe's model on its corpus (train split, train-only sets and lines) plus your corrections and writes
<out>/<lang>.json, which npm start and koe analyze then use.

  --labels FILE     corrections as written by \`koe labels export\` (JSON Lines: text, language?,
                    expected: {urgency?, sentiment?, topics?}); topics outside Koe's default
                    taxonomy (promoted ones, emergent:<words>) are named, counted and left out of
                    the topic model, which learns the default topics only
  --language L      train only this language (en or ja); rows in another language are an error
  --out DIR         where to write (default KOE_MODEL_DIR, else .koe/models)`;

/** A problem with the labels file, reported as `koe train: <message>`. */
export class LabelsFileError extends Error {
  override readonly name = 'LabelsFileError';
}

const LANGUAGES = ['en', 'ja'] as const;

/** A topic id as an installation names it: a default or promoted topic (snake_case) or a discovered theme. */
const TOPIC_ID = /^(?:[a-z][a-z0-9_]{0,63}|emergent:\S.{0,199})$/u;

/** A labels file read: the rows to learn from, and the topic labels the model's topic head has no place for. */
export interface Corrections {
  rows: LabelledText[];
  /**
   * Topic ids outside Koe's default taxonomy (promoted topics, discovered `emergent:` themes), with how
   * many rows name each. The model learns default topics only: analysis finds a promoted topic by its
   * cues and a discovered theme by its words, so these are left out of the topic labels — the row still
   * teaches its urgency, sentiment and which default topics it is not about.
   */
  leftOut: Map<string, number>;
}

/** Reads and validates a labels file; every row becomes a labelled text. Throws LabelsFileError. */
export const readCorrections = (path: string, only?: 'en' | 'ja'): Corrections => {
  if (!existsSync(path)) throw new LabelsFileError(`${path}: no such file`);
  const lines = readFileSync(path, 'utf8').split('\n');
  const topics = new Set(defaultTaxonomy.topics.map((t) => t.id));
  const out: LabelledText[] = [];
  const leftOut = new Map<string, number>();
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const at = `${path}:${i + 1}`;
    let row: Record<string, unknown>;
    try {
      row = JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new LabelsFileError(`${at}: not a JSON object (one object per line, as koe labels export writes)`);
    }
    if (typeof row.text !== 'string' || row.text.trim() === '')
      throw new LabelsFileError(`${at}: text must be a non-empty string`);
    const expected = row.expected as Record<string, unknown> | undefined;
    if (!expected || typeof expected !== 'object')
      throw new LabelsFileError(`${at}: expected must be an object of corrected labels`);
    const { urgency, sentiment, topics: rowTopics } = expected;
    if (urgency !== undefined && !URGENCY_LABELS.includes(urgency as never))
      throw new LabelsFileError(
        `${at}: expected.urgency '${String(urgency)}' is not one of ${URGENCY_LABELS.join(', ')}`,
      );
    if (sentiment !== undefined && !SENTIMENT_LABELS.includes(sentiment as never))
      throw new LabelsFileError(
        `${at}: expected.sentiment '${String(sentiment)}' is not one of ${SENTIMENT_LABELS.join(', ')}`,
      );
    if (rowTopics !== undefined) {
      if (!Array.isArray(rowTopics)) throw new LabelsFileError(`${at}: expected.topics must be a list of topic ids`);
      const bad = rowTopics.find((t) => typeof t !== 'string' || !TOPIC_ID.test(t));
      if (bad !== undefined)
        throw new LabelsFileError(
          `${at}: expected.topics '${String(bad)}' is not a topic id (snake_case, or emergent:<words> for a discovered theme)`,
        );
      for (const t of new Set(rowTopics as string[])) if (!topics.has(t)) leftOut.set(t, (leftOut.get(t) ?? 0) + 1);
    }
    if (urgency === undefined && sentiment === undefined && rowTopics === undefined)
      throw new LabelsFileError(`${at}: expected holds no correction (urgency, sentiment or topics)`);
    const language = typeof row.language === 'string' ? row.language : detectLanguage(row.text).code;
    if (!LANGUAGES.includes(language as never))
      throw new LabelsFileError(`${at}: language '${language}' has no model (Koe trains en and ja)`);
    if (only && language !== only) throw new LabelsFileError(`${at}: language '${language}', but --language ${only}`);
    out.push({
      id: typeof row.id === 'string' ? row.id : `line-${i + 1}`,
      text: row.text,
      language: language as 'en' | 'ja',
      sentiment: sentiment as string | undefined,
      urgency: urgency as string | undefined,
      topics: (rowTopics as string[] | undefined)?.filter((t) => topics.has(t)),
    });
  });
  if (out.length === 0) throw new LabelsFileError(`${path} is empty: no corrections to learn from`);
  return { rows: out, leftOut };
};

/** The line `koe train` prints about topic labels left out of the model, or nothing when there are none. */
export const describeLeftOut = (leftOut: ReadonlyMap<string, number>): string => {
  if (leftOut.size === 0) return '';
  const total = [...leftOut.values()].reduce((a, b) => a + b, 0);
  const named = [...leftOut]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([id, n]) => `${id} ×${n}`)
    .join(', ');
  return (
    `${total} topic label(s) outside Koe's default taxonomy left out of the topic model (found by their cues, ` +
    `not learned; check for a typo): ${named}\n`
  );
};

/** Runs `koe train …` with the given I/O; returns the exit code. */
export const run = (args: string[], io: CliIo = processIo()): Promise<number> =>
  runCommand(
    {
      name: 'train',
      usage: HELP,
      options: { labels: { type: 'string' }, language: { type: 'string' }, out: { type: 'string' } },
      run: async ({ values }) => {
        if (!values.labels) throw new CliError('--labels FILE is required', 2);
        if (values.language !== undefined && !LANGUAGES.includes(values.language as never))
          throw new CliError(`--language must be en or ja, not '${values.language}'`, 2);
        const only = values.language as 'en' | 'ja' | undefined;
        let corrections: LabelledText[];
        try {
          const read = readCorrections(values.labels, only);
          corrections = read.rows;
          const note = describeLeftOut(read.leftOut);
          if (note) io.out(note);
        } catch (error) {
          if (error instanceof LabelsFileError) throw new CliError(error.message, 2);
          throw error;
        }
        const out = values.out ?? modelDir();
        mkdirSync(out, { recursive: true });
        const analyzer = createLocalAnalyzer({ models: {} });
        const topics = defaultTaxonomy.topics.map((t) => t.id);
        const corpusRoot = fileURLToPath(new URL('../../bench/corpus/', import.meta.url));
        for (const language of LANGUAGES) {
          const mine = corrections.filter((c) => c.language === language);
          if (mine.length === 0) continue;
          const file = join(corpusRoot, language, 'items.jsonl');
          if (!existsSync(file)) {
            throw new CliError(`the corpus (${file}) is missing: run koe train from a Koe checkout`);
          }
          const corpus = readCorpus(corpusRoot, language);
          const { lines, trainOnly } = corpus;
          const train = await prepare(analyzer, [...corpus.train, ...trainOnly, ...lines, ...mine]);
          const dev = await prepare(analyzer, corpus.dev);
          const model = fitModel(train, dev, {
            language,
            topics,
            trainedOn: {
              items: train.length,
              corrections: mine.length,
              sources: [
                `bench/corpus/${language} train (${corpus.train.length})`,
                ...(trainOnly.length > 0 ? [`bench/corpus/${language} train-only (${trainOnly.length})`] : []),
                ...(lines.length > 0 ? [`bench/corpus/${language} lines (${lines.length})`] : []),
                `${values.labels} (${mine.length})`,
              ],
            },
          });
          const path = join(out, `${language}.json`);
          writeFileSync(path, `${JSON.stringify(model)}\n`);
          io.out(
            `${language}: ${mine.length} corrections + ${corpus.train.length + trainOnly.length} corpus items + ${lines.length} lines → ${path}\n`,
          );
        }
        return 0;
      },
    },
    args,
    io,
  );
