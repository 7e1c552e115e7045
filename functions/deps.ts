import { adminDeps } from './admin/deps.js';
import { analyzeDeps } from './analyze/deps.js';
import { authorizerDeps } from './authorizer/deps.js';
import { exportDeps } from './export/deps.js';
import { ingestDeps } from './ingest/deps.js';
import { keysDeps } from './keys/deps.js';
import { metricsDeps } from './metrics/deps.js';
import { queryDeps } from './query/deps.js';
import { reportDeps } from './report/deps.js';
import { reportsDeps } from './reports/deps.js';
import { rollupDeps } from './rollup/deps.js';
import { statusDeps } from './status/deps.js';
import { subscriptionsDeps } from './subscriptions/deps.js';
import { sweepDeps } from './sweep/deps.js';
import { transcriptsDeps } from './transcripts/deps.js';
import { trendsDeps } from './trends/deps.js';
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
  report: reportDeps,
  reports: reportsDeps,
  rollup: rollupDeps,
  status: statusDeps,
  subscriptions: subscriptionsDeps,
  sweep: sweepDeps,
  transcripts: transcriptsDeps,
  trends: trendsDeps,
  triage: triageDeps,
  webhooks: webhooksDeps,
} as const;

/** A function folder with a deps builder. */
export type FunctionName = keyof typeof DEPS_BUILDERS;
