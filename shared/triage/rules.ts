import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import conceptsJson from '../analysis/concepts/concepts.json' with { type: 'json' };
import { type CueEngine, type CueGroup, CueSyntaxError, compileCues } from '../analysis/cues/engine.js';
import type { Taxonomy } from '../analysis/topics/taxonomy.js';
import type { UrgencyLevel } from '../analysis/types.js';
import { type FieldIssue, ValidationError } from '../errors.js';
import defaultRulesJson from './rules.default.json' with { type: 'json' };
import { type TriageRulesConfig, triageRulesSchema } from './rules-schema.js';

/** A rule as the engine uses it. */
export interface CompiledRule {
  code: string;
  level: UrgencyLevel;
  weight: number;
  label: string;
  suppressWhenSentimentAtLeast?: number;
}

/** Validated, compiled triage rules: build once (cues become regexes), use for every comment. */
export interface TriageRules {
  /** `<file version>+<hash of the whole file>`: changes whenever any rule changes. */
  readonly version: string;
  readonly config: TriageRulesConfig;
  readonly rules: readonly CompiledRule[];
  readonly byCode: ReadonlyMap<string, CompiledRule>;
  /** Groups 0…rules.length-1 are the rules, then one group per concept (see `concepts`). */
  readonly cues: CueEngine;
  /** Concept names by group index minus rules.length. */
  readonly concepts: readonly string[];
  /** Combinations with their concepts as group-index alternatives per slot. */
  readonly combinations: ReadonlyArray<{ code: string; slots: number[][]; unless: number[]; label: string }>;
  /** Lower-cased tier name → tier rule. */
  readonly tiers: ReadonlyMap<string, TriageRulesConfig['tiers'][number]>;
  readonly allCaps?: RegExp;
  readonly exclamations?: RegExp;
}

const { $comment: _conceptsComment, ...conceptLists } = conceptsJson as Record<string, unknown>;
/** Koe's bilingual concept lists (shared/analysis/concepts/concepts.json), by name. */
export const CONCEPTS = conceptLists as Record<string, { en: string[]; ja: string[] }>;

const LEVEL_ORDER: readonly UrgencyLevel[] = ['critical', 'high', 'normal', 'low'];

const formatPath = (path: ReadonlyArray<PropertyKey>): string =>
  path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)),
    '',
  ) || '(root)';

const fail = (source: string, issues: FieldIssue[]): never => {
  const lines = issues.map((i) => `  ${i.path}: ${i.message}`).join('\n');
  throw new ValidationError(`invalid triage rules in ${source}:\n${lines}`, issues);
};

/** Checks what zod cannot: codes are unique, references resolve, bands are ordered and do not overlap. */
const crossCheck = (config: TriageRulesConfig): FieldIssue[] => {
  const issues: FieldIssue[] = [];
  const codes = new Map<string, number>();
  config.rules.forEach((rule, i) => {
    if (codes.has(rule.code)) issues.push({ path: `rules[${i}].code`, message: `duplicate code '${rule.code}'` });
    codes.set(rule.code, i);
  });
  const ref = (path: string, code: string | undefined) => {
    if (code !== undefined && !codes.has(code)) issues.push({ path, message: `no rule has code '${code}'` });
  };
  ref('signals.allCaps.code', config.signals.allCaps?.code);
  ref('signals.exclamations.code', config.signals.exclamations?.code);
  ref('sentiment.negative.code', config.sentiment.negative?.code);
  ref('sentiment.positive.code', config.sentiment.positive?.code);
  ref('topics.code', config.topics?.code);
  ref('fallback.code', config.fallback?.code);
  LEVEL_ORDER.forEach((level, i) => {
    const band = config.bands[level];
    if (band.min > band.max)
      issues.push({ path: `bands.${level}`, message: `min ${band.min} is above max ${band.max}` });
    const below = LEVEL_ORDER[i + 1];
    if (below && config.bands[below].max >= band.min) {
      issues.push({
        path: `bands.${level}.min`,
        message: `must be above bands.${below}.max (${config.bands[below].max}) so levels never overlap`,
      });
    }
  });
  return issues;
};

/** Canonical JSON (sorted keys) so the hash depends on content, not on formatting. */
const canonical = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
};

