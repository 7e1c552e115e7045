import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { METRIC_NAMESPACE, METRIC_SERVICE } from './metric-names.js';

// EMF lines are read by CloudWatch only: outside Lambda (the local stack, tests, the CLI) metrics are off
// unless POWERTOOLS_METRICS_DISABLED says otherwise. Read once, when Metrics is built below.
if (!process.env.AWS_LAMBDA_FUNCTION_NAME) process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';

// One logger and one metrics buffer per process. Log ids, counts and timings — never feedback text or events.
/** Structured JSON logger shared by all handlers. */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? METRIC_SERVICE });
/** CloudWatch EMF metrics (namespace Koe); handlers report counts, functions/lib/handlers.ts flushes them. */
export const metrics = new Metrics({
  namespace: METRIC_NAMESPACE,
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? METRIC_SERVICE,
});
