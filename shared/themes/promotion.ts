import { z } from 'zod';
import defaultTaxonomyJson from '../analysis/topics/taxonomy.default.json' with { type: 'json' };
import { defaultTaxonomy, loadTaxonomy, type Taxonomy, type TaxonomyFile } from '../analysis/topics/taxonomy.js';
import type { Analyzer } from '../analysis/types.js';
import { ConflictError, ValidationError } from '../errors.js';
import { EMERGENT_PREFIX } from './emergent.js';

/**
 * Promotion: a discovered theme becomes a taxonomy topic of this installation. The promoted topics are
 * stored (one small record, TaxonomyStore) and added to Koe's default taxonomy for every analysis from
 * then on. History is not rewritten: comments analysed before the promotion keep the theme under its
 * discovered id (`emergent:<words>`) in their analysis and in the stored roll-ups; re-rolling does
 * not re-analyse. New comments that say the theme's words carry the topic id instead.
 */

/** A topic promoted from a discovered theme. */
export interface PromotedTopic {
  id: string;
  label: string;
  labelJa?: string;
  /** Cues as the taxonomy file writes them: the theme's words, and any given. */
  cues: { en: string[]; ja: string[] };
  /** The discovered theme it came from (`emergent:<words>`). */
  fromTheme: string;
  promotedAt: string;
}

/** The installation's promoted topics, stored as one record with a version for optimistic writes. */
export interface TaxonomyStore {
  get(): Promise<{ topics: PromotedTopic[]; version: number }>;
  /** Writes the list when the stored version is still `version` (0: none stored); false when it moved on. */
  save(topics: PromotedTopic[], version: number): Promise<boolean>;
}

const CUE = z.string().trim().min(1).max(100);

/** Body of `POST /v1/themes/promote`. */
export const promoteRequestSchema = z
  .object({
    /** The theme, as `emergent:<words>` or its words. */
    theme: z.string().trim().min(1).max(120),
    /** The new topic's id: lower snake_case. */
    id: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,63}$/, 'an id is lower snake_case, starting with a letter')
      .refine((id) => !id.startsWith('emergent'), 'ids starting with `emergent` are reserved for discovered themes'),
    label: z.string().trim().min(1).max(100).optional(),
    labelJa: z.string().trim().min(1).max(100).optional(),
    /** More cues beside the theme's own words ("tarmac", 「機内待機」). */
    cues: z.array(CUE).max(50).optional(),
  })
  .strict();

/** A promotion request as the API and `koe themes promote` send it. */
export type PromoteRequest = z.input<typeof promoteRequestSchema>;

const hasLatin = /[a-z]/i;

/** Koe's default taxonomy plus the installation's promoted topics, compiled (what analysis uses). */
export const installationTaxonomy = (promoted: readonly PromotedTopic[]): Taxonomy =>
  loadTaxonomy({
    version: 1,
    topics: [
      ...(defaultTaxonomyJson as TaxonomyFile).topics,
      ...promoted.map((p) => ({
        id: p.id,
        label: p.label,
        ...(p.labelJa ? { labelJa: p.labelJa } : {}),
        description: `Promoted from the discovered theme ${p.fromTheme.slice(EMERGENT_PREFIX.length)}.`,
        cues: p.cues,
      })),
    ],
  });

/** Every topic id of the installation's taxonomy: Koe's default topics and the promoted ones. */
export const installationTopicIds = (promoted: readonly PromotedTopic[]): ReadonlySet<string> =>
  new Set([...defaultTaxonomy.topics.map((t) => t.id), ...promoted.map((p) => p.id)]);

/**
 * A topic list in today's taxonomy: a discovered theme that was promoted since (`emergent:<words>`)
 * becomes its topic id, as analysis names it from the promotion on; the rest is kept, order and all.
 */
export const withPromotedIds = (topics: readonly string[], promoted: readonly PromotedTopic[]): string[] => {
  const idOf = new Map(promoted.map((p) => [p.fromTheme, p.id]));
  return [...new Set(topics.map((t) => idOf.get(t) ?? t))];
};

