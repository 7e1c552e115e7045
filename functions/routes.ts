/**
 * The HTTP API's routes: one table read by both the CDK app (API Gateway routes → Lambda)
 * and the local server (same handler, same API Gateway v2 event). `fn` is the folder under functions/.
 */
export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** API Gateway path syntax: `{id}` is a path parameter. */
  path: string;
  fn: string;
  /** API key scope the route needs; `public` routes skip the key check (health, signed webhooks). */
  scope: 'public' | 'ingest' | 'read' | 'triage' | 'admin';
}

export const ROUTES: Route[] = [
  { method: 'GET', path: '/health', fn: 'query', scope: 'public' },
  { method: 'POST', path: '/v1/feedback', fn: 'ingest', scope: 'ingest' },
  { method: 'GET', path: '/v1/feedback/{id}', fn: 'query', scope: 'read' },
  { method: 'GET', path: '/v1/queue', fn: 'query', scope: 'read' },
  { method: 'GET', path: '/v1/dlq', fn: 'admin', scope: 'admin' },
  { method: 'POST', path: '/v1/dlq/replay', fn: 'admin', scope: 'admin' },
];

/** Functions that consume a queue rather than serve HTTP. */
export const QUEUE_CONSUMERS = ['analyze'] as const;
