import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { APIGatewayProxyStructuredResultV2, SQSBatchResponse } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFunctionBundle } from '../../../infra/aws/bundle.js';
import { REPO_ROOT } from '../../../infra/aws/constructs/koe-function.js';
import { type DynaliteEngine, startDynalite } from '../../../infra/local/dynalite.js';
import { DynamoFeedbackStore } from '../../../shared/adapters/dynamo/feedback-store.js';
import { ensureTable } from '../../../shared/adapters/dynamo/table.js';
import type { FeedbackItem } from '../../../shared/feedback/model.js';
import { apiEvent } from '../../support/api-event.js';
import { type BundleRun, bundleDir, invokeBundle, recordingSqs, tcpToSocket } from '../../support/bundle-harness.js';
import { sqsRecord } from '../../support/sqs-event.js';

// The analyze and ingest functions as Lambda runs them: esbuild bundles (infra/aws/bundle.ts, the CDK's
// options), each loaded by a fresh Node process with the AWS SDK from node_modules, against dynalite
// through their own DynamoDBClient. SQS is a recorder of ingest's SendMessageBatch calls.
const TABLE = `koe-bundled-${randomUUID().slice(0, 8)}`;
let dir: string;
let bundles: { ingest: string; analyze: string };
let engine: DynaliteEngine;
let dynamo: Awaited<ReturnType<typeof tcpToSocket>>;
let sqs: Awaited<ReturnType<typeof recordingSqs>>;
let ingested: {
  run: BundleRun<APIGatewayProxyStructuredResultV2>;
  id: string;
  item: FeedbackItem | undefined;
};

const lambdaEnv = (fn: string): Record<string, string> => ({
  AWS_LAMBDA_FUNCTION_NAME: `koe-${fn}`,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bundled',
  AWS_SECRET_ACCESS_KEY: 'bundled',
  AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
  AWS_ENDPOINT_URL_SQS: sqs.endpoint,
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  POWERTOOLS_SERVICE_NAME: 'koe',
  POWERTOOLS_LOG_LEVEL: 'INFO',
  TABLE_NAME: TABLE,
  KOE_TIMEZONE: 'UTC',
});

const jsonLines = (logs: string) =>
  logs
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

beforeAll(async () => {
  dir = bundleDir('bundled-test');
  const [ingest, analyze] = await Promise.all([
    buildFunctionBundle('ingest', join(dir, 'ingest')),
    buildFunctionBundle('analyze', join(dir, 'analyze')),
  ]);
  bundles = { ingest, analyze };
  engine = await startDynalite();
  await ensureTable(engine.client(), TABLE);
  dynamo = await tcpToSocket(engine.socketPath);
  sqs = await recordingSqs();
  // Ingest runs here, once, so each test below stands alone in any order.
  const event = apiEvent('POST /v1/feedback', {
    body: JSON.stringify({
      text: '配送が三日も遅れて、連絡先 taro@example.jp に返事もありません。最悪です。',
      source: 'bundled-test',
      channel: 'email',
      customer: { id: 'cust-42' },
    }),
  });
  event.requestContext.requestId = 'apigw-req-7';
  const run = await invokeBundle<APIGatewayProxyStructuredResultV2>(bundles.ingest, [event], {
    ...lambdaEnv('ingest'),
    ANALYSIS_QUEUE_URL: sqs.queueUrl,
    KOE_PSEUDONYM_KEY: 'a-test-pseudonym-key-of-32-characters!',
  });
  const id = (JSON.parse(run.results[0]?.body ?? '{}') as { id: string }).id;
  ingested = { run, id, item: await new DynamoFeedbackStore(engine.client(), TABLE).get(id) };
}, 180_000);

afterAll(async () => {
  await dynamo?.close();
  await sqs?.close();
  await engine?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('bundled ingest and analyze, loaded as Lambda loads them, against dynalite', () => {
  it('ingest answers an HTTP API v2 event with 202, stores the redacted item and sends its id to the queue', () => {
    // Assess
    const [response] = ingested.run.results;
    expect(response?.statusCode).toBe(202);
    expect(JSON.parse(response?.body ?? '{}')).toMatchObject({ id: ingested.id, status: 'queued' });
    expect(ingested.item?.status).toBe('queued');
    expect(ingested.item?.text).toContain('配送が三日も遅れて');
    expect(ingested.item?.text).not.toContain('taro@example.jp');
    expect(sqs.bodies.map((b) => JSON.parse(b).id)).toEqual([ingested.id]);
    const lines = jsonLines(ingested.run.logs);
    expect(lines.find((l) => l.message === 'feedback accepted')).toMatchObject({ correlation_id: 'apigw-req-7' });
    expect(lines.find((l) => l._aws !== undefined)).toMatchObject({ ItemsIngested: 1 });
    expect(ingested.run.logs).not.toContain('taro@example.jp');
  });

  it('analyze handles an SQS batch: analyzes the queued item, reports a malformed record as a batch item failure', async () => {
    // Prepare
    const body = sqs.bodies.find((b) => JSON.parse(b).id === ingested.id);
    const good = sqsRecord(JSON.parse(body!), 'msg-good');
    const bad = { ...sqsRecord({}, 'msg-bad'), body: 'not json at all' };
    // Act
    const run = await invokeBundle<SQSBatchResponse>(bundles.analyze, [{ Records: [good, bad] }], {
      ...lambdaEnv('analyze'),
      ANALYZER_MODE: 'local',
      KUROMOJI_DICT_PATH: join(REPO_ROOT, 'node_modules/kuromoji/dict'),
    });
    // Assess
    expect(run.results).toEqual([{ batchItemFailures: [{ itemIdentifier: 'msg-bad' }] }]);
    const item = await new DynamoFeedbackStore(engine.client(), TABLE).get(JSON.parse(body!).id);
    expect(item?.status).toBe('analyzed');
    expect(item?.analysis?.language.code).toBe('ja');
    const lines = jsonLines(run.logs);
    expect(lines.find((l) => l.message === 'malformed analysis message')).toMatchObject({ messageId: 'msg-bad' });
    expect(lines.find((l) => l._aws !== undefined)).toMatchObject({ ItemsAnalyzed: 1 });
  });
});
