import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiEvent, lambdaContext } from '../../support/api-event.js';

// The factory's logger and metrics write JSON lines to stdout/stderr; metrics are on here as in Lambda.
type Factory = typeof import('../../../functions/lib/handlers.js');
let factory: Factory;
let lines: string[];

const logLines = () =>
  lines.flatMap((l) => l.split('\n')).filter((l) => l.startsWith('{') && JSON.parse(l).message !== undefined);
const emfLines = () =>
  lines
    .flatMap((l) => l.split('\n'))
    .filter((l) => l.startsWith('{') && JSON.parse(l)._aws !== undefined)
    .map((l) => JSON.parse(l) as Record<string, unknown> & { _aws: { CloudWatchMetrics: Array<{ Namespace: string }> } });

beforeEach(async () => {
  vi.resetModules();
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
  factory = await import('../../../functions/lib/handlers.js');
  lines = [];
  const capture = (chunk: unknown) => {
    lines.push(String(chunk));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture as never);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture as never);
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('httpHandler', () => {
  it('puts the API Gateway request id in every log line of the invocation and in a 500 body, and not in the next invocation', async () => {
    // Prepare
    const { logger } = await import('../../../functions/lib/powertools.js');
    const handler = factory.httpHandler(async () => {
      logger.warn('about to fail');
      throw new Error('boom with secret text');
    });
    const event = apiEvent('GET /v1/queue');
    event.requestContext.requestId = 'abc-123';
    // Act
    const response = await handler(event, lambdaContext('koe-query'));
    logger.warn('between invocations');
    // Assess
    expect(response.statusCode).toBe(500);
    expect(JSON.parse(response.body as string)).toEqual({
      error: { code: 'INTERNAL', message: 'internal error', requestId: 'abc-123' },
    });
    const logged = logLines().map((l) => JSON.parse(l));
    expect(logged.find((l) => l.message === 'about to fail')).toMatchObject({
      correlation_id: 'abc-123',
      function_name: 'koe-query',
    });
    expect(logged.find((l) => l.message === 'unhandled error')).toMatchObject({ correlation_id: 'abc-123' });
    expect(logged.find((l) => l.message === 'between invocations')?.correlation_id).toBeUndefined();
    expect(lines.join('')).not.toContain('secret text');
  });

  it('emits the counts a handler reports as one EMF line in namespace Koe, zeros left out, even when it then fails', async () => {
    // Prepare
    const ok = factory.httpHandler(async (_event, { report }) => {
      report({ itemsIngested: 3, digestsFailed: 0 });
      return { statusCode: 202, body: '{}' };
    });
    const failing = factory.httpHandler(async (_event, { report }) => {
      report({ digestsFailed: 1 });
      throw new Error('after counting');
    });
    // Act
    await ok(apiEvent('POST /v1/feedback'), lambdaContext());
    await failing(apiEvent('POST /v1/reports/send'), lambdaContext());
    // Assess
    const [first, second, ...rest] = emfLines();
    expect(rest).toEqual([]);
    expect(first?._aws.CloudWatchMetrics[0]?.Namespace).toBe('Koe');
    expect(first).toMatchObject({ ItemsIngested: 3, service: 'koe' });
    expect(first).not.toHaveProperty('DigestsFailed');
    expect(second).toMatchObject({ DigestsFailed: 1 });
    expect(second).not.toHaveProperty('ItemsIngested');
  });

  it('writes no metrics line and no warning when an invocation counted nothing', async () => {
    // Prepare
    const handler = factory.httpHandler(async () => ({ statusCode: 200, body: '{}' }));
    // Act
    await handler(apiEvent('GET /health'), lambdaContext());
    // Assess
    expect(emfLines()).toEqual([]);
    expect(lines.join('')).not.toContain('No application metrics');
  });
});

describe('jobHandler', () => {
  it('lets an error propagate (Lambda retries, the error alarm sees it) after emitting what was counted', async () => {
    // Prepare
    const handler = factory.jobHandler<{ schedule: string }, void>(async (_event, { report }) => {
      report({ digestsSent: 2 });
      throw new Error('store down');
    });
    // Act
    const run = handler({ schedule: 'reports' }, lambdaContext('koe-report'));
    // Assess
    await expect(run).rejects.toThrow('store down');
    expect(emfLines()).toEqual([expect.objectContaining({ DigestsSent: 2 })]);
  });
});
