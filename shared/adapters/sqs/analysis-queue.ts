import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { AnalysisMessage, AnalysisQueue } from '../../feedback/ports.js';

const BATCH = 10; // SQS SendMessageBatch limit

/** AnalysisQueue on SQS: batches of ten, failed entries retried, then an error (the caller rolls back). */
export class SqsAnalysisQueue implements AnalysisQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(messages: AnalysisMessage[]): Promise<void> {
    for (let i = 0; i < messages.length; i += BATCH) {
      let pending = messages.slice(i, i + BATCH).map((m, j) => ({ Id: String(j), MessageBody: JSON.stringify(m) }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt === 3) throw new Error(`SQS refused ${pending.length} message(s) after 3 attempts`);
        const out = await this.client.send(new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: pending }));
        const failed = new Set((out.Failed ?? []).map((f) => f.Id));
        pending = pending.filter((e) => failed.has(e.Id));
      }
    }
  }
}
