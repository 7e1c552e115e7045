import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoFeedbackStore } from '../../shared/adapters/dynamo/feedback-store.js';
import { loadConfig } from '../lib/config.js';
import { makeHandler } from './handler.js';

const config = loadConfig();
export const handler = makeHandler({ store: new DynamoFeedbackStore(new DynamoDBClient({}), config.TABLE_NAME) });
