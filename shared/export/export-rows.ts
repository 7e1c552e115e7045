/**
 * One exported row per feedback item: the redacted text, its context and the analysis fields,
 * flat, in the same columns for CSV (RFC 4180) and JSON Lines.
 */
import type { FeedbackItem } from '../feedback/model.js';

/** A cell of an exported row; arrays and objects stay structured in JSON Lines. */
export type ExportValue = string | number | string[] | Record<string, unknown> | undefined;

/** The columns of an export, in order. The raw text is never among them: `text` is the redacted text. */
export const EXPORT_COLUMNS = [
  'id',
  'source',
  'externalId',
  'channel',
  'journeyStage',
  'occurredAt',
  'receivedAt',
  'status',
  'text',
  'nps',
  'csat',
  'ces',
  'customerId',
  'customerTier',
  'language',
  'languageConfidence',
  'sentiment',
  'sentimentScore',
  'urgency',
  'urgencyScore',
  'urgencyReasons',
  'topics',
  'keyPhrases',
  'triageStatus',
  'triageLevel',
  'analyzer',
  'analyzerVersion',
  'analyzedAt',
  'redacted',
  'metadata',
] as const;

/** One column name. */
export type ExportColumn = (typeof EXPORT_COLUMNS)[number];

/** An exported row. */
export type ExportRow = Partial<Record<ExportColumn, ExportValue>>;

/** The row of one item: `urgency` and `topics` are the analyzer's; `triageLevel` is the effective level (after any override). */
export const toExportRow = (item: FeedbackItem): ExportRow => {
  const a = item.analysis;
  return {
    id: item.id,
    source: item.source,
    externalId: item.externalId,
    channel: item.channel,
    journeyStage: item.journeyStage,
    occurredAt: item.occurredAt,
    receivedAt: item.receivedAt,
    status: item.status,
    text: item.text,
    nps: item.ratings?.nps,
    csat: item.ratings?.csat,
    ces: item.ratings?.ces,
    customerId: item.customer?.id,
    customerTier: item.customer?.tier,
    language: a?.language.code,
    languageConfidence: a?.language.confidence,
    sentiment: a?.sentiment.label,
    sentimentScore: a?.sentiment.score,
    urgency: a?.urgency.level,
    urgencyScore: a?.urgency.score,
    urgencyReasons: a ? [...new Set(a.urgency.reasons.map((r) => r.code))] : undefined,
    topics: a ? a.topics.map((t) => t.topic) : undefined,
    keyPhrases: a?.keyPhrases,
    triageStatus: item.triage.status,
    triageLevel: item.triage.level,
    analyzer: a?.analyzer.name,
    analyzerVersion: a?.analyzer.version,
    analyzedAt: item.analyzedAt,
    redacted: Object.keys(item.redacted ?? {}).length ? item.redacted : undefined,
    metadata: item.metadata && Object.keys(item.metadata).length ? item.metadata : undefined,
  };
};

/** One JSON Lines line (with its newline); absent fields are left out. */
export const toJsonLine = (row: ExportRow): string => `${JSON.stringify(row)}\n`;

// Spreadsheet apps run a cell that starts with one of these as a formula; feedback text is written
// by customers, so a `=HYPERLINK(...)` comment must not become a live link in a manager's Excel.
const FORMULA_START = /^[=+\-@\t\r]/;

const csvCell = (value: ExportValue): string => {
  if (value === undefined) return '';
  let text: string;
  if (typeof value === 'number') text = String(value);
  else if (Array.isArray(value)) text = value.join('|');
  else if (typeof value === 'object') text = JSON.stringify(value);
  else text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** The CSV header line (CRLF-terminated, RFC 4180). */
export const csvHeader = (): string => `${EXPORT_COLUMNS.join(',')}\r\n`;

/**
 * One CSV line (CRLF-terminated, RFC 4180 quoting). Lists are joined with `|`, objects are JSON;
 * text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) gets a leading `'`.
 */
export const toCsvLine = (row: ExportRow): string => `${EXPORT_COLUMNS.map((c) => csvCell(row[c])).join(',')}\r\n`;
