/**
 * Mapping an import row (CSV columns or JSON Lines fields) to one POST /v1/feedback item, and the
 * idempotency key that makes re-running an import safe: the row's external id, or a hash of
 * (source, text, date) when it has none.
 */
import { createHash } from 'node:crypto';

/** Longest text the API takes (characters after trimming); longer rows are rejected here, with the length. */
export const MAX_TEXT_CHARS = 20_000;

/** Which column (CSV header, or JSON Lines field; dots reach into objects: `ratings.nps`) feeds each field. */
export interface ColumnMapping {
  text: string;
  externalId?: string;
  date?: string;
  source?: string;
  channel?: string;
  journeyStage?: string;
  language?: string;
  nps?: string;
  csat?: string;
  ces?: string;
  customerId?: string;
  customerTier?: string;
  /** Columns copied into `metadata`, each under its key. */
  metadata: Array<{ key: string; column: string }>;
}

/** Values used where a row has no column for them. */
export interface RowDefaults {
  source: string;
  channel?: string | undefined;
  journeyStage?: string | undefined;
  language?: string | undefined;
  /** UTC offset (`+09:00`) for dates that carry none; default UTC. */
  utcOffset?: string | undefined;
}

/** The fields Koe's own export writes, and the names tried when no flag maps a field. */
export const DEFAULT_COLUMNS: Record<Exclude<keyof ColumnMapping, 'metadata'>, string[]> = {
  text: ['text'],
  externalId: ['externalId', 'external_id'],
  date: ['occurredAt', 'occurred_at', 'date'],
  source: ['source'],
  channel: ['channel'],
  journeyStage: ['journeyStage', 'journey_stage'],
  language: ['language'],
  nps: ['nps', 'ratings.nps'],
  csat: ['csat', 'ratings.csat'],
  ces: ['ces', 'ratings.ces'],
  customerId: ['customerId', 'customer_id', 'customer.id'],
  customerTier: ['customerTier', 'customer_tier', 'customer.tier'],
};

/** One item of a POST /v1/feedback batch. */
export interface FeedbackBody {
  text: string;
  source: string;
  externalId: string;
  channel?: string;
  journeyStage?: string;
  language?: string;
  occurredAt?: string;
  ratings?: { nps?: number; csat?: number; ces?: number };
  customer?: { id?: string; tier?: string };
  metadata?: Record<string, string>;
}

/** A mapped row: the item to send, or why it cannot be sent. */
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/**
 * Decodes the HTML entities exports from web tools leave in text (`&amp;`, `&lt;`, `&#39;` — the
 * airline tweets carry them), so the dashboard shows `&`. One pass: `&amp;lt;` becomes `&lt;`, as written.
 */
export const decodeEntities = (text: string): string =>
  text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,6});/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });

export type Mapped = { ok: true; item: FeedbackBody } | { ok: false; reason: string };

