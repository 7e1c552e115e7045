import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { dynamoClientForSocket } from '../../infra/local/dynalite.js';
import { ensureTable } from '../../shared/adapters/dynamo/table.js';

/** A real DynamoDB client connected to the run's dynalite through its socket. */
export const testDynamoClient = () => dynamoClientForSocket(inject('dynamoSocket'));

/** Creates a fresh table (one per test file) and returns the client and its name. */
export const createTestTable = async (prefix = 'koe-test') => {
  const client = testDynamoClient();
  const tableName = `${prefix}-${randomUUID().slice(0, 8)}`;
  await ensureTable(client, tableName);
  return { client, tableName };
};
