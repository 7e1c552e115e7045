import { stemWord } from '../analysis/text/inflect.js';
import type { MetricAggregate, TopicTally } from '../metrics/aggregate.js';
import { EMERGENT_PREFIX, isEmergent } from './emergent.js';

/**
 * Themes of a period, discovered from the candidates comments carry (`emergent:<normal form>`
 * topics in roll-ups): near-duplicates merge, each theme needs minimum support and is ranked by
 * its salience against the trailing periods (weighted log-odds with an informative Dirichlet prior,
 * Monroe, Colaresi & Quinn 2008), and gets the most used of its forms as a readable label.
 */

/** Same-meaning head words, so "lost luggage" and "lost bag" share lemmas (hand-written, small on purpose). */
const SYNONYMS: Record<string, string> = {
  luggage: 'bag',
  baggage: 'bag',
  suitcase: 'bag',
  bags: 'bag',
  wait: 'wait',
  waiting: 'wait',
  delay: 'delay',
  delayed: 'delay',
  late: 'delay',
  refund: 'refund',
  reimbursement: 'refund',
  rep: 'agent',
  representative: 'agent',
  agent: 'agent',
  配達: '配送',
  遅延: '遅れ',
};

/**
 * What near-duplicates share: the set of their words' lemmas (Porter stems, synonyms folded), order
 * ignored — "lost bag", "lost luggage" and "bags lost" meet; Japanese compounds meet on their
 * width-folded form with the synonym parts folded.
 */
export const themeSignature = (key: string): string => {
  if (!/[a-z]/.test(key)) {
    let folded = key;
    for (const [from, to] of Object.entries(SYNONYMS)) if (!/[a-z]/.test(from)) folded = folded.replaceAll(from, to);
    return folded;
  }
  const lemmas = key.split(' ').map((w) => SYNONYMS[w] ?? SYNONYMS[stemWord(w)] ?? stemWord(w));
  return [...new Set(lemmas)].sort().join(' ');
};

/** Forms of a theme listed in a report (the count covers them all). */
const MAX_MEMBERS = 5;

/** One discovered theme of a period, as stored in its trend report and served by `GET /v1/trends`. */
export interface DiscoveredTheme {
  /** Topic id of the theme (`emergent:<label>`): the term the trends and the digest use. */
  id: string;
  /** Readable name: the form of the theme most used in the period and its baseline. */
  label: string;
  /** Always true: a discovered theme, not a curated taxonomy topic (promote it with `koe themes promote`). */
  discovered: true;
  /** The candidate forms merged into this theme, most mentioned first (at most MAX_MEMBERS are listed). */
  members: string[];
  /** Comments mentioning the theme this period (sum over its forms; a comment holds at most two). */
  count: number;
  /** Of them, mentioned in a negative sentence. */
  negative: number;
  /** count / volume of the period. */
  share: number;
  /** Mentions over the baseline periods. */
  baselineCount: number;
  /** z-score of the weighted log-odds against the baseline; 0 without a baseline. */
  salience: number;
  /** 2–3 redacted quotes, filled when the report is stored with access to items. */
  quotes: Array<{ id: string; text: string }>;
}

/** Options of `discoverThemes`; defaults in brackets. */
export interface DiscoverOptions {
  /** Fewest mentions a theme needs [3], raised to 0.1 % of the period's volume. */
  minSupport?: number;
  /** Strength of the prior, in pseudo-mentions spread like the pooled counts [100]. */
  priorStrength?: number;
  /** Themes returned [20]. */
  limit?: number;
}

/** How candidate ids map to merged theme ids, for current and baseline alike. */
export interface ThemeGrouping {
  /** Candidate topic id → theme id. */
  themeOf: Map<string, string>;
  /** Theme id → its member forms (without prefix), most mentioned first, and its label. */
  members: Map<string, string[]>;
}

const themeTallies = (agg: MetricAggregate): Array<[string, TopicTally]> =>
  Object.entries(agg.topics).filter(([id]) => isEmergent(id));

