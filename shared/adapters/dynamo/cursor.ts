import { ValidationError } from '../../errors.js';

/** Longest cursor accepted: a real one is a few hundred characters. */
const MAX_CURSOR_LENGTH = 2048;
/** Longest key attribute value a cursor may carry (a sort key is an ISO date, a score and an id). */
const MAX_KEY_VALUE_LENGTH = 512;

/** A paging position: where to resume (`k`, DynamoDB's LastEvaluatedKey, all strings) and the store's own place (`l` level index, `d` day). */
export interface CursorState {
  l?: number;
  d?: string;
  k?: Record<string, string>;
}

/** What a store expects of a cursor's start key: each key attribute, its exact value or a pattern. */
export type StartKeyShape = Record<string, string | RegExp>;

const invalid = (why: string) =>
  new ValidationError('Invalid cursor', [{ path: 'cursor', message: `not a cursor returned by this API (${why})` }]);

/** Encodes a paging position for a client to send back unchanged. */
export const encodeCursor = (state: CursorState): string => Buffer.from(JSON.stringify(state)).toString('base64url');

/**
 * Decodes a cursor and checks it: the start key must have exactly the attributes of `shape(state)`,
 * each a short string matching its value or pattern, so a hand-made cursor is a 400 here rather than
 * a key the store refuses. Throws ValidationError naming `cursor` otherwise.
 */
export const decodeCursor = (
  raw: string,
  check: { level?: (l: number) => boolean; day?: boolean; shape: (state: CursorState) => StartKeyShape },
): CursorState => {
  if (raw.length > MAX_CURSOR_LENGTH) throw invalid('too long');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw invalid('not base64url JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid('not an object');
  const { l, d, k, ...rest } = parsed as Record<string, unknown>;
  if (Object.keys(rest).length) throw invalid('unknown fields');
  const state: CursorState = {};
  if (check.level) {
    if (typeof l !== 'number' || !Number.isInteger(l) || !check.level(l)) throw invalid('bad level');
    state.l = l;
  } else if (l !== undefined) throw invalid('unknown fields');
  if (check.day) {
    if (typeof d !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(d) || Number.isNaN(Date.parse(`${d}T00:00:00Z`)))
      throw invalid('bad day');
    state.d = d;
  } else if (d !== undefined) throw invalid('unknown fields');
  if (k !== undefined) {
    if (typeof k !== 'object' || k === null || Array.isArray(k)) throw invalid('bad key');
    const shape = check.shape(state);
    const key = k as Record<string, unknown>;
    const names = Object.keys(key);
    if (names.length !== Object.keys(shape).length) throw invalid('bad key');
    for (const name of names) {
      const value = key[name];
      const expected = shape[name];
      if (expected === undefined || typeof value !== 'string' || value.length > MAX_KEY_VALUE_LENGTH)
        throw invalid('bad key');
      if (typeof expected === 'string' ? value !== expected : !expected.test(value)) throw invalid('bad key');
    }
    state.k = key as Record<string, string>;
  }
  return state;
};
