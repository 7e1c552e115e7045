import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoFeedbackStore } from '../../shared/adapters/dynamo/feedback-store.js';
import { DynamoTriageStore } from '../../shared/adapters/dynamo/triage-store.js';
import { loadConfig } from '../lib/config.js';
import { makeHandler } from './handler.js';

const config = loadConfig();
const dynamo = new DynamoDBClient({});
export const handler = makeHandler({
  store: new DynamoFeedbackStore(dynamo, config.TABLE_NAME),
  audit: new DynamoTriageStore(dynamo, config.TABLE_NAME),
});
