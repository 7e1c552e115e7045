import { z } from 'zod';
import { type FieldIssue, PayloadTooLargeError, ValidationError } from '../errors.js';
import { CHANNELS, type FeedbackInput, JOURNEY_STAGES } from './model.js';

/** Most comments one request may carry. */
export const MAX_ITEMS_PER_REQUEST = 500;
/** Longest comment, in characters after trimming. */
export const MAX_TEXT_LENGTH = 20_000;

const METADATA_MAX_KEYS = 50;
const METADATA_MAX_KEY_LENGTH = 64;
const METADATA_MAX_VALUE_LENGTH = 1_000;

/** Earliest and latest year a feedback date may carry: older or later is a typo or a probe, not feedback. */
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;
const DATE_MESSAGE = `must be a real ISO-8601 date or date-time from ${MIN_YEAR}-01-01 to ${MAX_YEAR}-12-31, e.g. 2026-11-22T09:30:00Z`;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):?(\d{2}))?)?$/;

/**
 * True for a calendar date that exists (2026-02-30 does not: `Date.parse` would roll it over to
 * 2026-03-02), a time of day that exists, an offset of at most ±14:00, and a year in range.
 */
const isRealDate = (s: string): boolean => {
  const m = ISO.exec(s);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1) return false;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return false;
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59)) return false;
  if (m[8] !== undefined && (Number(m[8]) > 14 || Number(m[9]) > 59)) return false;
  return !Number.isNaN(Date.parse(s));
};

/** An ISO-8601 date or date-time string that names a real instant between 2000 and 2100. */
export const isoDate = z.string().refine(isRealDate, { message: DATE_MESSAGE });

// Identifiers: a tool's record ids (ticket, tweet, conversation, message ids) and source names.
// Validated, never redacted: redaction would change them (a Luhn-valid tweet id became [CARD], and
// re-importing an export collapsed rows), and a caller needs them back as sent to correlate.
// No spaces, so free text (a sentence, a name written "John Smith") cannot be stored as an id.
const IDENTIFIER = /^[\p{L}\p{N}][\p{L}\p{N}._:/#@+=~-]*$/u;
const IDENTIFIER_MESSAGE =
  'must be letters, digits and . _ : / # @ + = ~ - only (no spaces), starting with a letter or digit';
const EMAIL_SHAPED = /^[^@]+@[^@]+\.[A-Za-z]{2,}$/;

/** An identifier field of at most `max` characters (see IDENTIFIER above); an e-mail address is refused. */
export const identifier = (max: number) =>
  z
    .string({ error: 'is required and must be a string' })
    .trim()
    .min(1, { message: 'must not be empty', abort: true })
    .max(max, { message: `must be at most ${max} characters`, abort: true })
    .regex(IDENTIFIER, { message: IDENTIFIER_MESSAGE, abort: true })
    .refine((s) => !EMAIL_SHAPED.test(s), {
      message: 'looks like an e-mail address; an id must not be personal data (send the person as customer.id)',
    });

// customer.id may be anything that names a customer (an e-mail, a phone): it is never stored as sent,
// only as its keyed pseudonym (shared/feedback/ids.ts), so only control characters are refused.
const customerId = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  .refine((s) => ![...s].some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127), {
    message: 'must not contain control characters',
  });

/** The customer object of a comment or transcript: `id` is pseudonymised, `tier` redacted like free text. */
export const customer = z.strictObject({
  id: customerId.optional(),
  tier: z.string().trim().min(1).max(50).optional(),
});

/** Survey ratings: NPS 0–10, CSAT 1–5, CES 1–7. */
export const ratings = z.strictObject({
  nps: z.number().int('must be a whole number').min(0).max(10).optional(),
  csat: z.number().int('must be a whole number').min(1).max(5).optional(),
  ces: z.number().int('must be a whole number').min(1).max(7).optional(),
});

