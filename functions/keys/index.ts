import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoKeyStore } from '../../shared/adapters/dynamo/key-store.js';
import { loadConfig } from '../lib/config.js';
import { makeHandler } from './handler.js';

const config = loadConfig();
export const handler = makeHandler({
  keys: new DynamoKeyStore(new DynamoDBClient({}), config.TABLE_NAME),
  now: () => new Date(),
});
