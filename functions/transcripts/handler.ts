import { ingestTranscript, type TranscriptIngestDeps } from '../../shared/transcripts/ingest.js';
import { MAX_TRANSCRIPT_BYTES } from '../../shared/transcripts/model.js';
import { parseTranscriptRequest } from '../../shared/transcripts/validate.js';
import { httpHandler } from '../lib/handlers.js';
import { json, readJsonBody } from '../lib/http.js';
import { logger } from '../lib/powertools.js';

/** POST /v1/transcripts: validate (≤ 500 turns, ≤ 200 KB), then redact → merge → store → enqueue; 202. */
export const makeHandler = (deps: TranscriptIngestDeps) =>
  httpHandler(async (event, { report }) => {
    const input = parseTranscriptRequest(readJsonBody(event, MAX_TRANSCRIPT_BYTES));
    const result = await ingestTranscript(input, deps);
    logger.info('transcript accepted', { id: result.id, status: result.status, turns: result.turns });
    report({ itemsIngested: result.status === 'duplicate' ? 0 : 1 });
    return json(202, result);
  });
