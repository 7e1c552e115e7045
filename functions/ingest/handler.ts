import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type IngestDeps, ingestFeedback } from '../../shared/feedback/ingest.js';
import { parseFeedbackRequest } from '../../shared/feedback/validate.js';
import { httpErrors, json, readJsonBody } from '../lib/http.js';
import { logger } from '../lib/powertools.js';

/** POST /v1/feedback: validate, then redact → dedupe → store → enqueue; 202 with ids. */
export const makeHandler = (deps: IngestDeps) =>
  middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(injectLambdaContext(logger, { clearState: true }))
    .use(httpErrors())
    .handler(async (event) => {
      const { inputs, batch } = parseFeedbackRequest(readJsonBody(event), deps.now().toISOString());
      const results = await ingestFeedback(inputs, deps);
      logger.info('feedback accepted', {
        count: results.length,
        duplicates: results.filter((r) => r.status === 'duplicate').length,
      });
      return json(202, batch ? { items: results } : results[0]);
    });
