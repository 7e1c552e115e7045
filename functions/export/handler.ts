import { exportFeedback, parseExportQuery } from '../../shared/export/export-feedback.js';
import type { FeedbackStore } from '../../shared/feedback/ports.js';
import { httpHandler } from '../lib/handlers.js';
import { logger } from '../lib/powertools.js';

/** What the export needs: the items-by-day read of the feedback store. */
export interface ExportDeps {
  store: Pick<FeedbackStore, 'listByOccurredAt'>;
  now?: () => Date;
}

/** The query string of the next page: the same window, format and limit, with the cursor. */
const nextLink = (params: Record<string, string | undefined>, cursor: string) => {
  const query = new URLSearchParams();
  for (const name of ['from', 'to', 'format', 'limit'] as const) {
    const value = params[name];
    if (value !== undefined) query.set(name, value);
  }
  query.set('cursor', cursor);
  return `</v1/export?${query.toString()}>; rel="next"`;
};

/** GET /v1/export: one page of CSV or JSON Lines; a `Link: <…>; rel="next"` header while more rows follow. */
export const makeHandler = (deps: ExportDeps) => {
  const now = deps.now ?? (() => new Date());
  return httpHandler(async (event) => {
    const params = event.queryStringParameters ?? {};
    const query = parseExportQuery(params, now());
    const page = await exportFeedback(query, deps);
    logger.info('export page', { rows: page.rows, format: query.format, more: page.nextCursor !== undefined });
    return {
      statusCode: 200,
      headers: {
        'content-type': page.contentType,
        'cache-control': 'no-store',
        'x-koe-rows': String(page.rows),
        ...(page.nextCursor ? { link: nextLink(params, page.nextCursor) } : {}),
      },
      body: page.body,
    };
  });
};
