import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { ensureTable } from '../../shared/adapters/dynamo/table.js';

/** A real DynamoDB client pointed at the run's dynalite. */
export const testDynamoClient = () =>
  new DynamoDBClient({
    endpoint: inject('dynamoEndpoint'),
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

/** Creates a fresh table (one per test file) and returns the client and its name. */
export const createTestTable = async (prefix = 'koe-test') => {
  const client = testDynamoClient();
  const tableName = `${prefix}-${randomUUID().slice(0, 8)}`;
  await ensureTable(client, tableName);
  return { client, tableName };
};
