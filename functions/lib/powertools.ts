import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

// One logger, metrics and tracer per process. Log ids, counts and timings — never feedback text or events.
/** Structured JSON logger shared by all handlers. */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'koe' });
/** CloudWatch EMF metrics (namespace Koe). */
export const metrics = new Metrics({ namespace: 'Koe', serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'koe' });
/** X-Ray tracer; a no-op outside Lambda. */
export const tracer = new Tracer({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'koe' });
