import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { alertIfCritical } from '../../shared/alerts/alert-critical.js';
import type { AlertMarks, AlertSender } from '../../shared/alerts/ports.js';
import {
  type AnalyzeDeps,
  analyzeFeedback,
  parseAnalysisMessage,
  recordAnalysisFailure,
} from '../../shared/feedback/analyze.js';
import type { FeedbackStore } from '../../shared/feedback/ports.js';
import { logger } from '../lib/powertools.js';

/** The analyze consumer's dependencies; `maxReceiveCount` tells it when a failure is final. */
export interface AnalyzeHandlerDeps extends AnalyzeDeps {
  maxReceiveCount: number;
  /** On-duty alerts for critical items (SNS on AWS; outbox/webhook locally); absent = no alerts. */
  alerts?: { store: Pick<FeedbackStore, 'get'> & AlertMarks; sender: AlertSender; dashboardUrl?: string };
}

/** SQS consumer: analyzes each record; a failed record is retried, then dead-lettered (partial batch response). */
export const makeHandler = (deps: AnalyzeHandlerDeps) => {
  const onRecord = async (record: SQSRecord) => {
    const message = parseAnalysisMessage(record.body);
    try {
      const outcome = await analyzeFeedback(message, deps);
      logger.info('analysis done', { id: message.id, revision: message.revision, outcome });
      // Also after 'already-analyzed': a redelivery after a failed alert must still send it.
      if (deps.alerts && (outcome === 'analyzed' || outcome === 'already-analyzed')) {
        const alerted = await alertIfCritical(message.id, { ...deps.alerts, now: deps.now });
        if (alerted === 'alerted') logger.info('critical alert sent', { id: message.id });
      }
    } catch (error) {
      const attempts = Number(record.attributes.ApproximateReceiveCount);
      logger.warn('analysis failed', { id: message.id, attempts, error: (error as Error).name });
      if (attempts >= deps.maxReceiveCount) await recordAnalysisFailure(message, (error as Error).message, deps);
      throw error;
    }
  };
  return (
    middy<SQSEvent, SQSBatchResponse>()
      .use(injectLambdaContext(logger, { clearState: true }))
      // A processor per invocation: it keeps the batch's records and failures in its own fields, so one shared by
      // two batches in flight at once (the local queue runs two) would report A's failure in B's answer and ack it.
      .handler((event, context) =>
        processPartialResponse(event, onRecord, new BatchProcessor(EventType.SQS), {
          context,
          throwOnFullBatchFailure: false,
        }),
      )
  );
};
