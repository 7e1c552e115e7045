import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import {
  type AnalyzeDeps,
  analyzeFeedback,
  parseAnalysisMessage,
  recordAnalysisFailure,
} from '../../shared/feedback/analyze.js';
import { logger } from '../lib/powertools.js';

/** The analyze consumer's dependencies; `maxReceiveCount` tells it when a failure is final. */
export interface AnalyzeHandlerDeps extends AnalyzeDeps {
  maxReceiveCount: number;
}

/** SQS consumer: analyzes each record; a failed record is retried, then dead-lettered (partial batch response). */
export const makeHandler = (deps: AnalyzeHandlerDeps) => {
  const processor = new BatchProcessor(EventType.SQS);
  const onRecord = async (record: SQSRecord) => {
    const message = parseAnalysisMessage(record.body);
    try {
      const outcome = await analyzeFeedback(message, deps);
      logger.info('analysis done', { id: message.id, revision: message.revision, outcome });
    } catch (error) {
      const attempts = Number(record.attributes.ApproximateReceiveCount);
      logger.warn('analysis failed', { id: message.id, attempts, error: (error as Error).name });
      if (attempts >= deps.maxReceiveCount) await recordAnalysisFailure(message, (error as Error).message, deps);
      throw error;
    }
  };
  return middy<SQSEvent, SQSBatchResponse>()
    .use(injectLambdaContext(logger, { clearState: true }))
    .handler((event, context) => processPartialResponse(event, onRecord, processor, { context, throwOnFullBatchFailure: false }));
};