/** Short content hash of any JSON data (used in analyzer versions). */
export const contentHash = (value: unknown): string =>
  createHash('sha256').update(canonical(value)).digest('hex').slice(0, 8);

/** Particles between a Japanese cue and a `notIncident` word: 食中毒を防ぐ, 火災の予防, 詐欺に注意, 詐欺から守る. */
const JA_PARTICLE = /^(?:への|から|の|に|を)/;

/**
 * English words before a critical cue that make it a subject taught or fought, not an incident: "the course on
 * preventing sexual harassment", "training on fraud", "tackling scams" (an alert or a warning about fraud is not here:
 * "an alert about fraud on my card" is one).
 */
const TEACHES =
  /\b(?:(?:training|course|courses|seminar|seminars|workshop|workshops|webinar|talk|leaflet|campaign|awareness|policy) (?:on|about|against)(?: preventing| tackling)?|prevent|preventing|prevention of|tackle|tackling|combat|combating|combatting)\s+(?:[A-Za-z-]+\s+)?$/i;

/**
 * The engine, less the critical rules' hits that a `notIncident` word follows or that TEACHES precedes: "fraud
 * prevention", 「詐欺対策」, 「食中毒を防ぐ講座」 and "training on fraud" name no fraud or illness. Concepts and lesser
 * rules keep their hits (a topic is still a topic).
 */
const dropCompounds = (engine: CueEngine, config: TriageRulesConfig): CueEngine => {
  const en = new Set(config.notIncident.en.map((w) => w.toLowerCase()));
  const ja = config.notIncident.ja;
  const critical = new Set(config.rules.flatMap((r, i) => (r.level === 'critical' ? [i] : [])));
  if ((en.size === 0 && ja.length === 0) || critical.size === 0) return engine;
  const compound = (text: string, start: number, end: number): boolean => {
    const after = text.slice(end, end + 24);
    const word = /^[\s-]+([A-Za-z]+)/.exec(after);
    if (word && en.has((word[1] as string).toLowerCase())) return true;
    if (TEACHES.test(text.slice(Math.max(0, start - 40), start))) return true;
    const rest = after.replace(JA_PARTICLE, '');
    return ja.some((w) => rest.startsWith(w));
  };
  return {
    find: (text, jaTokens) =>
      engine.find(text, jaTokens).filter((h) => !(critical.has(h.group) && compound(text, h.start, h.end))),
  };
};

/**
 * Validates a parsed rules file and compiles it; `source` names the file in errors.
 * Throws ValidationError listing every problem with its JSON path (e.g. `rules[3].cues.en[2]: invalid regular expression`).
 */
