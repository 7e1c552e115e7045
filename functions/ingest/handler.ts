import { type IngestDeps, ingestFeedback } from '../../shared/feedback/ingest.js';
import { parseFeedbackRequest } from '../../shared/feedback/validate.js';
import { httpHandler } from '../lib/handlers.js';
import { json, readJsonBody } from '../lib/http.js';
import { logger } from '../lib/powertools.js';

/** POST /v1/feedback: validate, then redact → dedupe → store → enqueue; 202 with ids. */
export const makeHandler = (deps: IngestDeps) =>
  httpHandler(async (event, { report }) => {
    const { inputs, batch } = parseFeedbackRequest(readJsonBody(event), deps.now().toISOString());
    const results = await ingestFeedback(inputs, deps);
    logger.info('feedback accepted', {
      count: results.length,
      duplicates: results.filter((r) => r.status === 'duplicate').length,
    });
    report({ itemsIngested: results.filter((r) => r.status === 'queued').length });
    return json(202, batch ? { items: results } : results[0]);
  });