/**
 * Groups the candidate ids seen in a period and its baseline by signature; the most mentioned form
 * (ties: the shorter, then alphabetical) names the group, so every period of a comparison agrees.
 */
export const groupThemes = (aggregates: readonly MetricAggregate[]): ThemeGrouping => {
  const totals = new Map<string, number>();
  for (const agg of aggregates)
    for (const [id, t] of themeTallies(agg)) totals.set(id, (totals.get(id) ?? 0) + t.count);
  const bySignature = new Map<string, Array<[string, number]>>();
  for (const [id, n] of totals) {
    const sig = themeSignature(id.slice(EMERGENT_PREFIX.length));
    const list = bySignature.get(sig);
    if (list) list.push([id, n]);
    else bySignature.set(sig, [[id, n]]);
  }
  const themeOf = new Map<string, string>();
  const members = new Map<string, string[]>();
  for (const list of bySignature.values()) {
    list.sort((a, b) => b[1] - a[1] || a[0].length - b[0].length || (a[0] < b[0] ? -1 : 1));
    const head = list[0]?.[0] ?? '';
    members.set(
      head,
      list.map(([id]) => id.slice(EMERGENT_PREFIX.length)),
    );
    for (const [id] of list) themeOf.set(id, head);
  }
  return { themeOf, members };
};

/** Options of `mergeCoOccurring`; defaults in brackets. */
export interface CoOccurrenceOptions {
  /** Fewest comments that must say both themes [3]. */
  minTogether?: number;
  /** Share of the rarer theme's comments that also say the other [0.5]. */
  minShare?: number;
}

/**
 * Merges themes said together in the same comments: two themes join when at least `minTogether`
 * comments say both and those are at least `minShare` of the rarer one's comments ("tarmac" said
 * mostly with "stuck" becomes part of it). Co-occurrence is read from the period's `topic` rows: the
 * row of a candidate holds the tallies of every topic its comments mention. The more mentioned theme
 * names the merge; `current` gives the period's counts. Applied after the shared-lemma merge.
 */
export const mergeCoOccurring = (
  grouping: ThemeGrouping,
  current: MetricAggregate,
  topicRows: ReadonlyArray<{ topic: string; metrics: MetricAggregate }>,
  options: CoOccurrenceOptions = {},
): ThemeGrouping => {
  const minTogether = options.minTogether ?? 3;
  const minShare = options.minShare ?? 0.5;
  const headOf = (id: string) => grouping.themeOf.get(id) ?? id;
  const count = new Map<string, number>();
  for (const [id, t] of themeTallies(current)) count.set(headOf(id), (count.get(headOf(id)) ?? 0) + t.count);
  // Comments saying both, per ordered pair of heads, from the first theme's rows; the larger of the two
  // directions counts (a row exists only for the most mentioned themes).
  const together = new Map<string, number>();
  for (const row of topicRows) {
    if (!isEmergent(row.topic)) continue;
    const a = headOf(row.topic);
    for (const [other, t] of themeTallies(row.metrics)) {
      const b = headOf(other);
      if (a !== b) together.set(`${a}\u0000${b}`, (together.get(`${a}\u0000${b}`) ?? 0) + t.count);
    }
  }
  const rank = (x: string) => [-(count.get(x) ?? 0), x.length, x] as const;
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.has(r)) r = parent.get(r) as string;
    return r;
  };
  const pairs = [...together.keys()]
    .map((k) => k.split('\u0000') as [string, string])
    .filter(([a, b]) => a < b || !together.has(`${b}\u0000${a}`))
    .map(([a, b]) => ({
      a,
      b,
      n: Math.max(together.get(`${a}\u0000${b}`) ?? 0, together.get(`${b}\u0000${a}`) ?? 0),
    }))
    .sort((x, y) => y.n - x.n || (x.a + x.b < y.a + y.b ? -1 : 1));
  for (const { a, b, n } of pairs) {
    const rarer = Math.min(count.get(a) ?? 0, count.get(b) ?? 0);
    if (n < minTogether || rarer === 0 || n < minShare * rarer) continue;
    const [ra, rb] = [find(a), find(b)];
    if (ra === rb) continue;
    // The more mentioned theme names the merge (ties: the shorter, then alphabetical id).
    if (compareRank(rank(ra), rank(rb)) <= 0) parent.set(rb, ra);
    else parent.set(ra, rb);
  }
  if (parent.size === 0) return grouping;
  const themeOf = new Map<string, string>();
  for (const [id, head] of grouping.themeOf) themeOf.set(id, find(head));
  // A merged theme lists its own forms first (its label), then the others', most mentioned first.
  const members = new Map<string, string[]>();
  const heads = [...grouping.members.keys()].sort((x, y) => compareRank(rank(x), rank(y)));
  for (const head of heads) {
    const root = find(head);
    if (!members.has(root)) members.set(root, [...(grouping.members.get(root) ?? [])]);
    if (head !== root) members.get(root)?.push(...(grouping.members.get(head) ?? []));
  }
  return { themeOf, members };
};