/** A value of a row by column name; for JSON Lines, `a.b` reaches into nested objects. */
export const cell = (values: Record<string, unknown>, column: string): unknown => {
  if (Object.hasOwn(values, column)) return values[column];
  let current: unknown = values;
  for (const part of column.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
};

const DATE_TIME =
  /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$/i;

/**
 * Normalizes the date forms exports carry to ISO-8601: ISO itself, `2015-02-24 11:35:52 -0800`
 * (Twitter, many exports), `2026/11/22 9:30` (Excel in Japan), epoch seconds or milliseconds.
 * A date without an offset is taken at `utcOffset` (default UTC). Undefined when not a date.
 */
export const normalizeDate = (raw: string, utcOffset = 'Z'): string | undefined => {
  const value = raw.trim();
  if (/^\d{10}(\d{3})?$/.test(value)) {
    const ms = value.length === 10 ? Number(value) * 1000 : Number(value);
    return new Date(ms).toISOString();
  }
  const m = DATE_TIME.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const pad = (v: string | undefined, n = 2) => (v ?? '0').padStart(n, '0');
  let offset = zone?.toUpperCase() ?? utcOffset;
  if (offset === 'UTC' || offset === 'GMT') offset = 'Z';
  if (/^[+-]\d{4}$/.test(offset)) offset = `${offset.slice(0, 3)}:${offset.slice(3)}`;
  const iso = `${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}${frac ?? ''}${offset}`;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return undefined;
  // Date.parse rolls 2026-02-31 over to March; a date that does not round-trip is not a date.
  const local = new Date(ms + offsetMinutes(offset) * 60_000).toISOString();
  if (local.slice(0, 10) !== `${y}-${pad(mo)}-${pad(d)}`) return undefined;
  return new Date(ms).toISOString();
};

const offsetMinutes = (offset: string) => {
  if (offset === 'Z') return 0;
  const sign = offset.startsWith('-') ? -1 : 1;
  const [h, m] = offset.slice(1).split(':');
  return sign * (Number(h) * 60 + Number(m));
};

/** The idempotency key of a row without an external id: the same (source, text, date) always gives the same key. */
export const contentKey = (source: string, text: string, date: string): string =>
  `content:${createHash('sha256').update(`${source}\u0000${text}\u0000${date}`).digest('base64url').slice(0, 32)}`;

const describe = (column: string) => `column '${column}'`;

const asText = (value: unknown): string | undefined => {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
};

/** Maps one row; every problem found locally becomes the reason (the API checks the rest). */
export const mapRow = (values: Record<string, unknown>, mapping: ColumnMapping, defaults: RowDefaults): Mapped => {
  const problems: string[] = [];
  const str = (column: string | undefined, field: string): string | undefined => {
    if (!column) return undefined;
    const value = cell(values, column);
    if (value !== undefined && value !== null && typeof value === 'object') {
      problems.push(
        `${field} (${describe(column)}) must be a string, not ${Array.isArray(value) ? 'an array' : 'an object'}`,
      );
      return undefined;
    }
    return asText(value);
  };
  const rawText = str(mapping.text, 'text');
  const text = rawText === undefined ? undefined : decodeEntities(rawText);
  if (text === undefined && !problems.length) problems.push(`text (${describe(mapping.text)}) is empty`);
  if (text !== undefined && text.length > MAX_TEXT_CHARS)
    problems.push(
      `text (${describe(mapping.text)}) has ${text.length.toLocaleString('en')} characters; the limit is ${MAX_TEXT_CHARS.toLocaleString('en')}`,
    );
  if (text?.includes('\uFFFD'))
    problems.push('text holds bytes that could not be decoded (wrong encoding? try --encoding shift_jis or utf-8)');

  const source = str(mapping.source, 'source') ?? defaults.source;
  const rawDate = str(mapping.date, 'date');
  let occurredAt: string | undefined;
  if (rawDate !== undefined) {
    occurredAt = normalizeDate(rawDate, defaults.utcOffset);
    if (!occurredAt)
      problems.push(
        `date ${JSON.stringify(rawDate)} (${describe(mapping.date ?? '')}) is not a date (ISO-8601, 2015-02-24 11:35:52 -0800, 2026/11/22 9:30 or epoch seconds)`,
      );
  }

  const ratings: NonNullable<FeedbackBody['ratings']> = {};
  for (const name of ['nps', 'csat', 'ces'] as const) {
    const column = mapping[name];
    const raw = str(column, name);
    if (raw === undefined || !column) continue;
    const n = Number(raw);
    if (!/^-?\d+(\.0+)?$/.test(raw) || !Number.isFinite(n))
      problems.push(`${name} ${JSON.stringify(raw)} (${describe(column)}) is not a whole number`);
    else ratings[name] = n;
  }

  const metadata: Record<string, string> = {};
  const nested = mapping.metadata.length === 0 ? values.metadata : undefined;
  if (nested && typeof nested === 'object' && !Array.isArray(nested)) {
    for (const [key, value] of Object.entries(nested)) {
      const v = asText(value);
      if (v !== undefined) metadata[key] = v;
    }
  }
  for (const { key, column } of mapping.metadata) {
    const value = str(column, `metadata ${key}`);
    if (value !== undefined) metadata[key] = value;
  }

  const customerId = str(mapping.customerId, 'customer id');
  const customerTier = str(mapping.customerTier, 'customer tier');
  const channel = str(mapping.channel, 'channel')?.toLowerCase() ?? defaults.channel;
  const journeyStage = str(mapping.journeyStage, 'journey stage')?.toLowerCase() ?? defaults.journeyStage;
  const language = str(mapping.language, 'language')?.toLowerCase() ?? defaults.language;
  const externalId = str(mapping.externalId, 'externalId');

  if (problems.length || text === undefined) return { ok: false, reason: problems.join('; ') };
  const item: FeedbackBody = {
    text,
    source,
    externalId: externalId ?? contentKey(source, text, rawDate ?? ''),
    ...(channel ? { channel } : {}),
    ...(journeyStage ? { journeyStage } : {}),
    ...(language ? { language } : {}),
    ...(occurredAt ? { occurredAt } : {}),
    ...(Object.keys(ratings).length ? { ratings } : {}),
    ...(customerId || customerTier
      ? { customer: { ...(customerId ? { id: customerId } : {}), ...(customerTier ? { tier: customerTier } : {}) } }
      : {}),
    ...(Object.keys(metadata).length ? { metadata } : {}),
  };
  return { ok: true, item };
};

/** Where JSON Lines rows keep each field when no flag says otherwise: the POST /v1/feedback body's own shape. */
const JSONL_COLUMNS: Record<keyof typeof DEFAULT_COLUMNS, string> = {
  text: 'text',
  externalId: 'externalId',
  date: 'occurredAt',
  source: 'source',
  channel: 'channel',
  journeyStage: 'journeyStage',
  language: 'language',
  nps: 'ratings.nps',
  csat: 'ratings.csat',
  ces: 'ratings.ces',
  customerId: 'customer.id',
  customerTier: 'customer.tier',
};

/**
 * Fills the fields no flag mapped: for CSV, from columns named like Koe's own fields (so an export
 * imports back as it is); for JSON Lines (`columns` undefined), from the API body's shape.
 */
export const withDefaultColumns = (
  given: Partial<ColumnMapping>,
  columns: string[] | undefined,
): Partial<ColumnMapping> => {
  const out: Partial<ColumnMapping> = { ...given };
  for (const [field, names] of Object.entries(DEFAULT_COLUMNS) as Array<[keyof typeof DEFAULT_COLUMNS, string[]]>) {
    if (out[field] !== undefined) continue;
    const found = columns ? names.find((n) => columns.includes(n)) : JSONL_COLUMNS[field];
    if (found) out[field] = found;
  }
  return out;
};
