import { readdirSync, readFileSync } from 'node:fs';
import { ComprehendClient } from '@aws-sdk/client-comprehend';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { DEPS_BUILDERS } from '../../functions/deps.js';
import { AWS_DEFAULT_MAIL_FROM, sesMailer } from '../../functions/lib/aws/ses.js';
import { snsAlertSender, snsSpikeAlerter } from '../../functions/lib/aws/sns.js';
import { sqsAnalysisBacklog, sqsAnalysisQueue, sqsDeadLetters } from '../../functions/lib/aws/sqs.js';
import { type Config, loadConfig } from '../../functions/lib/config.js';
import type { Platform } from '../../functions/lib/platform.js';
import { pseudonymKeyFromConfig } from '../../functions/lib/pseudonym-key.js';
import { InProcessQueue } from '../../infra/local/queue.js';
import { LocalAlertSender } from '../../shared/adapters/outbox/local-alert-sender.js';
import { LocalMailer } from '../../shared/adapters/outbox/local-mailer.js';
import { LocalSpikeAlerter } from '../../shared/adapters/outbox/local-spike-alerter.js';

// One configuration, as a deployment would set it: every setting a builder reads has a non-default value.
const CONFIG: Config = loadConfig({
  TABLE_NAME: 'koe-test',
  ANALYSIS_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/111111111111/analysis',
  ANALYSIS_DLQ_URL: 'https://sqs.eu-west-1.amazonaws.com/111111111111/dead-letters',
  ANALYZER_MODE: 'hybrid',
  HYBRID_CONFIDENCE_THRESHOLD: '0.7',
  ANALYSIS_MAX_RECEIVE_COUNT: '3',
  KOE_TIMEZONE: 'Asia/Tokyo',
  DASHBOARD_URL: 'https://koe.example.com/',
  KOE_SLA_MINUTES: 'critical=5,high=30',
  ALERTS_TOPIC_ARN: 'arn:aws:sns:eu-west-1:111111111111:alerts',
  KOE_MAIL_FROM: 'Koe <digests@example.com>',
  SES_CONFIGURATION_SET: 'koe',
  KOE_WEBHOOK_SECRETS_PARAMETER: '/koe/webhooks',
});

const dynamo = new DynamoDBClient({ region: 'eu-west-1', endpoint: 'http://127.0.0.1:9' });
const now = () => new Date('2026-12-03T00:00:00Z');

/** The parts functions/<fn>/index.ts builds on AWS, from the same helpers. */
const awsPlatform: Platform = {
  dynamo,
  now,
  analysisQueue: sqsAnalysisQueue(CONFIG),
  deadLetters: sqsDeadLetters(CONFIG),
  analysisBacklog: sqsAnalysisBacklog(CONFIG),
  pseudonymKey: pseudonymKeyFromConfig(CONFIG),
  alertSender: snsAlertSender(CONFIG),
  spikeAlerter: snsSpikeAlerter(CONFIG),
  mailer: sesMailer(CONFIG),
  defaultMailFrom: AWS_DEFAULT_MAIL_FROM,
  comprehend: new ComprehendClient({ region: 'eu-west-1' }),
};

/** The parts infra/local/stack.ts builds. */
const queue = new InProcessQueue({ name: 'deps-test', maxReceiveCount: CONFIG.ANALYSIS_MAX_RECEIVE_COUNT });
const localPlatform: Platform = {
  dynamo,
  now,
  analysisQueue: queue,
  deadLetters: queue,
  analysisBacklog: queue,
  pseudonymKey: pseudonymKeyFromConfig(CONFIG, {}),
  alertSender: new LocalAlertSender({}),
  spikeAlerter: new LocalSpikeAlerter({}),
  mailer: new LocalMailer({}),
  defaultMailFrom: 'Koe <koe@localhost>',
  comprehend: awsPlatform.comprehend,
};

/**
 * A deps object as data: settings by value, stores by class and table, the platform's parts as such —
 * so two builds compare equal exactly when they differ only where the platform does.
 */
const describeDeps = (value: unknown, platform: Platform, depth = 0): unknown => {
  // A part is told by the key it sits under (types fix its port); locally one queue plays three parts.
  if (typeof value === 'object' && Object.values(platform).includes(value)) return 'platform part';
  if (value === null || typeof value !== 'object') return typeof value === 'function' ? 'function' : value;
  if (Array.isArray(value)) return value.map((v) => describeDeps(v, platform, depth + 1));
  const name = value.constructor?.name ?? 'Object';
  if (depth > 3) return name;
  const fields = Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== 'client')
      .map(([key, v]) => [key, describeDeps(v, platform, depth + 1)]),
  );
  return name === 'Object' ? fields : { [name]: fields };
};

describe('one composition root per function', () => {
  afterAll(() => {
    dynamo.destroy();
    awsPlatform.comprehend?.destroy();
  });

  it('has a deps builder for every function folder, and each Lambda entry calls its own', () => {
    // Prepare
    const folders = readdirSync('functions', { withFileTypes: true })
      .filter((d) => d.isDirectory() && d.name !== 'lib')
      .map((d) => d.name)
      .sort();
    // The local stack's roots: stack.ts, and the analysis consumer's worker thread.
    const local = ['infra/local/stack.ts', 'infra/local/analysis-worker.ts'].map((f) => readFileSync(f, 'utf8')).join();
    // Assess
    expect(Object.keys(DEPS_BUILDERS).sort()).toEqual(folders);
    for (const fn of folders) {
      const builder = `${fn.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())}Deps`;
      expect(readFileSync(`functions/${fn}/index.ts`, 'utf8')).toContain(`${builder}(config,`);
      expect(local).toContain(`${builder}(config,`);
    }
  });

  it.each(Object.keys(DEPS_BUILDERS))('builds %s the same from one config on AWS and locally', (fn) => {
    // Act
    const build = DEPS_BUILDERS[fn as keyof typeof DEPS_BUILDERS] as (c: Config, p: Platform) => unknown;
    const aws = describeDeps(build(CONFIG, awsPlatform), awsPlatform);
    const local = describeDeps(build(CONFIG, localPlatform), localPlatform);
    // Assess
    expect(aws).toEqual(local);
  });

  it('gives analysis the configured SLA on AWS as locally (critical=5 is 5 minutes, not the default 60)', () => {
    // Act
    const aws = DEPS_BUILDERS.analyze(CONFIG, awsPlatform);
    const local = DEPS_BUILDERS.analyze(CONFIG, localPlatform);
    // Assess
    expect(aws.sla).toMatchObject({ critical: 5, high: 30 });
    expect(local.sla).toEqual(aws.sla);
    expect(aws.maxReceiveCount).toBe(3);
    expect(aws.alerts?.dashboardUrl).toBe('https://koe.example.com/');
  });
});
