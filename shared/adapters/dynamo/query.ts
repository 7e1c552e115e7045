import {
  type AttributeValue,
  type DynamoDBClient,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/client-dynamodb';
import { DependencyError, ValidationError } from '../../errors.js';

/** Runs one DynamoDB call; a failure means the store is unavailable (DependencyError → 503). Koe's own ValidationError passes through. */
export const dynamoCall = async <T>(fn: () => Promise<T>): Promise<T> => {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    throw new DependencyError('DynamoDB', { cause: error });
  }
};

/** Every item a query matches, raw, following `LastEvaluatedKey` page by page. */
export const queryAll = async (
  client: DynamoDBClient,
  input: Omit<QueryCommandInput, 'ExclusiveStartKey'>,
): Promise<Array<Record<string, AttributeValue>>> => {
  const items: Array<Record<string, AttributeValue>> = [];
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await dynamoCall(() => client.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey })));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
};
