import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { httpErrors } from './http.js';
import { BUSINESS_METRICS, type BusinessMetric } from './metric-names.js';
import { logger, metrics } from './powertools.js';

/** Counts of business metrics one invocation reports (functions/lib/metric-names.ts). */
export type Counts = Partial<Record<BusinessMetric, number>>;

/** What a handler is given besides its event: the Lambda context, and where to report its counts. */
export interface Invocation {
  context: Context;
  /** Adds counts to this invocation's metrics; they are emitted (EMF) when it ends, failed or not. */
  report: (counts: Counts) => void;
}

const report = (counts: Counts): void => {
  for (const [name, value] of Object.entries(counts) as Array<[BusinessMetric, number | undefined]>) {
    // A zero is no news: the dashboard and alarms read missing data as zero.
    if (value) metrics.addMetric(BUSINESS_METRICS[name], MetricUnit.Count, value);
  }
};

/**
 * Flushes the invocation's business metrics as one EMF line, after the handler or its error. Powertools'
 * `logMetrics` does the same but logs a warning on every invocation that counted nothing (most API calls).
 */
const businessMetrics = (): middy.MiddlewareObj => {
  const flush = async () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  };
  return { after: flush, onError: flush };
};

/** Adds `correlation_id` to every log line of the invocation (cleared with the other keys when it ends). */
const correlationIds = <E>(of: (event: E) => string | undefined): middy.MiddlewareObj<E> => ({
  before: async (request) => {
    const id = of(request.event);
    if (id) logger.setCorrelationId(id);
  },
});

/** The middlewares every Koe function runs: Lambda context and correlation id in each log line, business metrics. */
const base = <E, R>(correlationId: (event: E) => string | undefined) =>
  middy<E, R>()
    .use(injectLambdaContext(logger, { clearState: true }))
    .use(correlationIds(correlationId))
    .use(businessMetrics());

/** API Gateway's request id: in the access log, every log line (`correlation_id`) and every error body (`requestId`). */
const requestIdOf = (event: { requestContext?: { requestId?: string } }): string | undefined =>
  event?.requestContext?.requestId;

/**
 * An HTTP API route handler (API Gateway v2 event → response): logs carry the request id, counts
 * become metrics, and Koe's errors map to HTTP once (`httpErrors`), with the request id in the body.
 */
export const httpHandler = (
  handle: (event: APIGatewayProxyEventV2, invocation: Invocation) => Promise<APIGatewayProxyStructuredResultV2>,
) =>
  base<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>(requestIdOf)
    .use(httpErrors())
    .handler((event, context) => handle(event, { context, report }));

/**
 * Any other entry — a queue batch, a schedule, the authorizer: the same logging and metrics; an error
 * propagates (Lambda's retry, the function-error alarm). The correlation id is the event's API Gateway
 * request id when it has one (the authorizer), else the Lambda request id already in every line.
 */
export const jobHandler = <E, R>(handle: (event: E, invocation: Invocation) => Promise<R>) =>
  base<E, R>((event) => requestIdOf(event as { requestContext?: { requestId?: string } })).handler((event, context) =>
    handle(event, { context, report }),
  );
