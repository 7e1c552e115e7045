import { z } from 'zod';
import { ValidationError } from '../../errors.js';
import { type CueEngine, CueSyntaxError, compileCues } from '../cues/engine.js';
import { stemWord } from '../text/inflect.js';
import { foldWidth } from '../text/normalize.js';
import defaultTaxonomyJson from './taxonomy.default.json' with { type: 'json' };

const NO_NEGATION = { enWords: [], enWindow: 0, jaWindow: 0 };

const cueList = z.array(z.string().trim().min(1, 'a cue must not be empty').max(100)).max(2000);

const topicSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,63}$/, 'an id is lower snake_case, starting with a letter')
      .refine((id) => !id.startsWith('emergent'), 'ids starting with `emergent` are reserved for emergent phrases'),
    label: z.string().min(1).max(100),
    /** The Japanese name shown in the dashboard and Japanese digests; the English `label` when absent. */
    labelJa: z.string().min(1).max(100).optional(),
    description: z.string().max(500).optional(),
    cues: z
      .object({ en: cueList.default([]), ja: cueList.default([]) })
      .strict()
      .refine((c) => c.en.length + c.ja.length > 0, 'a topic needs at least one cue'),
  })
  .strict();

/** The taxonomy file's schema (JSON): a version and a list of topics with English and Japanese cues. */
export const taxonomySchema = z
  .object({
    version: z.literal(1),
    topics: z.array(topicSchema).min(1).max(500),
  })
  .strict()
  .superRefine((t, ctx) => {
    const seen = new Set<string>();
    t.topics.forEach((topic, i) => {
      if (seen.has(topic.id))
        ctx.addIssue({ code: 'custom', path: ['topics', i, 'id'], message: `duplicate id ${topic.id}` });
      seen.add(topic.id);
    });
  });

/** A taxonomy file as written (see docs/analysis/topics.md). */
export type TaxonomyFile = z.input<typeof taxonomySchema>;

/** A validated, compiled taxonomy, ready for {@link detectTopics}; build it with {@link loadTaxonomy}. */
export interface Taxonomy {
  topics: ReadonlyArray<{ id: string; label: string; labelJa?: string; description?: string }>;
  /** Every topic's cues, compiled once: group index = topic index (shared/analysis/cues/engine.ts). */
  cues: CueEngine;
  /** Every single-word English cue stem: what the taxonomy "covers" (for emergent phrases). */
  coveredStems: ReadonlySet<string>;
  /** The cues as written, for the analyzer version's hash. */
  source: ReadonlyArray<{ id: string; en: readonly string[]; ja: readonly string[] }>;
}

/** Lower-cases ASCII only, so that offsets in the folded text still index the original. */
export const foldJapanese = (text: string): string => foldWidth(text, false).replace(/[A-Z]+/g, (s) => s.toLowerCase());

const describe = (error: z.ZodError): ValidationError => {
  const issues = error.issues.map((issue) => ({
    path: issue.path.reduce<string>(
      (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)),
      '',
    ),
    message: issue.message,
  }));
  const summary = issues
    .slice(0, 5)
    .map((i) => `${i.path || '(root)'}: ${i.message}`)
    .join('; ');
  return new ValidationError(`invalid taxonomy: ${summary}`, issues);
};

/**
 * Validates a taxonomy (parsed JSON or JSON text) and compiles its cues. Throws ValidationError
 * naming each offending path (e.g. `topics[3].cues.en[2]`).
 */
export const loadTaxonomy = (json: unknown): Taxonomy => {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (e) {
      throw new ValidationError(`invalid taxonomy: not JSON (${(e as Error).message})`, [
        { path: '(root)', message: 'not JSON' },
      ]);
    }
  }
  const parsed = taxonomySchema.safeParse(value);
  if (!parsed.success) throw describe(parsed.error);
  const coveredStems = new Set<string>();
  for (const topic of parsed.data.topics)
    for (const cue of topic.cues.en)
      if (!/\s/.test(cue.trim())) coveredStems.add(stemWord(cue.replace(/[=*?]/g, '').split('|')[0] ?? ''));
  let cues: CueEngine;
  try {
    // A topic is mentioned even when negated ("no delay this time" is still about delays).
    cues = compileCues(
      parsed.data.topics.map((t) => ({ en: t.cues.en, ja: t.cues.ja, negatable: false })),
      NO_NEGATION,
    );
  } catch (error) {
    if (!(error instanceof CueSyntaxError)) throw error;
    const path = `topics[${error.group}].cues.${error.script}[${error.index}]`;
    throw new ValidationError(`invalid taxonomy: ${path}: ${error.message}`, [{ path, message: error.message }]);
  }
  return {
    topics: parsed.data.topics.map(({ id, label, labelJa, description }) => ({
      id,
      label,
      ...(labelJa ? { labelJa } : {}),
      ...(description ? { description } : {}),
    })),
    cues,
    coveredStems,
    source: parsed.data.topics.map((t) => ({ id: t.id, en: t.cues.en, ja: t.cues.ja })),
  };
};

/** Koe's default taxonomy (shared/analysis/topics/taxonomy.default.json), compiled once. */
export const defaultTaxonomy: Taxonomy = loadTaxonomy(defaultTaxonomyJson);

/** A taxonomy topic's name in a language (`ja` or anything else for English); undefined for an unknown id. */
export const topicLabel = (taxonomy: Taxonomy, id: string, language: string): string | undefined => {
  const topic = taxonomy.topics.find((t) => t.id === id);
  if (!topic) return undefined;
  return language === 'ja' ? (topic.labelJa ?? topic.label) : topic.label;
};
