/**
 * `koe train --labels FILE`: adds managers' corrections (what `koe labels export` writes) to Koe's corpus
 * and writes a model per language that `npm start` and `koe analyze` load (KOE_MODEL_DIR, default
 * `.koe/models`). Bad input — an empty file, an unknown label, a language without a model — is a clear
 * error naming the line and the field.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { detectLanguage } from '../../shared/analysis/language.js';
import { createLocalAnalyzer } from '../../shared/analysis/local-analyzer.js';
import { bySplit, fitModel, type LabelledText, prepare, readCorpusItems } from '../../shared/analysis/model/fit.js';
import { SENTIMENT_LABELS, URGENCY_LABELS } from '../../shared/analysis/model/model.js';
import { defaultTaxonomy } from '../../shared/analysis/topics/taxonomy.js';
import { modelDir } from '../lib/model-dir.js';

const HELP = `usage: koe train --labels FILE [--language en|ja] [--out DIR]

Trains Koe's model on its corpus plus your corrections and writes <out>/<lang>.json, which
npm start and koe analyze then use.

  --labels FILE     corrections as written by \`koe labels export\` (JSON Lines: text, language?,
                    expected: {urgency?, sentiment?, topics?})
  --language L      train only this language (en or ja); rows in another language are an error
  --out DIR         where to write (default KOE_MODEL_DIR, else .koe/models)`;

/** A problem with the labels file, reported as `koe train: <message>`. */
export class LabelsFileError extends Error {
  override readonly name = 'LabelsFileError';
}

const LANGUAGES = ['en', 'ja'] as const;

/** Reads and validates a labels file; every row becomes a labelled text. Throws LabelsFileError. */
export const readCorrections = (path: string, only?: 'en' | 'ja'): LabelledText[] => {
  if (!existsSync(path)) throw new LabelsFileError(`${path}: no such file`);
  const lines = readFileSync(path, 'utf8').split('\n');
  const topics = new Set(defaultTaxonomy.topics.map((t) => t.id));
  const out: LabelledText[] = [];
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
      const unknown = rowTopics.find((t) => !topics.has(String(t)));
      if (unknown !== undefined)
        throw new LabelsFileError(`${at}: expected.topics '${String(unknown)}' is not a taxonomy topic`);
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
      topics: rowTopics as string[] | undefined,
    });
  });
  if (out.length === 0) throw new LabelsFileError(`${path} is empty: no corrections to learn from`);
  return out;
};

/** Entry point of `koe train`. */
export const run = async (args: string[]): Promise<number> => {
  let values: { labels?: string; language?: string; out?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        labels: { type: 'string' },
        language: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    process.stderr.write(`koe train: ${(error as Error).message}\n\n${HELP}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (!values.labels) {
    process.stderr.write(`koe train: --labels FILE is required\n\n${HELP}\n`);
    return 2;
  }
  if (values.language !== undefined && !LANGUAGES.includes(values.language as never)) {
    process.stderr.write(`koe train: --language must be en or ja, not '${values.language}'\n`);
    return 2;
  }
  const only = values.language as 'en' | 'ja' | undefined;
  let corrections: LabelledText[];
  try {
    corrections = readCorrections(values.labels, only);
  } catch (error) {
    if (!(error instanceof LabelsFileError)) throw error;
    process.stderr.write(`koe train: ${error.message}\n`);
    return 2;
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
      process.stderr.write(`koe train: the corpus (${file}) is missing: run koe train from a Koe checkout\n`);
      return 1;
    }
    const corpus = bySplit(readCorpusItems(file, language));
    const train = await prepare(analyzer, [...corpus.train, ...mine]);
    const dev = await prepare(analyzer, corpus.dev);
    const model = fitModel(train, dev, {
      language,
      topics,
      trainedOn: {
        items: train.length,
        corrections: mine.length,
        sources: [`bench/corpus/${language} train (${corpus.train.length})`, `${values.labels} (${mine.length})`],
      },
    });
    const path = join(out, `${language}.json`);
    writeFileSync(path, `${JSON.stringify(model)}\n`);
    process.stdout.write(`${language}: ${mine.length} corrections + ${corpus.train.length} corpus items → ${path}\n`);
  }
  return 0;
};
