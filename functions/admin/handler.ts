import { NotFoundError, ValidationError } from '../../shared/errors.js';
import type { DeadLetterQueue } from '../../shared/feedback/ports.js';
import { httpHandler } from '../lib/handlers.js';
import { json, queryParam, readJsonBody } from '../lib/http.js';
import { logger } from '../lib/powertools.js';

/** What the admin routes need. */
export interface AdminDeps {
  deadLetters: DeadLetterQueue;
}

const parseReplay = (body: unknown): string[] | undefined => {
  const handles = (body as { handles?: unknown } | null)?.handles;
  if (handles === undefined) return undefined;
  if (!Array.isArray(handles) || !handles.every((h) => typeof h === 'string')) {
    throw new ValidationError('handles must be an array of strings', [
      { path: 'handles', message: 'must be an array of strings' },
    ]);
  }
  return handles;
};

const MAX_LIMIT = 1000;

/** `limit` of GET /v1/dlq: a whole number from 1 to 1000 (default 100); anything else is a 400, as on /v1/queue. */
const parseLimit = (raw: string | undefined): number => {
  if (raw === undefined) return 100;
  const limit = Number(raw);
  if (!/^\d+$/.test(raw) || limit < 1 || limit > MAX_LIMIT) {
    throw new ValidationError(`limit must be a whole number from 1 to ${MAX_LIMIT}`, [
      { path: 'limit', message: `must be a whole number from 1 to ${MAX_LIMIT}` },
    ]);
  }
  return limit;
};

/** GET /v1/dlq lists dead letters; POST /v1/dlq/replay moves some (or all) back to the analysis queue. */
export const makeHandler = (deps: AdminDeps) =>
  httpHandler(async (event) => {
    switch (event.routeKey) {
      case 'GET /v1/dlq': {
        return json(200, { items: await deps.deadLetters.list(parseLimit(queryParam(event, 'limit'))) });
      }
      case 'POST /v1/dlq/replay': {
        const replayed = await deps.deadLetters.replay(parseReplay(event.body ? readJsonBody(event) : {}));
        logger.info('dead letters replayed', { replayed });
        return json(200, { replayed });
      }
      default:
        throw new NotFoundError(`No route ${event.routeKey}`);
    }
  });
