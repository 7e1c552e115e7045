import { adminDeps } from './admin/deps.js';
import { analyzeDeps } from './analyze/deps.js';
import { authorizerDeps } from './authorizer/deps.js';
import { digestsJobDeps } from './digests-job/deps.js';
import { exportDeps } from './export/deps.js';
import { ingestDeps } from './ingest/deps.js';
import { keysDeps } from './keys/deps.js';
import { metricsDeps } from './metrics/deps.js';
import { queryDeps } from './query/deps.js';
import { reportsDeps } from './reports/deps.js';
import { rollupJobDeps } from './rollup-job/deps.js';
import { statusDeps } from './status/deps.js';
import { subscriptionsDeps } from './subscriptions/deps.js';
import { sweepJobDeps } from './sweep-job/deps.js';
import { transcriptsDeps } from './transcripts/deps.js';
import { trendsJobDeps } from './trends-job/deps.js';
import { triageDeps } from './triage/deps.js';
import { webhooksDeps } from './webhooks/deps.js';

/**
 * Every function's deps builder by folder name, for the local stack and the tests. A Lambda's index.ts
 * imports its own builder only (this registry would bundle them all).
 */
export const DEPS_BUILDERS = {
  admin: adminDeps,
  analyze: analyzeDeps,
  authorizer: authorizerDeps,
  export: exportDeps,
  ingest: ingestDeps,
  keys: keysDeps,
  metrics: metricsDeps,
  query: queryDeps,
  'digests-job': digestsJobDeps,
  reports: reportsDeps,
  'rollup-job': rollupJobDeps,
  status: statusDeps,
  subscriptions: subscriptionsDeps,
  'sweep-job': sweepJobDeps,
  transcripts: transcriptsDeps,
  'trends-job': trendsJobDeps,
  triage: triageDeps,
  webhooks: webhooksDeps,
} as const;

/** A function folder with a deps builder. */
export type FunctionName = keyof typeof DEPS_BUILDERS;
