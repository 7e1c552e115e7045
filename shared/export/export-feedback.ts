/**
 * GET /v1/export: feedback items of a time window, a page at a time, as CSV or JSON Lines.
 * Pages follow the items-by-day index (the roll-ups' access path), so the cost grows with the
 * window, never with the table; a page stops at a row count or a byte size that fits a Lambda response.
 */
import { type FieldIssue, ValidationError } from '../errors.js';
import type { FeedbackStore } from '../feedback/ports.js';
import { csvHeader, toCsvLine, toExportRow, toJsonLine } from './export-rows.js';

/** Export formats. */
export const EXPORT_FORMATS = ['csv', 'jsonl'] as const;
/** One export format. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Rows per page when the caller does not say. */
export const DEFAULT_EXPORT_LIMIT = 1000;
/** Most rows one page holds. */
export const MAX_EXPORT_LIMIT = 5000;
/**
 * Most body bytes one page holds. Lambda answers at most 6 MB, and the body travels inside a JSON
 * envelope where quotes and line breaks take two bytes, so a page stays well below half of that.
 */
export const MAX_EXPORT_PAGE_BYTES = 2_500_000;
/** Longest window one request may cover: every day in it is one index partition to read. */
export const MAX_EXPORT_DAYS = 366;

/** A validated export request. */
export interface ExportQuery {
  /** Inclusive ISO instant. */
  from: string;
  /** Exclusive ISO instant. */
  to: string;
  format: ExportFormat;
  limit: number;
  /** Resume strictly after this item (the last row of the previous page). */
  after?: { occurredAt: string; id: string };
}

/** One page of an export. */
export interface ExportPage {
  body: string;
  contentType: string;
  rows: number;
  /** Present when more rows follow; pass it back as `cursor`. */
  nextCursor?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

const instant = (raw: string, field: string, endOfDay: boolean, issues: FieldIssue[]): string | undefined => {
  if (DATE.test(raw)) {
    const ms = Date.parse(`${raw}T00:00:00Z`);
    if (!Number.isNaN(ms) && new Date(ms).toISOString().startsWith(raw))
      return new Date(ms + (endOfDay ? DAY_MS : 0)).toISOString();
  } else if (/^\d{4}-\d{2}-\d{2}T/.test(raw) && !Number.isNaN(Date.parse(raw))) {
    return new Date(Date.parse(raw)).toISOString();
  }
  issues.push({ path: field, message: 'must be a date (YYYY-MM-DD) or an ISO-8601 date-time' });
  return undefined;
};

const encodeCursor = (after: { occurredAt: string; id: string }) =>
  Buffer.from(JSON.stringify({ a: after.occurredAt, i: after.id })).toString('base64url');

const decodeCursor = (raw: string, issues: FieldIssue[]) => {
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { a?: unknown; i?: unknown };
    if (typeof parsed.a === 'string' && typeof parsed.i === 'string' && !Number.isNaN(Date.parse(parsed.a)))
      return { occurredAt: parsed.a, id: parsed.i };
  } catch {
    // Reported below.
  }
  issues.push({ path: 'cursor', message: 'is not a cursor returned by this API' });
  return undefined;
};

/**
 * Validates the query string: `from` (required) and `to` (default now) are dates or date-times —
 * a date `to` includes that whole UTC day; `format` csv (default) or jsonl; `limit` ≤ 5000; `cursor`.
 */
export const parseExportQuery = (params: Record<string, string | undefined>, now: Date): ExportQuery => {
  const issues: FieldIssue[] = [];
  const from = params.from ? instant(params.from, 'from', false, issues) : undefined;
  if (!params.from) issues.push({ path: 'from', message: 'is required (YYYY-MM-DD or an ISO-8601 date-time)' });
  const to = params.to ? instant(params.to, 'to', true, issues) : now.toISOString();
  const format = (params.format ?? 'csv') as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) issues.push({ path: 'format', message: 'must be csv or jsonl' });
  const limitRaw = params.limit ?? String(DEFAULT_EXPORT_LIMIT);
  const limit = Number(limitRaw);
  if (!/^\d+$/.test(limitRaw) || limit < 1 || limit > MAX_EXPORT_LIMIT)
    issues.push({ path: 'limit', message: `must be a whole number from 1 to ${MAX_EXPORT_LIMIT}` });
  const after = params.cursor ? decodeCursor(params.cursor, issues) : undefined;
  if (from && to) {
    if (from >= to) issues.push({ path: 'to', message: 'must be after from' });
    else if (Date.parse(to) - Date.parse(from) > MAX_EXPORT_DAYS * DAY_MS)
      issues.push({ path: 'to', message: `the window may span at most ${MAX_EXPORT_DAYS} days; split longer ones` });
    if (after && (after.occurredAt < from || after.occurredAt >= to))
      issues.push({ path: 'cursor', message: 'belongs to another window' });
  }
  if (issues.length || !from || !to) throw new ValidationError('Invalid export request', issues);
  return { from, to, format, limit, ...(after ? { after } : {}) };
};

const isAfter = (item: { occurredAt: string; id: string }, after: ExportQuery['after']) =>
  !after || item.occurredAt > after.occurredAt || (item.occurredAt === after.occurredAt && item.id > after.id);

/**
 * Reads one page: items with occurredAt in [from, to), in (occurredAt, id) order, starting after
 * the cursor's item. The cursor is a position, not a storage key, so items stored meanwhile
 * neither shift nor repeat rows of later pages.
 */
export const exportFeedback = async (
  query: ExportQuery,
  deps: { store: Pick<FeedbackStore, 'listByOccurredAt'> },
): Promise<ExportPage> => {
  const csv = query.format === 'csv';
  const parts: string[] = csv ? [csvHeader()] : [];
  let bytes = parts[0]?.length ?? 0;
  let rows = 0;
  let last: { occurredAt: string; id: string } | undefined;
  let more = false;
  let storeCursor: string | undefined;
  const start = query.after?.occurredAt ?? query.from;
  read: do {
    const page = await deps.store.listByOccurredAt(start, query.to, storeCursor);
    for (const item of page.items) {
      if (!isAfter(item, query.after)) continue;
      const row = toExportRow(item);
      const line = csv ? toCsvLine(row) : toJsonLine(row);
      const size = Buffer.byteLength(line);
      if (rows >= query.limit || (rows > 0 && bytes + size > MAX_EXPORT_PAGE_BYTES)) {
        more = true;
        break read;
      }
      parts.push(line);
      bytes += size;
      rows++;
      last = { occurredAt: item.occurredAt, id: item.id };
    }
    storeCursor = page.nextCursor;
  } while (storeCursor);
  return {
    body: parts.join(''),
    contentType: csv ? 'text/csv; charset=utf-8; header=present' : 'application/x-ndjson; charset=utf-8',
    rows,
    ...(more && last ? { nextCursor: encodeCursor(last) } : {}),
  };
};
