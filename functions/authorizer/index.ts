import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoKeyStore } from '../../shared/adapters/dynamo/key-store.js';
import { loadConfig } from '../lib/config.js';
import { makeHandler } from './handler.js';

// No bootstrap key on AWS: IAM is the root of trust, so the first admin key is written straight to the
// table with `koe keys create --table <name>` (AWS credentials), and every later one through the API.
const config = loadConfig();
export const handler = makeHandler({ keys: new DynamoKeyStore(new DynamoDBClient({}), config.TABLE_NAME) });
