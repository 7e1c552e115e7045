import { DeleteItemCommand, type DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { ConflictError } from '../../errors.js';
import type { SubscriptionStore } from '../../reports/delivery-ports.js';
import type { Subscription } from '../../reports/subscription.js';
import { batchWrite } from './batch-write.js';
import { withoutKeys } from './keys.js';
import { conditionalWrite, dynamoCall, queryAll } from './query.js';

/** The index partition every subscription is listed under. */
export const SUBSCRIPTIONS_PARTITION = 'SUBSCRIPTIONS';
/** Partition key of a subscription and of its delivery records. */
export const subscriptionPk = (id: string) => `SUB#${id}`;

const fromItem = (raw: Record<string, unknown>): Subscription => withoutKeys<Subscription>(raw);

const toItem = (s: Subscription) =>
  marshall(
    {
      ...s,
      pk: subscriptionPk(s.id),
      sk: 'SUB',
      gsi1pk: SUBSCRIPTIONS_PARTITION,
      gsi1sk: `${s.createdAt}#${s.id}`,
    },
    { removeUndefinedValues: true },
  );

/**
 * Digest subscriptions on the Koe table: `SUB#<id>` / `SUB`, listed through the `SUBSCRIPTIONS` partition
 * of gsi1. Their delivery records share the partition (`DELIVERY#…`), so deleting one removes both.
 */
export class DynamoSubscriptionStore implements SubscriptionStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async create(subscription: Subscription): Promise<void> {
    const created = await conditionalWrite(() =>
      this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: toItem(subscription),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    if (!created) throw new ConflictError(`Subscription ${subscription.id} exists`);
  }

  async get(id: string): Promise<Subscription | undefined> {
    const out = await dynamoCall(() =>
      this.client.send(
        new GetItemCommand({
          TableName: this.tableName,
          Key: marshall({ pk: subscriptionPk(id), sk: 'SUB' }),
          ConsistentRead: true,
        }),
      ),
    );
    return out.Item ? fromItem(unmarshall(out.Item)) : undefined;
  }

  async list(): Promise<Subscription[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: marshall({ ':pk': SUBSCRIPTIONS_PARTITION }),
      ScanIndexForward: false,
    });
    return items.map((i) => fromItem(unmarshall(i)));
  }

  async replace(subscription: Subscription): Promise<Subscription | undefined> {
    const replaced = await conditionalWrite(() =>
      this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: toItem(subscription),
          ConditionExpression: 'attribute_exists(pk)',
        }),
      ),
    );
    return replaced ? subscription : undefined;
  }

  async delete(id: string): Promise<boolean> {
    const deleted = await conditionalWrite(() =>
      this.client.send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: marshall({ pk: subscriptionPk(id), sk: 'SUB' }),
          ConditionExpression: 'attribute_exists(pk)',
        }),
      ),
    );
    if (!deleted) return false;
    // Its delivery history goes too; a crash here leaves rows nothing reads (no subscription lists them).
    const keys = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: marshall({ ':pk': subscriptionPk(id) }),
      ProjectionExpression: 'pk, sk',
    });
    await batchWrite(
      this.client,
      this.tableName,
      keys.map((Key) => ({ DeleteRequest: { Key: Key as never } })),
    );
    return true;
  }
}
