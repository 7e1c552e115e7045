import { z } from 'zod';
import { type FieldIssue, PayloadTooLargeError, ValidationError } from '../errors.js';
import { CHANNELS, JOURNEY_STAGES } from '../feedback/model.js';
import { customer, identifier, isoDate, issuesOf, MAX_TEXT_LENGTH, metadata, ratings } from '../feedback/validate.js';
import {
  MAX_TRANSCRIPT_BYTES,
  MAX_TURNS,
  TRANSCRIPT_ROLES_MESSAGE,
  type TranscriptInput,
  TURN_ROLES,
} from './model.js';

const turn = z.strictObject({
  role: z.enum(TURN_ROLES, { error: TRANSCRIPT_ROLES_MESSAGE }),
  text: z
    .string({ error: 'is required and must be a string' })
    .transform((s) => s.trim())
    .pipe(z.string().min(1, 'must not be empty').max(MAX_TEXT_LENGTH, `must be at most ${MAX_TEXT_LENGTH} characters`)),
  at: z.string({ error: 'is required (ISO-8601)' }).pipe(isoDate),
  id: identifier(200).optional(),
});

const transcript = z.strictObject({
  source: identifier(100),
  conversationId: identifier(200),
  channel: z.enum(CHANNELS, { error: `must be one of ${CHANNELS.join(', ')}` }).default('chat'),
  journeyStage: z.enum(JOURNEY_STAGES, { error: `must be one of ${JOURNEY_STAGES.join(', ')}` }).optional(),
  language: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language code such as ja or en')
    .optional(),
  turns: z
    .array(z.unknown(), { error: 'is required: an array of {role, text, at}' })
    .min(1, 'must hold at least one turn'),
  ratings: ratings.optional(),
  customer: customer.optional(),
  metadata: metadata.optional(),
});

/** Throws PayloadTooLargeError when a conversation holds more turns or text than Koe stores in one item. */
export const checkTranscriptSize = (turns: ReadonlyArray<{ text: string }>): void => {
  if (turns.length > MAX_TURNS)
    throw new PayloadTooLargeError(`A transcript holds at most ${MAX_TURNS} turns; this one has ${turns.length}`);
  const bytes = turns.reduce((n, t) => n + Buffer.byteLength(t.text, 'utf8'), 0);
  if (bytes > MAX_TRANSCRIPT_BYTES)
    throw new PayloadTooLargeError(
      `A transcript holds at most ${MAX_TRANSCRIPT_BYTES} bytes of text; this one has ${bytes}`,
    );
};

/**
 * Validates a `POST /v1/transcripts` body (also what the generic webhook carries). Every offending
 * field is reported at once, e.g. `turns[3].role`; more than 500 turns → 413.
 */
export const parseTranscriptRequest = (body: unknown): TranscriptInput => {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ValidationError('Body must be a JSON object: {source, conversationId, turns: [...]}', [
      { path: '(body)', message: 'must be a JSON object' },
    ]);
  }
  const parsed = transcript.safeParse(body);
  const issues: FieldIssue[] = parsed.success ? [] : issuesOf(parsed.error, []);
  const rawTurns = Array.isArray((body as { turns?: unknown }).turns) ? (body as { turns: unknown[] }).turns : [];
  if (rawTurns.length > MAX_TURNS)
    throw new PayloadTooLargeError(`A transcript holds at most ${MAX_TURNS} turns; this one has ${rawTurns.length}`);
  const turns: TranscriptInput['turns'] = [];
  rawTurns.forEach((value, i) => {
    const t = turn.safeParse(value);
    if (t.success) turns.push({ ...t.data, at: new Date(t.data.at).toISOString() });
    else issues.push(...issuesOf(t.error, ['turns', i]));
  });
  // Two turns with one id would silently keep one of them when the conversation is merged.
  const firstWithId = new Map<string, number>();
  rawTurns.forEach((value, i) => {
    const id = (value as { id?: unknown } | null)?.id;
    if (typeof id !== 'string') return;
    const key = id.trim();
    const first = firstWithId.get(key);
    if (first === undefined) firstWithId.set(key, i);
    else
      issues.push({
        path: `turns[${i}].id`,
        message: `repeats the id of turns[${first}] ('${key}'); turn ids must be unique`,
      });
  });
  if (issues.length > 0 || !parsed.success) {
    throw new ValidationError(`Invalid transcript: ${issues.length} problem${issues.length === 1 ? '' : 's'}`, issues);
  }
  checkTranscriptSize(turns);
  const { turns: _raw, ...rest } = parsed.data;
  return { ...rest, turns };
};
