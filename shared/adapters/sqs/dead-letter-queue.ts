import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DeadLetter, DeadLetterQueue } from '../../feedback/ports.js';

/**
 * The analysis DLQ on SQS. Listing receives with a short visibility timeout (the messages
 * reappear by themselves); a dead letter's handle is its MessageId, stable across receives.
 */
export class SqsDeadLetterQueue implements DeadLetterQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly dlqUrl: string,
    private readonly queueUrl: string,
  ) {}

  async list(limit: number): Promise<DeadLetter[]> {
    const seen = new Map<string, DeadLetter>();
    for (let round = 0; round < Math.ceil(limit / 10) + 2 && seen.size < limit; round++) {
      const out = await this.client.send(
        new ReceiveMessageCommand({
          QueueUrl: this.dlqUrl,
          MaxNumberOfMessages: 10,
          VisibilityTimeout: 2,
          WaitTimeSeconds: 0,
          MessageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp'],
        }),
      );
      if (!out.Messages?.length) break;
      for (const m of out.Messages) {
        if (!m.MessageId) continue;
        seen.set(m.MessageId, {
          handle: m.MessageId,
          body: m.Body ?? '',
          attempts: Number(m.Attributes?.ApproximateReceiveCount ?? 0),
          firstFailedAt: new Date(Number(m.Attributes?.SentTimestamp ?? 0)).toISOString(),
        });
      }
    }
    return [...seen.values()].slice(0, limit);
  }

  async replay(handles?: string[]): Promise<number> {
    const wanted = handles ? new Set(handles) : undefined;
    let replayed = 0;
    for (let round = 0; round < 1000; round++) {
      const out = await this.client.send(
        new ReceiveMessageCommand({
          QueueUrl: this.dlqUrl,
          MaxNumberOfMessages: 10,
          VisibilityTimeout: 30,
          WaitTimeSeconds: 0,
        }),
      );
      if (!out.Messages?.length) break;
      for (const m of out.Messages) {
        if (wanted && !wanted.has(m.MessageId ?? '')) continue;
        await this.client.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: m.Body ?? '' }));
        await this.client.send(new DeleteMessageCommand({ QueueUrl: this.dlqUrl, ReceiptHandle: m.ReceiptHandle }));
        replayed++;
        wanted?.delete(m.MessageId ?? '');
      }
      if (wanted && wanted.size === 0) break;
    }
    return replayed;
  }
}
