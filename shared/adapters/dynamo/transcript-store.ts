import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { FeedbackItem } from '../../feedback/model.js';
import type { TranscriptStore } from '../../transcripts/ports.js';
import { DynamoFeedbackStore } from './feedback-store.js';
import { dayPartition, daySortKey, itemKey, PENDING_PARTITION, pendingSortKey } from './keys.js';
import { conditionalWrite } from './query.js';

/** Conversations: feedback items whose content is replaced by each new revision (compare-and-set on the revision). */
export class DynamoTranscriptStore extends DynamoFeedbackStore implements TranscriptStore {
  async replaceContent(item: FeedbackItem, expectedRevision: number): Promise<boolean> {
    const content: Record<string, unknown> = {
      text: item.text,
      turns: item.turns,
      redacted: item.redacted,
      channel: item.channel,
      occurredAt: item.occurredAt,
      contentHash: item.contentHash,
      revision: item.revision,
      status: 'queued',
      gsi2pk: dayPartition(item.occurredAt),
      gsi2sk: daySortKey(item.occurredAt, item.id),
      // Waiting for re-analysis: in the pending index (found by the sweeper), out of the urgency queue until analyzed.
      gsi1pk: PENDING_PARTITION,
      gsi1sk: pendingSortKey(new Date().toISOString(), item.id),
      ...(item.ratings ? { ratings: item.ratings } : {}),
      ...(item.customer ? { customer: item.customer } : {}),
      ...(item.metadata ? { metadata: item.metadata } : {}),
      ...(item.journeyStage ? { journeyStage: item.journeyStage } : {}),
      ...(item.languageHint ? { languageHint: item.languageHint } : {}),
    };
    const names = Object.fromEntries(Object.keys(content).map((k, i) => [`#c${i}`, k]));
    const values = Object.fromEntries(Object.values(content).map((v, i) => [`:c${i}`, v]));
    return conditionalWrite(() =>
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: itemKey(item.id),
          UpdateExpression: `SET ${Object.keys(content)
            .map((_, i) => `#c${i} = :c${i}`)
            .join(', ')} REMOVE failure`,
          ConditionExpression: 'attribute_exists(pk) AND #rev = :expected',
          ExpressionAttributeNames: { ...names, '#rev': 'revision' },
          ExpressionAttributeValues: marshall(
            { ...values, ':expected': expectedRevision },
            { removeUndefinedValues: true, convertClassInstanceToMap: false },
          ),
        }),
      ),
    );
  }
}
