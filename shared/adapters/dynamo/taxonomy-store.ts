import { type DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { PromotedTopic, TaxonomyStore } from '../../themes/promotion.js';
import { TAXONOMY_KEY } from './keys.js';
import { conditionalWrite, dynamoCall } from './query.js';

/**
 * The installation's promoted topics as one item (`META` / `TAXONOMY`: `topics`, `version`), written
 * only when the version read is still stored. At most 500 topics of a few hundred bytes: far below
 * DynamoDB's 400 KB item limit.
 */
export class DynamoTaxonomyStore implements TaxonomyStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async get(): Promise<{ topics: PromotedTopic[]; version: number }> {
    const out = await dynamoCall(() =>
      this.client.send(
        new GetItemCommand({ TableName: this.tableName, Key: marshall(TAXONOMY_KEY), ConsistentRead: true }),
      ),
    );
    if (!out.Item) return { topics: [], version: 0 };
    const item = unmarshall(out.Item) as { topics?: PromotedTopic[]; version?: number };
    return { topics: item.topics ?? [], version: item.version ?? 0 };
  }

  save(topics: PromotedTopic[], version: number): Promise<boolean> {
    return conditionalWrite(() =>
      this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: marshall({ ...TAXONOMY_KEY, topics, version: version + 1 }, { removeUndefinedValues: true }),
          ConditionExpression: version === 0 ? 'attribute_not_exists(pk)' : 'version = :v',
          ...(version === 0 ? {} : { ExpressionAttributeValues: { ':v': { N: String(version) } } }),
        }),
      ),
    );
  }
}
