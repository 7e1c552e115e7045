/**
 * Names of API values in the UI's language, and the small badges that show them. The lists and the
 * topic and reason names come from vocabulary.js, generated from the server's own (npm run web:vocabulary).
 */
import { h } from './dom.js';
import { lang, t } from './i18n.js';
import { channels, levels, reasons, sentiments, statuses, topics } from './vocabulary.js';

/** Levels most urgent first, as the API orders them. */
export const LEVELS = levels;
/** Triage statuses. */
export const STATUSES = statuses;
/** Channels the API accepts. */
export const CHANNELS = channels;
/** Topic names: the default taxonomy's (vocabulary.js), then the installation's promoted topics. */
const topicNames = { ...topics };
/** Taxonomy topic ids, the promoted ones included once known (usePromotedTopics). */
export const TOPICS = Object.keys(topicNames);

/**
 * Adds the installation's promoted topics (GET /v1/taxonomy/promoted), so chips, filters and charts
 * name them by their label in the chosen language, not by their id.
 * @param {Array<{id: string, label: string, labelJa?: string}>} promoted
 */
export const usePromotedTopics = (promoted) => {
  for (const p of promoted) {
    if (!Object.hasOwn(topicNames, p.id)) TOPICS.push(p.id);
    topicNames[p.id] = { en: p.label, ja: p.labelJa ?? p.label };
  }
};
/** Sentiment labels. */
export const SENTIMENTS = sentiments;
/** A level's rank, 0 = most urgent; unknown levels sort last. @param {string} level */
export const levelRank = (level) => {
  const rank = LEVELS.indexOf(level);
  return rank === -1 ? LEVELS.length : rank;
};

/** The id prefix of a discovered (emergent) theme, as opposed to a curated taxonomy topic. */
const DISCOVERED = 'emergent:';

/** @param {Record<string, {en: string, ja: string}>} names @param {string} key */
const named = (names, key) => {
  const entry = Object.hasOwn(names, key) ? names[key] : undefined;
  return entry ? (lang() === 'ja' ? entry.ja : entry.en) : undefined;
};

/** A reason code's meaning, from the triage rules; codes the rules do not name fall back to the UI strings. @param {string} code */
export const reasonLabel = (code) => named(reasons, code) ?? t(`reason.${code}`, {}, code);

/** True for a discovered theme's id. @param {string} topic */
export const isDiscovered = (topic) => String(topic).startsWith(DISCOVERED);

/** A topic's name: the taxonomy's label, or a discovered theme's phrase as found in the text. @param {string} topic */
export const topicLabel = (topic) =>
  isDiscovered(topic) ? String(topic).slice(DISCOVERED.length) : (named(topicNames, topic) ?? topic);

/** The topic id a person typed: a taxonomy name in either language (any case), or the id itself. @param {string} typed */
export const topicIdOf = (typed) => {
  const wanted = typed.toLowerCase();
  const found = Object.entries(topicNames).find(
    ([id, names]) => id === typed || names.en.toLowerCase() === wanted || names.ja === typed,
  );
  return found ? found[0] : typed;
};

/** A topic chip: its name, and a "discovered" badge for a theme Koe found rather than a curated topic. @param {string} topic @param {string} [tag] */
export const topicChip = (topic, tag = 'span', ...extra) =>
  h(
    /** @type {'span'} */ (tag),
    { class: isDiscovered(topic) ? 'chip discovered' : 'chip', dataset: { topic } },
    topicLabel(topic),
    isDiscovered(topic) ? h('span', { class: 'chip-tag' }, t('topic.discovered')) : null,
    ...extra,
  );

/** @param {string | undefined | null} level */
export const levelLabel = (level) => (level ? t(`level.${level}`, {}, level) : t('level.none'));

/** A coloured level badge; the colour is never the only cue (the word is always there). @param {string | undefined | null} level */
export const levelBadge = (level) =>
  h('span', { class: `badge level-${level ?? 'none'}`, dataset: { level: level ?? '' } }, levelLabel(level));

/** @param {string} label */
export const sentimentBadge = (label) =>
  h('span', { class: `badge sentiment-${label}` }, t(`sentiment.${label}`, {}, label));

/** A language code's name in the UI's language (`ja` → 日本語 / Japanese). @param {string | undefined | null} code */
export const languageName = (code) => {
  if (!code) return '—';
  try {
    return new Intl.DisplayNames([lang()], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
};