/**
 * Promotes a discovered theme into the installation's taxonomy. Refuses (ValidationError naming the
 * field) a bad body or cue, and (ConflictError) an id the taxonomy already has or a theme already
 * promoted. Retries once when another promotion wrote in between.
 */
export const promoteTheme = async (
  body: unknown,
  deps: { taxonomy: TaxonomyStore; now: () => Date },
): Promise<PromotedTopic> => {
  const parsed = promoteRequestSchema.safeParse(body);
  if (!parsed.success)
    throw new ValidationError(
      'Invalid promotion',
      parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message })),
    );
  const request = parsed.data;
  const words = request.theme
    .replace(/^emergent:/, '')
    .trim()
    .toLowerCase();
  if (words === '')
    throw new ValidationError('Invalid promotion', [{ path: 'theme', message: 'the theme has no words' }]);
  const cues = [...new Set([words, ...(request.cues ?? [])])];
  const topic: PromotedTopic = {
    id: request.id,
    label: request.label ?? words.charAt(0).toUpperCase() + words.slice(1),
    ...(request.labelJa ? { labelJa: request.labelJa } : {}),
    cues: { en: cues.filter((c) => hasLatin.test(c)), ja: cues.filter((c) => !hasLatin.test(c)) },
    fromTheme: `${EMERGENT_PREFIX}${words}`,
    promotedAt: deps.now().toISOString(),
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    const { topics, version } = await deps.taxonomy.get();
    if (
      (defaultTaxonomyJson as TaxonomyFile).topics.some((t) => t.id === topic.id) ||
      topics.some((t) => t.id === topic.id)
    )
      throw new ConflictError(`The taxonomy already has a topic ${topic.id}`);
    const already = topics.find((t) => t.fromTheme === topic.fromTheme);
    if (already) throw new ConflictError(`The theme ${words} was already promoted as ${already.id}`);
    // Compiles the cues as analysis will, so a bad cue is refused here and never breaks analysis.
    try {
      installationTaxonomy([...topics, topic]);
    } catch (error) {
      if (error instanceof ValidationError)
        throw new ValidationError('Invalid promotion', [{ path: 'cues', message: error.message }]);
      throw error;
    }
    if (await deps.taxonomy.save([...topics, topic], version)) return topic;
  }
  throw new ConflictError('The taxonomy changed while promoting; try again');
};

/** How often analysis looks for newly promoted topics [60 s]. */
export const TAXONOMY_REFRESH_MS = 60_000;

/**
 * An analyzer that uses the installation's taxonomy: `build` makes one for a taxonomy; the stored
 * promotions are read at most every `refreshMs`, and the analyzer is rebuilt only when they changed.
 * A failed read keeps the analyzer it has (analysis never stops for the taxonomy record).
 */
export const installationAnalyzer = (
  build: (taxonomy: Taxonomy) => Analyzer,
  store: Pick<TaxonomyStore, 'get'>,
  options: { now?: () => number; refreshMs?: number; onError?: (error: unknown) => void } = {},
): Analyzer => {
  const now = options.now ?? Date.now;
  const refreshMs = options.refreshMs ?? TAXONOMY_REFRESH_MS;
  // Version 0 is "nothing promoted": the default taxonomy until the store says otherwise.
  let current: { analyzer: Analyzer; version: number } = { analyzer: build(defaultTaxonomy), version: 0 };
  let checkedAt = Number.NEGATIVE_INFINITY;
  const fresh = async (): Promise<Analyzer> => {
    if (now() - checkedAt < refreshMs) return current.analyzer;
    checkedAt = now();
    try {
      const { topics, version } = await store.get();
      if (current.version !== version)
        current = { analyzer: build(topics.length ? installationTaxonomy(topics) : defaultTaxonomy), version };
    } catch (error) {
      options.onError?.(error);
    }
    return current.analyzer;
  };
  return {
    get name() {
      return current.analyzer.name;
    },
    get version() {
      return current.analyzer.version;
    },
    analyze: async (inputs) => (await fresh()).analyze(inputs),
  };
};
