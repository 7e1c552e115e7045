import { z } from 'zod';
import { URGENCY_LEVELS } from '../analysis/types.js';

const level = z.enum(URGENCY_LEVELS);
const weight = z.number().min(0).max(1);
const code = z.string().regex(/^[a-z][a-z0-9_]*$/, 'codes are snake_case (e.g. legal_threat)');

/** One cue: a phrase (shared/analysis/cues/engine.ts), or `{cue, negatable: false}` (never cancelled by a negation). */
export const cueSchema = z.union([
  z.string().min(1, 'a cue may not be empty'),
  z.strictObject({ cue: z.string().min(1, 'a cue may not be empty'), negatable: z.boolean().optional() }),
]);

/** One triage rule: what it means (code, level, label), how much it counts (weight), what triggers it (cues). */
export const triageRuleSchema = z.strictObject({
  code,
  level,
  /** 0…1: how far this reason pushes the score within its level's band. */
  weight,
  /** Short human-readable meaning, shown to managers as the reason's detail. */
  label: z.string().min(1),
  /** The same meaning in Japanese, shown in the Japanese dashboard and digests. */
  labelJa: z.string().min(1).optional(),
  /** Cues in English (lemmas on whole words, negation looked for before) and Japanese (morphemes, negation after). */
  cues: z.strictObject({ en: z.array(cueSchema).default([]), ja: z.array(cueSchema).default([]) }),
  /** Phrases that cancel this rule's hits they overlap ("cancel my flight" is not a churn threat). */
  except: z.strictObject({ en: z.array(cueSchema).default([]), ja: z.array(cueSchema).default([]) }).optional(),
  /** Ignore this rule's cues when the comment's sentiment score is at least this (e.g. "fixed right away, thanks!"). */
  suppressWhenSentimentAtLeast: z.number().min(-1).max(1).optional(),
});

const conceptName = z.string().regex(/^[A-Z_]+(?:\|[A-Z_]+)*$/, 'concept names in capitals, A|B for either');

/**
 * Concepts found in one sentence together raise a rule's reason (`all`: concept names, `A|B` for either),
 * unless the sentence also holds one of `unless` ("the account was frozen but you unfroze it": RESOLVED).
 */
export const combinationSchema = z.strictObject({
  code,
  all: z.array(conceptName).min(2),
  unless: z.array(conceptName).optional(),
  label: z.string().min(1),
  labelJa: z.string().min(1).optional(),
});

const band = z.strictObject({ min: z.number().int().min(0).max(100), max: z.number().int().min(0).max(100) });

const ratingRule = z
  .strictObject({
    metric: z.enum(['nps', 'csat', 'ces']),
    atMost: z.number().optional(),
    atLeast: z.number().optional(),
    code,
    level,
    weight,
  })
  .refine((r) => (r.atMost === undefined) !== (r.atLeast === undefined), 'give exactly one of atMost or atLeast');

/** The whole rules file (see docs/triage-scale.md); `parseTriageRules` validates and compiles it. */
export const triageRulesSchema = z.strictObject({
  $comment: z.string().optional(),
  /** Bump when the rules change; the analyzer version also carries a hash of the whole file. */
  version: z.string().min(1),
  /** Score band of each level; bands must not overlap and must be ordered critical > high > normal > low. */
  bands: z.strictObject({ critical: band, high: band, normal: band, low: band }),
  negation: z.strictObject({
    en: z.strictObject({ words: z.array(z.string().min(1)), window: z.number().int().min(0).max(10) }),
    ja: z.strictObject({ window: z.number().int().min(0).max(40) }),
  }),
  rules: z.array(triageRuleSchema).min(1),
  /**
   * Words that, right after a critical rule's cue, make it a compound naming prevention, cover or awareness —
   * fraud prevention, fire drill, 詐欺対策, 火災保険, 食中毒を防ぐ — not an incident: the hit is dropped. English:
   * the next word, as written; Japanese: what follows the cue, after an optional particle (の, に, を, から, への).
   */
  notIncident: z
    .strictObject({ en: z.array(z.string().min(1)).default([]), ja: z.array(z.string().min(1)).default([]) })
    .default({ en: [], ja: [] }),
  /** Concept combinations (shared/analysis/concepts/concepts.json) that raise a rule's reason. */
  combinations: z.array(combinationSchema).default([]),
  signals: z
    .strictObject({
      allCaps: z
        .strictObject({
          code,
          minLetters: z.number().int().min(1),
          minRatio: z.number().min(0).max(1),
          label: z.string().min(1),
          labelJa: z.string().min(1).optional(),
        })
        .optional(),
      exclamations: z
        .strictObject({
          code,
          minRun: z.number().int().min(2).max(20),
          label: z.string().min(1),
          labelJa: z.string().min(1).optional(),
        })
        .optional(),
    })
    .default({}),
  sentiment: z.strictObject({
    negative: z
      .strictObject({
        code,
        atMost: z.number().min(-1).max(1),
        label: z.string().min(1),
        labelJa: z.string().min(1).optional(),
      })
      .optional(),
    positive: z
      .strictObject({
        code,
        atLeast: z.number().min(-1).max(1),
        label: z.string().min(1),
        labelJa: z.string().min(1).optional(),
      })
      .optional(),
    /** 0…1: how much negativity alone moves the score within the band. */
    intensity: weight.default(0),
  }),
  topics: z.strictObject({ code, atMost: z.number().min(-1).max(1) }).optional(),
  /** The reason given when nothing else applies (a neutral remark). */
  fallback: z.strictObject({ code }).optional(),
  ratings: z.array(ratingRule).default([]),
  tiers: z
    .array(z.strictObject({ names: z.array(z.string().min(1)).min(1), code, weight, level: level.optional() }))
    .default([]),
});

/** The rules file as written (after defaults). */
export type TriageRulesConfig = z.infer<typeof triageRulesSchema>;
/** One rule as written in the rules file. */
export type TriageRuleConfig = z.infer<typeof triageRuleSchema>;
/** One cue as written in the rules file. */
export type CueConfig = z.infer<typeof cueSchema>;