const compareRank = (x: readonly [number, number, string], y: readonly [number, number, string]): number =>
  x[0] - y[0] || x[1] - y[1] || (x[2] < y[2] ? -1 : x[2] > y[2] ? 1 : 0);

/** The topics of an aggregate with discovered candidates merged into their themes (taxonomy topics as they are). */
export const mergedTopics = (agg: MetricAggregate, grouping: ThemeGrouping): Map<string, TopicTally> => {
  const out = new Map<string, TopicTally>();
  for (const [id, t] of Object.entries(agg.topics)) {
    const key = grouping.themeOf.get(id) ?? id;
    const seen = out.get(key);
    out.set(
      key,
      seen
        ? { count: seen.count + t.count, negative: seen.negative + t.negative, scoreSum: seen.scoreSum + t.scoreSum }
        : { ...t },
    );
  }
  return out;
};

/**
 * The discovered themes of a period against its trailing baseline: merged, with at least the
 * minimum support, most salient first (by count when there is no baseline to compare with).
 */
export const discoverThemes = (
  current: MetricAggregate,
  baseline: readonly MetricAggregate[],
  grouping: ThemeGrouping,
  options: DiscoverOptions = {},
): DiscoveredTheme[] => {
  const volume = current.volume;
  const minSupport = Math.max(options.minSupport ?? 3, Math.ceil(volume * 0.001));
  const a0 = options.priorStrength ?? 100;
  const now = mergedTopics(current, grouping);
  const before = new Map<string, number>();
  let baselineVolume = 0;
  for (const agg of baseline) {
    baselineVolume += agg.volume;
    for (const [id, t] of mergedTopics(agg, grouping)) before.set(id, (before.get(id) ?? 0) + t.count);
  }
  const themes: DiscoveredTheme[] = [];
  for (const [id, t] of now) {
    if (!isEmergent(id) || t.count < minSupport) continue;
    const b = before.get(id) ?? 0;
    let salience = 0;
    if (baselineVolume > 0) {
      // Informative prior: the pooled share of the theme, a0 pseudo-mentions strong.
      const a = (a0 * (t.count + b)) / (volume + baselineVolume);
      const delta =
        Math.log((t.count + a) / (volume + a0 - t.count - a)) - Math.log((b + a) / (baselineVolume + a0 - b - a));
      salience = Math.round((delta / Math.sqrt(1 / (t.count + a) + 1 / (b + a))) * 1000) / 1000;
    }
    const members = (grouping.members.get(id) ?? [id.slice(EMERGENT_PREFIX.length)]).slice(0, MAX_MEMBERS);
    themes.push({
      id,
      label: members[0] ?? id.slice(EMERGENT_PREFIX.length),
      discovered: true,
      members,
      count: t.count,
      negative: t.negative,
      share: volume === 0 ? 0 : t.count / volume,
      baselineCount: b,
      salience,
      quotes: [],
    });
  }
  return themes
    .sort((x, y) => y.salience - x.salience || y.count - x.count || (x.id < y.id ? -1 : 1))
    .slice(0, options.limit ?? 20);
};
