import {
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type UpdateItemCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { ApiKeyRecord, KeyStore } from '../../access/ports.js';
import { ConflictError } from '../../errors.js';
import { withoutKeys } from './keys.js';
import { conditionalWrite, dynamoCall, queryAll } from './query.js';

const KEYS_PARTITION = 'KEYS';
const keyKey = (id: string) => marshall({ pk: `KEY#${id}`, sk: 'KEY' });

const fromRecord = (raw: Record<string, unknown>): ApiKeyRecord => withoutKeys<ApiKeyRecord>(raw);

/** API keys on the Koe table: `KEY#<id>` items (hash only), listed through the `KEYS` index partition. */
export class DynamoKeyStore implements KeyStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async create(record: ApiKeyRecord): Promise<void> {
    const created = await conditionalWrite(() =>
      this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: marshall(
            {
              ...record,
              pk: `KEY#${record.id}`,
              sk: 'KEY',
              gsi1pk: KEYS_PARTITION,
              gsi1sk: `${record.createdAt}#${record.id}`,
            },
            { removeUndefinedValues: true },
          ),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    if (!created) throw new ConflictError(`Key ${record.id} exists`);
  }

  async findById(id: string): Promise<ApiKeyRecord | undefined> {
    const out = await dynamoCall(() =>
      this.client.send(new GetItemCommand({ TableName: this.tableName, Key: keyKey(id), ConsistentRead: true })),
    );
    return out.Item ? fromRecord(unmarshall(out.Item)) : undefined;
  }

  async list(): Promise<ApiKeyRecord[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: marshall({ ':pk': KEYS_PARTITION }),
      ScanIndexForward: false,
    });
    return items.map((i) => fromRecord(unmarshall(i)));
  }

  async revoke(id: string, at: string): Promise<ApiKeyRecord | undefined> {
    let out: UpdateItemCommandOutput | undefined;
    await conditionalWrite(async () => {
      out = await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: keyKey(id),
          // The first revocation time stays: revoking again is a no-op, not a new event.
          UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :at)',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: marshall({ ':at': at }),
          ReturnValues: 'ALL_NEW',
        }),
      );
    });
    return out?.Attributes ? fromRecord(unmarshall(out.Attributes)) : undefined;
  }
}
