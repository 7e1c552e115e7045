import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { DependencyError } from '../../errors.js';
import type { AnalysisBacklog, Backlog } from '../../status/ports.js';

/**
 * The analysis backlog from SQS's approximate counters (GetQueueAttributes). SQS does not say when
 * its oldest message was sent (that is CloudWatch's ApproximateAgeOfOldestMessage), so
 * `oldestQueuedAt` is null here.
 */
export class SqsAnalysisBacklog implements AnalysisBacklog {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async backlog(): Promise<Backlog> {
    let attributes: Record<string, string> | undefined;
    try {
      const out = await this.client.send(
        new GetQueueAttributesCommand({
          QueueUrl: this.queueUrl,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      attributes = out.Attributes;
    } catch (error) {
      throw new DependencyError('SQS', { cause: error });
    }
    return {
      queued: Number(attributes?.ApproximateNumberOfMessages ?? 0),
      inFlight: Number(attributes?.ApproximateNumberOfMessagesNotVisible ?? 0),
      oldestQueuedAt: null,
    };
  }
}
