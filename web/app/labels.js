/** Translated names for API values (levels, statuses, channels, reasons) and the small badges that show them. */
import { h } from './dom.js';
import { t } from './i18n.js';

/** Levels most urgent first, as the API orders them. */
export const LEVELS = ['critical', 'high', 'normal', 'low'];
/** Triage statuses. */
export const STATUSES = ['open', 'acknowledged', 'resolved'];
/** Channels the API accepts. */
export const CHANNELS = ['survey', 'chat', 'email', 'review', 'social', 'call', 'form', 'interview', 'other'];
/** Sentiment labels. */
export const SENTIMENTS = ['positive', 'negative', 'neutral', 'mixed'];

/** `safety_risk` → `Safety risk` for codes the dictionaries do not know yet. @param {string} code */
const humanize = (code) => {
  const words = String(code)
    .replace(/^emergent:/, '')
    .replace(/[_-]+/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** @param {string} code */
export const reasonLabel = (code) => t(`reason.${code}`, {}, humanize(code));
/** @param {string} topic */
export const topicLabel = (topic) => humanize(topic);
/** @param {string | undefined | null} level */
export const levelLabel = (level) => (level ? t(`level.${level}`, {}, level) : t('level.none'));

/** A coloured level badge; the colour is never the only cue (the word is always there). @param {string | undefined | null} level */
export const levelBadge = (level) =>
  h('span', { class: `badge level-${level ?? 'none'}`, dataset: { level: level ?? '' } }, levelLabel(level));

/** @param {string} label */
export const sentimentBadge = (label) =>
  h('span', { class: `badge sentiment-${label}` }, t(`sentiment.${label}`, {}, label));
