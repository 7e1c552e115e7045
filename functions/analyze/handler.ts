import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import {
  type AnalysisDelivery,
  type AnalyzeDeps,
  analyzeBatch,
  parseAnalysisMessage,
} from '../../shared/feedback/analyze.js';
import { logger } from '../lib/powertools.js';

/** The analyze consumer's dependencies (the use case's). */
export type AnalyzeHandlerDeps = AnalyzeDeps;

/**
 * SQS consumer: analyzes the batch as one (one read, one analyzer call); each failed record is
 * reported in the partial batch response, so it alone is retried, then dead-lettered.
 */
export const makeHandler = (deps: AnalyzeHandlerDeps) =>
  middy<SQSEvent, SQSBatchResponse>()
    .use(injectLambdaContext(logger, { clearState: true }))
    .handler(async (event) => {
      const failures: string[] = [];
      const deliveries: Array<{ messageId: string; delivery: AnalysisDelivery }> = [];
      for (const record of event.Records) {
        try {
          const message = parseAnalysisMessage(record.body);
          deliveries.push({
            messageId: record.messageId,
            delivery: { message, attempt: Number(record.attributes.ApproximateReceiveCount) },
          });
        } catch (error) {
          logger.warn('malformed analysis message', { messageId: record.messageId, error: (error as Error).name });
          failures.push(record.messageId);
        }
      }
      const results = await analyzeBatch(
        deliveries.map((d) => d.delivery),
        deps,
      );
      results.forEach((result, i) => {
        const { messageId, delivery } = deliveries[i]!;
        const { id, revision } = delivery.message;
        if (result.ok) {
          logger.info('analysis done', { id, revision, outcome: result.outcome });
          if (result.alert === 'alerted') logger.info('critical alert sent', { id });
        } else {
          logger.warn('analysis failed', {
            id,
            attempts: delivery.attempt,
            final: result.final,
            error: result.error.name,
          });
          failures.push(messageId);
        }
      });
      return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
    });
