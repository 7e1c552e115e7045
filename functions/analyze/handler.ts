import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { HybridStats } from '../../shared/analysis/hybrid-analyzer.js';
import type { Analyzer } from '../../shared/analysis/types.js';
import {
  type AnalysisDelivery,
  type AnalyzeDeps,
  analyzeBatch,
  parseAnalysisMessage,
} from '../../shared/feedback/analyze.js';
import { present } from '../../shared/present.js';
import { jobHandler } from '../lib/handlers.js';
import { logger } from '../lib/powertools.js';

/** The analyze consumer's dependencies (the use case's). */
export type AnalyzeHandlerDeps = AnalyzeDeps;

/** Documents the hybrid analyzer kept local after Comprehend failed on them, since it was built (0 for the others). */
const comprehendFallbacks = (analyzer: Analyzer): number =>
  (analyzer as { stats?: () => HybridStats }).stats?.().keptLocalAfterFailure ?? 0;

/**
 * SQS consumer: analyzes the batch as one (one read, one analyzer call); each failed record is
 * reported in the partial batch response, so it alone is retried, then dead-lettered. A record that
 * does not parse is logged (its message id) and reported the same way. Reports items analyzed, alerts
 * sent and Comprehend fallbacks.
 */
export const makeHandler = (deps: AnalyzeHandlerDeps) =>
  jobHandler<SQSEvent, SQSBatchResponse>(async (event, { report }) => {
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
    const fallbacksBefore = comprehendFallbacks(deps.analyzer);
    const results = await analyzeBatch(
      deliveries.map((d) => d.delivery),
      deps,
    );
    deliveries.forEach(({ messageId, delivery }, i) => {
      const result = present(results[i], "a delivery's outcome");
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
    report({
      itemsAnalyzed: results.filter((r) => r.ok && r.outcome === 'analyzed').length,
      alertsSent: results.filter((r) => r.ok && r.alert === 'alerted').length,
      comprehendFallbacks: comprehendFallbacks(deps.analyzer) - fallbacksBefore,
    });
    return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
  });
