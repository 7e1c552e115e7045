import { z } from 'zod';
import { ValidationError } from '../../errors.js';
import { stemWord } from '../text/inflect.js';
import { foldWidth } from '../text/normalize.js';
import { tokenizeWords } from '../text/words.js';
import defaultTaxonomyJson from './taxonomy.default.json' with { type: 'json' };

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

/** An English cue compiled to Porter stems, matched on consecutive word stems. */
export interface EnglishCue {
  topic: number;
  stems: string[];
}

/** A validated, compiled taxonomy, ready for {@link detectTopics}; build it with {@link loadTaxonomy}. */
export interface Taxonomy {
  topics: ReadonlyArray<{ id: string; label: string; labelJa?: string; description?: string }>;
  /** English cues indexed by their first stem. */
  english: ReadonlyMap<string, readonly EnglishCue[]>;
  /** Japanese cues (width-folded, lower case) matched as substrings of the text or of its dictionary forms. */
  japanese: ReadonlyArray<{ topic: number; cue: string }>;
  /** The same cues indexed by first character, so matching costs one lookup per character of text. */
  japaneseByFirst: ReadonlyMap<string, ReadonlyArray<{ topic: number; cue: string }>>;
  /** Every single-word English cue stem and every Japanese cue: what the taxonomy "covers". */
  coveredStems: ReadonlySet<string>;
}

/** Lower-cases ASCII only, so that offsets in the folded text still index the original. */
export const foldJapanese = (text: string): string => foldWidth(text, false).replace(/[A-Z]+/g, (s) => s.toLowerCase());

/** Stems of an English phrase as the matcher sees text: words, possessive dropped, Porter-stemmed. */
export const stemPhrase = (phrase: string): string[] =>
  tokenizeWords(phrase).map((t) => stemWord(t.lower.endsWith("'s") ? t.lower.slice(0, -2) : t.lower));

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
  const english = new Map<string, EnglishCue[]>();
  const japanese: Array<{ topic: number; cue: string }> = [];
  const coveredStems = new Set<string>();
  parsed.data.topics.forEach((topic, index) => {
    for (const cue of topic.cues.en) {
      const stems = stemPhrase(cue);
      const first = stems[0];
      if (first === undefined) continue;
      const list = english.get(first) ?? [];
      if (!list.some((c) => c.topic === index && c.stems.join(' ') === stems.join(' ')))
        list.push({ topic: index, stems });
      english.set(first, list);
      if (stems.length === 1) coveredStems.add(first);
    }
    for (const cue of topic.cues.ja) {
      const folded = foldJapanese(cue);
      if (!japanese.some((c) => c.topic === index && c.cue === folded)) japanese.push({ topic: index, cue: folded });
      coveredStems.add(folded);
    }
  });
  // Longer cues first, so that evidence prefers "customer service" over "service".
  for (const list of english.values()) list.sort((a, b) => b.stems.length - a.stems.length);
  const japaneseByFirst = new Map<string, Array<{ topic: number; cue: string }>>();
  for (const c of [...japanese].sort((a, b) => b.cue.length - a.cue.length)) {
    const first = c.cue[0] ?? '';
    japaneseByFirst.set(first, [...(japaneseByFirst.get(first) ?? []), c]);
  }
  return {
    topics: parsed.data.topics.map(({ id, label, labelJa, description }) => ({
      id,
      label,
      ...(labelJa ? { labelJa } : {}),
      ...(description ? { description } : {}),
    })),
    english,
    japanese,
    japaneseByFirst,
    coveredStems,
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