/** Keys that mean something to JavaScript objects: refused, never silently dropped or stored. */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A flat map of strings, at most 50 keys, none of them `__proto__`, `constructor` or `prototype`. */
export const metadata = z
  .custom<unknown>(
    (value) => !(value && typeof value === 'object' && Object.keys(value).some((k) => RESERVED_KEYS.has(k))),
    { message: 'must not use the keys __proto__, constructor or prototype' },
  )
  .pipe(z.record(z.string().min(1).max(METADATA_MAX_KEY_LENGTH), z.string().max(METADATA_MAX_VALUE_LENGTH)))
  .refine((m) => Object.keys(m).length <= METADATA_MAX_KEYS, { message: `at most ${METADATA_MAX_KEYS} keys` });

const feedback = z.strictObject({
  text: z
    .string({ error: 'is required and must be a string' })
    .transform((s) => s.trim())
    .pipe(z.string().min(1, 'must not be empty').max(MAX_TEXT_LENGTH, `must be at most ${MAX_TEXT_LENGTH} characters`)),
  source: identifier(100),
  externalId: identifier(200).optional(),
  channel: z.enum(CHANNELS, { error: `must be one of ${CHANNELS.join(', ')}` }).default('other'),
  journeyStage: z.enum(JOURNEY_STAGES, { error: `must be one of ${JOURNEY_STAGES.join(', ')}` }).optional(),
  language: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language code such as ja or en')
    .optional(),
  ratings: ratings.optional(),
  customer: customer.optional(),
  occurredAt: isoDate.optional(),
  metadata: metadata.optional(),
});

const batch = z.strictObject({
  items: z.array(z.unknown(), { error: 'must be an array of feedback objects' }).min(1, 'must hold at least one item'),
});

/** Formats a zod path like `items[3].ratings.nps`. */
export const formatPath = (path: ReadonlyArray<PropertyKey>): string =>
  path.reduce<string>(
    (acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)),
    '',
  );

/** Field issues of a zod error, under `prefix`; unknown keys are named one by one. */
export const issuesOf = (error: z.ZodError, prefix: ReadonlyArray<PropertyKey>): FieldIssue[] =>
  error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: formatPath([...prefix, ...issue.path, key]),
        message: 'is not a known field',
      }));
    }
    return [{ path: formatPath([...prefix, ...issue.path]) || '(body)', message: issue.message }];
  });

/**
 * Validates a POST /v1/feedback body: one comment, or `{"items": [...]}`. Every offending
 * field is reported at once; `now` fills a missing occurredAt.
 */
export const parseFeedbackRequest = (body: unknown, now: string): { inputs: FeedbackInput[]; batch: boolean } => {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ValidationError('Body must be a JSON object: one comment, or {"items": [...]}', [
      { path: '(body)', message: 'must be a JSON object' },
    ]);
  }
  const isBatch = 'items' in body;
  let raw: Array<{ value: unknown; path: PropertyKey[] }>;
  if (isBatch) {
    const parsed = batch.safeParse(body);
    if (!parsed.success) throw new ValidationError('Invalid feedback batch', issuesOf(parsed.error, []));
    if (parsed.data.items.length > MAX_ITEMS_PER_REQUEST) {
      throw new PayloadTooLargeError(
        `A batch holds at most ${MAX_ITEMS_PER_REQUEST} items; this one has ${parsed.data.items.length}`,
      );
    }
    raw = parsed.data.items.map((value, i) => ({ value, path: ['items', i] }));
  } else {
    raw = [{ value: body, path: [] }];
  }
  const issues: FieldIssue[] = [];
  const inputs: FeedbackInput[] = [];
  for (const { value, path } of raw) {
    const parsed = feedback.safeParse(value);
    if (!parsed.success) {
      issues.push(...issuesOf(parsed.error, path));
      continue;
    }
    const { occurredAt, ...rest } = parsed.data;
    inputs.push({ ...rest, occurredAt: new Date(occurredAt ?? now).toISOString() });
  }
  if (issues.length > 0) {
    throw new ValidationError(`Invalid feedback: ${issues.length} problem${issues.length === 1 ? '' : 's'}`, issues);
  }
  return { inputs, batch: isBatch };
};
