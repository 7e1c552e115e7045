import { type DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { AlertMarks } from '../../alerts/ports.js';
import type { FeedbackItem } from '../../feedback/model.js';
import type { FeedbackStore } from '../../feedback/ports.js';
import { getItem } from './item-reads.js';
import { itemKey } from './keys.js';
import { conditionalWrite } from './query.js';

/** The on-duty alert's once-only lease on the feedback item (`alertedAt`, `alertSentAt`), on Koe's one table. */
export class DynamoAlertMarks implements Pick<FeedbackStore, 'get'>, AlertMarks {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async get(id: string): Promise<FeedbackItem | undefined> {
    return getItem(this.client, this.tableName, id);
  }

  async markAlerted(id: string, at: string, staleBefore: string): Promise<boolean> {
    return conditionalWrite(() =>
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: itemKey(id),
          UpdateExpression: 'SET alertedAt = :at',
          ConditionExpression:
            'attribute_exists(pk) AND attribute_not_exists(alertSentAt) AND ' +
            '(attribute_not_exists(alertedAt) OR alertedAt < :stale)',
          ExpressionAttributeValues: marshall({ ':at': at, ':stale': staleBefore }),
        }),
      ),
    );
  }

  async confirmAlerted(id: string, at: string, sentAt: string): Promise<void> {
    // False when someone took the lease over after ours expired; they will confirm their own send.
    await conditionalWrite(() =>
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: itemKey(id),
          UpdateExpression: 'SET alertSentAt = if_not_exists(alertSentAt, :sent)',
          ConditionExpression: 'alertedAt = :at',
          ExpressionAttributeValues: marshall({ ':at': at, ':sent': sentAt }),
        }),
      ),
    );
  }

  async clearAlerted(id: string, at: string): Promise<void> {
    await conditionalWrite(() =>
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: itemKey(id),
          UpdateExpression: 'REMOVE alertedAt',
          ConditionExpression: 'alertedAt = :at',
          ExpressionAttributeValues: marshall({ ':at': at }),
        }),
      ),
    );
  }
}
