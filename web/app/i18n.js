/**
 * The UI language: one dictionary per language (strings/en.js, strings/ja.js), the choice remembered
 * in localStorage, dates and numbers formatted for the chosen locale.
 */
import en from './strings/en.js';
import ja from './strings/ja.js';

const DICTIONARIES = { en, ja };
/** Languages the UI speaks, in the order the switch lists them. */
export const LANGUAGES = /** @type {const} */ (['ja', 'en']);
const STORAGE_KEY = 'koe.lang';

const initial = () => {
  const saved = safeStorage(() => localStorage.getItem(STORAGE_KEY));
  if (saved && saved in DICTIONARIES) return saved;
  return (navigator.language || 'en').toLowerCase().startsWith('ja') ? 'ja' : 'en';
};

// localStorage throws in some privacy modes; the UI still works, it just forgets.
function safeStorage(fn) {
  try {
    return fn();
  } catch {
    return null;
  }
}

let current = initial();
const listeners = new Set();

/** The current language code. */
export const lang = () => current;

/**
 * Switches the language, remembers it and tells the listeners (views re-render).
 * @param {string} code
 */
export const setLang = (code) => {
  if (!(code in DICTIONARIES) || code === current) return;
  current = code;
  safeStorage(() => localStorage.setItem(STORAGE_KEY, code));
  document.documentElement.lang = code;
  for (const listener of listeners) listener(code);
};

/** @param {(code: string) => void} listener */
export const onLangChange = (listener) => listeners.add(listener);

/**
 * A UI string with `{name}` placeholders filled in. A missing key falls back to English, then to
 * `fallback` (used for codes the dictionaries do not know, such as new reason codes).
 * @param {string} key
 * @param {Record<string, unknown>} [vars]
 * @param {string} [fallback]
 */
export const t = (key, vars = {}, fallback) => {
  const template = DICTIONARIES[current][key] ?? en[key] ?? fallback ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name) => (name in vars ? String(vars[name]) : `{${name}}`));
};

/** Date and time in the UI's locale (and the browser's time zone). @param {string | undefined | null} iso */
export const formatDateTime = (iso) => {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return new Intl.DateTimeFormat(current, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
};

/** A date without the time in the UI's locale. @param {string} iso */
export const formatDate = (iso) => new Intl.DateTimeFormat(current, { dateStyle: 'medium' }).format(new Date(iso));

/** Time of day, for "updated at". @param {Date} d */
export const formatTime = (d) => new Intl.DateTimeFormat(current, { timeStyle: 'medium' }).format(d);

/** "in 3 hours" / "2 hours ago" in the UI's locale. @param {string | undefined | null} iso @param {Date} now */
export const formatRelative = (iso, now = new Date()) => {
  if (!iso) return '—';
  const diff = (new Date(iso).getTime() - now.getTime()) / 1000;
  const rtf = new Intl.RelativeTimeFormat(current, { numeric: 'auto' });
  const abs = Math.abs(diff);
  if (abs < 60) return rtf.format(Math.round(diff), 'second');
  if (abs < 3600) return rtf.format(Math.round(diff / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(diff / 3600), 'hour');
  return rtf.format(Math.round(diff / 86400), 'day');
};

/** A number in the UI's locale. @param {number | null | undefined} n @param {number} [digits] */
export const formatNumber = (n, digits = 0) =>
  n === null || n === undefined || Number.isNaN(n)
    ? '—'
    : new Intl.NumberFormat(current, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(n);

document.documentElement.lang = current;
