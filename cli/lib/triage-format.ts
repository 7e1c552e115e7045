/**
 * How `koe queue` and `koe item` write triage data for a terminal: topic and reason names from the same
 * taxonomy and rules the dashboard and digests read, SLA due times relative to now, text cut to a width.
 */
import { defaultTaxonomy, topicLabel } from '../../shared/analysis/topics/taxonomy.js';
import { defaultTriageRules, reasonLabel } from '../../shared/triage/rules.js';
import { displayWidth } from './api.js';

/** A topic's English name; a discovered theme (`emergent:<phrase>`) as `"<phrase>" (discovered)`; else the id. */
export const topicName = (id: string): string =>
  id.startsWith('emergent:')
    ? `"${id.slice('emergent:'.length)}" (discovered)`
    : (topicLabel(defaultTaxonomy, id, 'en') ?? id);

/** A reason code's English name from the triage rules, else the code. */
export const reasonName = (code: string): string => reasonLabel(defaultTriageRules(), code, 'en') ?? code;

/** "3 min", "5 h", "12 d": the size of a span of milliseconds, rounded down. */
export const span = (ms: number): string => {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} h`;
  return `${Math.floor(minutes / 1440)} d`;
};

/** When an item's SLA runs out, from now: "in 52 min", "3 h overdue", or "—" without an SLA. */
export const due = (dueAt: string | null | undefined, now: Date): string => {
  if (!dueAt) return '—';
  const left = Date.parse(dueAt) - now.getTime();
  return left >= 0 ? `in ${span(left)}` : `${span(left)} overdue`;
};

/** An instant as `YYYY-MM-DD HH:MM UTC`. */
export const utc = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

/** `text` on one line, cut to at most `width` terminal cells with an ellipsis (Japanese counts two a character). */
export const shorten = (text: string, width: number): string => {
  const line = text.replace(/\s+/g, ' ').trim();
  if (displayWidth(line) <= width) return line;
  let out = '';
  for (const char of line) {
    if (displayWidth(out + char) > width - 1) break;
    out += char;
  }
  return `${out}…`;
};
