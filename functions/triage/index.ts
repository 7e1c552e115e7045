import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoTriageStore } from '../../shared/adapters/dynamo/triage-store.js';
import { parseSla } from '../../shared/triage/sla.js';
import { loadConfig } from '../lib/config.js';
import { makeHandler } from './handler.js';

const config = loadConfig();
const sla = parseSla(config.KOE_SLA_MINUTES);
export const handler = makeHandler({
  store: new DynamoTriageStore(new DynamoDBClient({}), config.TABLE_NAME),
  sla,
  now: () => new Date(),
});