export const parseTriageRules = (json: unknown, source = 'triage rules'): TriageRules => {
  const parsed = triageRulesSchema.safeParse(json);
  if (!parsed.success) {
    fail(
      source,
      parsed.error.issues.map((i: z.core.$ZodIssue) => ({ path: formatPath(i.path), message: i.message })),
    );
  }
  const config = (parsed as { data: TriageRulesConfig }).data;
  const issues = crossCheck(config);
  if (issues.length > 0) fail(source, issues);

  const concepts = Object.keys(CONCEPTS);
  const groups: CueGroup[] = [
    ...config.rules.map((rule) => ({
      en: rule.cues.en,
      ja: rule.cues.ja,
      ...(rule.except ? { except: rule.except } : {}),
      // Critical reasons need more than a hashtag: "#frauds" and "#scam" are venting.
      hashtags: rule.level !== 'critical',
    })),
    ...concepts.map((name) => CONCEPTS[name] as CueGroup),
  ];
  let engine: CueEngine;
  try {
    engine = compileCues(groups, {
      enWords: config.negation.en.words,
      enWindow: config.negation.en.window,
      jaWindow: config.negation.ja.window,
    });
  } catch (error) {
    if (!(error instanceof CueSyntaxError)) throw error;
    const where =
      error.group < 0
        ? `idioms.${error.script}[${error.index}]`
        : error.group < config.rules.length
          ? `rules[${error.group}].${error.list}.${error.script}[${error.index}]`
          : `concepts.${concepts[error.group - config.rules.length]}.${error.script}[${error.index}]`;
    return fail(source, [{ path: where, message: error.message }]);
  }
  const cues = dropCompounds(engine, config);
  const combinationIssues: FieldIssue[] = [];
  const groupsOf = (slot: string, path: string) =>
    slot.split('|').map((name) => {
      const at = concepts.indexOf(name);
      if (at < 0) combinationIssues.push({ path, message: `no concept '${name}'` });
      return config.rules.length + at;
    });
  const combinations = config.combinations.map((c, i) => ({
    code: c.code,
    label: c.label,
    slots: c.all.map((slot, j) => groupsOf(slot, `combinations[${i}].all[${j}]`)),
    unless: (c.unless ?? []).flatMap((slot, j) => groupsOf(slot, `combinations[${i}].unless[${j}]`)),
  }));
  config.combinations.forEach((c, i) => {
    if (!config.rules.some((r) => r.code === c.code))
      combinationIssues.push({ path: `combinations[${i}].code`, message: `no rule has code '${c.code}'` });
  });
  if (combinationIssues.length > 0) fail(source, combinationIssues);

  const rules: CompiledRule[] = config.rules.map((r) => ({
    code: r.code,
    level: r.level,
    weight: r.weight,
    label: r.label,
    ...(r.suppressWhenSentimentAtLeast === undefined
      ? {}
      : { suppressWhenSentimentAtLeast: r.suppressWhenSentimentAtLeast }),
  }));
  const tiers = new Map<string, TriageRulesConfig['tiers'][number]>();
  for (const tier of config.tiers) for (const name of tier.names) tiers.set(name.trim().toLowerCase(), tier);
  const { allCaps, exclamations } = config.signals;
  return {
    version: `${config.version}+${contentHash(config)}`,
    config,
    rules,
    byCode: new Map(rules.map((r) => [r.code, r])),
    cues,
    concepts,
    combinations,
    tiers,
    // Three or more capitalised words in a row ("WHERE IS MY BAG"); single acronyms (LAX, TSA) do not count.
    ...(allCaps ? { allCaps: /\b[A-Z]{2,}(?:[\s,.!?'’-]+[A-Z]{2,}){2,}\b/g } : {}),
    ...(exclamations ? { exclamations: new RegExp(`[!！](?:[?？]*[!！]){${exclamations.minRun - 1},}`, 'g') } : {}),
  };
};

/** Reads, validates and compiles a rules file; errors name the file, the JSON path and what is wrong. */
export const loadTriageRules = async (path: string): Promise<TriageRules> => {
  const raw = await readFile(path, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    return fail(path, [{ path: '(file)', message: `not valid JSON: ${(error as Error).message}` }]);
  }
  return parseTriageRules(json, path);
};

let defaults: TriageRules | undefined;

/** Koe's default rules (shared/triage/rules.default.json), compiled once per process. */
export const defaultTriageRules = (): TriageRules => {
  defaults ??= parseTriageRules(defaultRulesJson, 'shared/triage/rules.default.json');
  return defaults;
};

/** `rules.<hash>.taxonomy.<hash>`: changes whenever the triage rules or the topic taxonomy change. */
export const rulesVersion = (rules: TriageRules, taxonomy: Taxonomy): string => {
  // The compiled taxonomy holds Maps, which JSON would hash as empty: hash their entries.
  const taxonomyHash = contentHash({ topics: taxonomy.topics, cues: taxonomy.source });
  return `rules.${contentHash({ rules: rules.config, concepts: CONCEPTS })}.taxonomy.${taxonomyHash}`;
};

/**
 * A reason code's meaning in a language (`ja`, or English otherwise), from the rules file — the one source
 * for the dashboard, digests and alerts. Undefined for a code the rules do not define.
 */
export const reasonLabel = (rules: TriageRules, code: string, language: string): string | undefined => {
  const { config } = rules;
  const entries: Array<{ code: string; label: string; labelJa?: string | undefined } | undefined> = [
    ...config.rules,
    config.signals.allCaps,
    config.signals.exclamations,
    config.sentiment.negative,
    config.sentiment.positive,
  ];
  const found = entries.find((e) => e?.code === code);
  if (!found) return undefined;
  return language === 'ja' ? (found.labelJa ?? found.label) : found.label;
};
