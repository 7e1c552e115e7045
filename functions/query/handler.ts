import { NotFoundError } from '../../shared/errors.js';
import type { AnalysisBacklogSource, FeedbackStore } from '../../shared/feedback/ports.js';
import { parseQueueQuery, toQueueEntry } from '../../shared/feedback/queue-view.js';
import { toItemView } from '../../shared/triage/item-view.js';
import type { TriageStore } from '../../shared/triage/ports.js';
import { principalOf } from '../lib/auth.js';
import { httpHandler } from '../lib/handlers.js';
import { json } from '../lib/http.js';

/** The queue's total is exact up to this many items, then "1,000+". */
export const QUEUE_COUNT_CAP = 1000;

/** What the read side needs. */
export interface QueryDeps {
  store: FeedbackStore;
  /** The audit trail shown with an item. */
  audit: Pick<TriageStore, 'history'>;
  now?: () => Date;
  /** When given, /health reports the analysis backlog (queued, in flight, oldest waiting age). */
  analysisQueue?: AnalysisBacklogSource;
}

/** GET /health, GET /v1/feedback/{id} (with its audit trail), GET /v1/queue (with triage filters). */
export const makeHandler = (deps: QueryDeps) => {
  const now = deps.now ?? (() => new Date());
  return httpHandler(async (event) => {
    switch (event.routeKey) {
      case 'GET /health':
        return json(200, {
          status: 'ok',
          ...(deps.analysisQueue ? { analysis: await deps.analysisQueue.backlog() } : {}),
        });
      case 'GET /v1/feedback/{id}': {
        const id = event.pathParameters?.id ?? '';
        const item = await deps.store.get(id);
        if (!item) throw new NotFoundError(`No feedback with id '${id}'`);
        return json(200, toItemView(item, await deps.audit.history(id), now()));
      }
      case 'GET /v1/queue': {
        const at = now();
        const query = parseQueueQuery(event.queryStringParameters ?? {}, { me: principalOf(event)?.name, now: at });
        const { limit: _limit, cursor, ...filter } = query;
        const [page, total] = await Promise.all([
          deps.store.queue(query),
          // The first page carries the total of its filter; later pages (cursor) do not count again.
          cursor ? undefined : deps.store.countQueue(filter, QUEUE_COUNT_CAP),
        ]);
        return json(200, {
          items: page.items.map((i) => toQueueEntry(i, at)),
          nextCursor: page.nextCursor ?? null,
          ...(total ? { total } : {}),
        });
      }
      default:
        throw new NotFoundError(`No route ${event.routeKey}`);
    }
  });
};
