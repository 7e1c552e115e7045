import { DynamoTaxonomyStore } from '../../shared/adapters/dynamo/taxonomy-store.js';
import { DynamoTriageStore } from '../../shared/adapters/dynamo/triage-store.js';
import { parseSla } from '../../shared/triage/sla.js';
import type { Config } from '../lib/config.js';
import type { Platform } from '../lib/platform.js';
import type { TriageHandlerDeps } from './handler.js';

/** functions/triage's dependencies, on AWS and locally. */
export const triageDeps = (config: Config, platform: Pick<Platform, 'dynamo' | 'now'>): TriageHandlerDeps => ({
  store: new DynamoTriageStore(platform.dynamo, config.TABLE_NAME),
  sla: parseSla(config.KOE_SLA_MINUTES),
  now: platform.now,
  taxonomy: new DynamoTaxonomyStore(platform.dynamo, config.TABLE_NAME),
});
