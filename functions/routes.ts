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
  { method: 'POST', path: '/v1/transcripts', fn: 'transcripts', scope: 'ingest' },
  { method: 'POST', path: '/v1/webhooks/{tool}', fn: 'webhooks', scope: 'public' },
  { method: 'GET', path: '/v1/feedback/{id}', fn: 'query', scope: 'read' },
  { method: 'GET', path: '/v1/queue', fn: 'query', scope: 'read' },
  { method: 'GET', path: '/v1/status', fn: 'status', scope: 'read' },
  { method: 'GET', path: '/v1/dlq', fn: 'admin', scope: 'admin' },
  { method: 'POST', path: '/v1/dlq/replay', fn: 'admin', scope: 'admin' },
  { method: 'POST', path: '/v1/feedback/{id}/claim', fn: 'triage', scope: 'triage' },
  { method: 'POST', path: '/v1/feedback/{id}/assign', fn: 'triage', scope: 'triage' },
  { method: 'POST', path: '/v1/feedback/{id}/acknowledge', fn: 'triage', scope: 'triage' },
  { method: 'POST', path: '/v1/feedback/{id}/resolve', fn: 'triage', scope: 'triage' },
  { method: 'POST', path: '/v1/feedback/{id}/override', fn: 'triage', scope: 'triage' },
  { method: 'GET', path: '/v1/labels', fn: 'triage', scope: 'read' },
  { method: 'POST', path: '/v1/keys', fn: 'keys', scope: 'admin' },
  { method: 'GET', path: '/v1/keys', fn: 'keys', scope: 'admin' },
  { method: 'DELETE', path: '/v1/keys/{id}', fn: 'keys', scope: 'admin' },
  { method: 'GET', path: '/v1/metrics', fn: 'metrics', scope: 'read' },
  { method: 'GET', path: '/v1/trends', fn: 'metrics', scope: 'read' },
  { method: 'POST', path: '/v1/rollups/run', fn: 'metrics', scope: 'admin' },
  { method: 'POST', path: '/v1/themes/promote', fn: 'metrics', scope: 'admin' },
  { method: 'GET', path: '/v1/taxonomy/promoted', fn: 'metrics', scope: 'read' },
  { method: 'GET', path: '/v1/export', fn: 'export', scope: 'read' },
  { method: 'POST', path: '/v1/subscriptions', fn: 'subscriptions', scope: 'admin' },
  { method: 'GET', path: '/v1/subscriptions', fn: 'subscriptions', scope: 'admin' },
  { method: 'GET', path: '/v1/subscriptions/{id}', fn: 'subscriptions', scope: 'admin' },
  { method: 'PUT', path: '/v1/subscriptions/{id}', fn: 'subscriptions', scope: 'admin' },
  { method: 'DELETE', path: '/v1/subscriptions/{id}', fn: 'subscriptions', scope: 'admin' },
  { method: 'POST', path: '/v1/reports/send', fn: 'reports', scope: 'admin' },
  { method: 'POST', path: '/v1/reports/preview', fn: 'reports', scope: 'admin' },
];

/** The scope a route key (`METHOD /path`) needs; undefined for a route that does not exist. */
export const routeScope = (routeKey: string): Route['scope'] | undefined =>
  ROUTES.find((r) => `${r.method} ${r.path}` === routeKey)?.scope;

/** Functions that consume a queue rather than serve HTTP. */
export const QUEUE_CONSUMERS = ['analyze'] as const;
