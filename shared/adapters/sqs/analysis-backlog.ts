import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { DependencyError } from '../../errors.js';
import type { AnalysisBacklog, AnalysisBacklogSource } from '../../feedback/ports.js';

/**
 * The analysis backlog from SQS's approximate counters (GetQueueAttributes on the queue and its DLQ).
 * SQS does not say how old its oldest message is (that is CloudWatch's ApproximateAgeOfOldestMessage),
 * so `oldestWaitingSeconds` is null here.
 */
export class SqsAnalysisBacklog implements AnalysisBacklogSource {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    private readonly deadLetterQueueUrl: string,
  ) {}

  async backlog(): Promise<AnalysisBacklog> {
    const [queue, dead] = await Promise.all([
      this.counters(this.queueUrl, ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible']),
      this.counters(this.deadLetterQueueUrl, ['ApproximateNumberOfMessages']),
    ]);
    return {
      queued: Number(queue.ApproximateNumberOfMessages ?? 0),
      inFlight: Number(queue.ApproximateNumberOfMessagesNotVisible ?? 0),
      oldestWaitingSeconds: null,
      deadLetters: Number(dead.ApproximateNumberOfMessages ?? 0),
    };
  }

  private async counters(
    url: string,
    names: Array<'ApproximateNumberOfMessages' | 'ApproximateNumberOfMessagesNotVisible'>,
  ) {
    try {
      const out = await this.client.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: names }));
      return out.Attributes ?? {};
    } catch (error) {
      throw new DependencyError('SQS', { cause: error });
    }
  }
}
