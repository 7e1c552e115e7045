import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { adminDeps } from '../../functions/admin/deps.js';
import { makeHandler as makeAdminHandler } from '../../functions/admin/handler.js';
import { authorizeRoute } from '../../functions/authorizer/authorize-route.js';
import { authorizerDeps } from '../../functions/authorizer/deps.js';
import { digestsJobDeps } from '../../functions/digests-job/deps.js';
import { makeHandler as makeReportHandler } from '../../functions/digests-job/handler.js';
import { exportDeps } from '../../functions/export/deps.js';
import { makeHandler as makeExportHandler } from '../../functions/export/handler.js';
import { ingestDeps } from '../../functions/ingest/deps.js';
import { makeHandler as makeIngestHandler } from '../../functions/ingest/handler.js';
import { keysDeps } from '../../functions/keys/deps.js';
import { makeHandler as makeKeysHandler } from '../../functions/keys/handler.js';
import { loadConfig } from '../../functions/lib/config.js';
import type { Platform } from '../../functions/lib/platform.js';
import { pseudonymKeyFromConfig } from '../../functions/lib/pseudonym-key.js';
import { metricsDeps } from '../../functions/metrics/deps.js';
import { makeHandler as makeMetricsHandler } from '../../functions/metrics/handler.js';
import { queryDeps } from '../../functions/query/deps.js';
import { makeHandler as makeQueryHandler } from '../../functions/query/handler.js';
import { reportsDeps } from '../../functions/reports/deps.js';
import { makeHandler as makeReportsHandler } from '../../functions/reports/handler.js';
import { rollupJobDeps } from '../../functions/rollup-job/deps.js';
import { makeHandler as makeRollupHandler } from '../../functions/rollup-job/handler.js';
import { ROUTES } from '../../functions/routes.js';
import { SCHEDULES } from '../../functions/schedules.js';
import { statusDeps } from '../../functions/status/deps.js';
import { makeHandler as makeStatusHandler } from '../../functions/status/handler.js';
import { subscriptionsDeps } from '../../functions/subscriptions/deps.js';
import { makeHandler as makeSubscriptionsHandler } from '../../functions/subscriptions/handler.js';
import { sweepJobDeps } from '../../functions/sweep-job/deps.js';
import { makeHandler as makeSweepHandler } from '../../functions/sweep-job/handler.js';
import { transcriptsDeps } from '../../functions/transcripts/deps.js';
import { makeHandler as makeTranscriptsHandler } from '../../functions/transcripts/handler.js';
import { trendsJobDeps } from '../../functions/trends-job/deps.js';
import { makeHandler as makeTrendsHandler } from '../../functions/trends-job/handler.js';
import { triageDeps } from '../../functions/triage/deps.js';
import { makeHandler as makeTriageHandler } from '../../functions/triage/handler.js';
import { webhooksDeps } from '../../functions/webhooks/deps.js';
import { makeHandler as makeWebhooksHandler } from '../../functions/webhooks/handler.js';
import { generateKey } from '../../shared/access/keys.js';
import { ensureTable } from '../../shared/adapters/dynamo/table.js';
import { LocalMailer } from '../../shared/adapters/outbox/local-mailer.js';
import { LocalSpikeAlerter } from '../../shared/adapters/outbox/local-spike-alerter.js';
import { AnalysisThread } from './analysis-thread.js';
import { type DynaliteEngine, startDynalite } from './dynalite.js';
import { startHttpServer } from './http-server.js';
import { makeLambdaContext } from './lambda-context.js';
import { localLog } from './log.js';
import type { ProgressSample } from './progress.js';
import { InProcessQueue } from './queue.js';
import { InProcessScheduler } from './scheduler.js';

/** How to start the local stack. */
export interface LocalStackOptions {
  port: number;
  host?: string | undefined;
  /** Folder for DynamoDB data, the queue and the outbox; absent = everything in memory. */
  dataDir?: string | undefined;
  /** Extra environment (defaults to process.env); the same variables as on AWS. */
  env?: NodeJS.ProcessEnv;
  /** An engine already starting on `<dataDir>/dynamo` (main starts it while the handlers load); default: started here. */
  engine?: Promise<DynaliteEngine>;
  /** The analysis consumer's thread, already spawned (main spawns it with the engine); default: spawned here. */
  analysisThread?: AnalysisThread;
}

/** A running local stack. */
export interface LocalStack {
  url: string;
  /** The embedded database's 0600 Unix socket (`dynamoClientForSocket` connects to it). */
  dynamoSocket: string;
  queue: InProcessQueue;
  /** A sample for the progress line: requests, accepted, analysed and the backlog. */
  progress(): Promise<ProgressSample>;
  /** The embedded database (compaction on demand). */
  engine: DynaliteEngine;
  /** The in-process scheduler running functions/schedules.ts (`runNow` runs a job at once). */
  scheduler: InProcessScheduler;
  /** The admin key this run accepts: KOE_BOOTSTRAP_KEY, or one generated for the run when it is unset. */
  bootstrapKey: string;
  /** True when `bootstrapKey` was generated (the caller should show it once). */
  bootstrapKeyGenerated: boolean;
  stop(): Promise<void>;
}

const WEB_DIR = fileURLToPath(new URL('../../web/', import.meta.url));

/**
 * The composition root of the local runtime: embedded dynalite, the in-process queue and the
 * local analyzer behind the very handlers that run on AWS, served by a Node HTTP server.
 */
export const startLocalStack = async (options: LocalStackOptions): Promise<LocalStack> => {
  // The analysis consumer runs in a worker thread (the analyzer and its DynamoDB calls on another core than the
  // HTTP server); it loads its modules while this thread builds the stack.
  const thread = options.analysisThread ?? AnalysisThread.spawn();
  // `koe train` writes models into the data folder by default; KOE_MODEL_DIR overrides.
  const modelDefault = options.dataDir ? { KOE_MODEL_DIR: join(options.dataDir, 'models') } : {};
  const env = { TABLE_NAME: 'koe', ...modelDefault, ...(options.env ?? process.env) };
  const config = loadConfig(env);
  const dir = (name: string) => {
    if (!options.dataDir) return undefined;
    const path = join(options.dataDir, name);
    mkdirSync(path, { recursive: true });
    return path;
  };

  const engine = await (options.engine ?? startDynalite({ path: dir('dynamo') })).catch(async (error: unknown) => {
    await thread.stop();
    throw error;
  });
  // Built from the same environment as the handlers here, with its own client on the engine's socket.
  const threadReady = thread.open({ env, dataDir: options.dataDir, dynamoSocket: engine.socketPath });
  threadReady.catch(() => {}); // awaited below
  // The stack's own client resolves each command's middleware stack once (the SDK's cacheMiddleware): nothing
  // adds middleware to it, and building the stack per call was a third of the SDK's CPU per call.
  const dynamo = engine.client({ cacheMiddleware: true });
  await ensureTable(dynamo, config.TABLE_NAME);
  const authorizer = authorizerDeps(config, { dynamo });
  // Without a configured bootstrap key a fresh stack would lock everyone out: make one for this run.
  const bootstrapKey = config.KOE_BOOTSTRAP_KEY ?? generateKey().key;
  const queue = new InProcessQueue({
    name: 'koe-analysis',
    dataDir: dir('queue'),
    maxReceiveCount: config.ANALYSIS_MAX_RECEIVE_COUNT,
    // 25 records a batch, not the Lambda mapping's 10: a batch's fixed cost (the invocation's middlewares,
    // one BatchGetItem, one analyzer call) spread over 2.5 × the items halves the consumer's CPU per item
    // (0.48 → 0.26 ms, analysis alone); a Lambda is billed per invocation and gains less from it.
    batchSize: 25,
    // Four batches in flight, not the mapping's two: the consumer's thread waits on the engine for each batch's
    // read and its 25 writes, and with two it fell behind under load (accept→analysed p50 1.0–1.8 s at 32
    // clients, against 0.35–0.6 s with four, in the same minutes).
    concurrency: 4,
  });
  // Digests: an .eml file per e-mail in <data>/outbox/email, and SMTP too when KOE_SMTP_URL is set.
  const mailer = new LocalMailer({ outboxDir: dir('outbox/email'), smtpUrl: config.KOE_SMTP_URL });
  // What differs from AWS (functions/lib/platform.ts); each function's deps come from its own
  // functions/<fn>/deps.ts, the builder its Lambda entry calls too.
  const platform: Platform = {
    dynamo,
    now: () => new Date(),
    analysisQueue: queue,
    deadLetters: queue,
    analysisBacklog: queue,
    // Issue 12 (pii): customer ids are stored as HMAC pseudonyms keyed by <data>/pseudonym.key (0600) or KOE_PSEUDONYM_KEY.
    pseudonymKey: pseudonymKeyFromConfig(config, { dataDir: options.dataDir }),
    // Critical-item alerts are sent by the analysis thread (infra/local/analysis-worker.ts), the only user.
    // Spikes go to a JSON file per alert in the outbox, a log line, and the webhook if configured.
    spikeAlerter: new LocalSpikeAlerter({
      outboxDir: dir('outbox/spikes'),
      webhookUrl: config.KOE_SPIKE_WEBHOOK_URL,
      log: (message, fields) => localLog.warn(`pain-point spike: ${message}`, fields),
    }),
    mailer,
    defaultMailFrom: 'Koe <koe@localhost>',
  };
  const rollupJob = makeRollupHandler(rollupJobDeps(config, platform));
  const trendsJob = makeTrendsHandler(trendsJobDeps(config, platform));
  const reportJob = makeReportHandler(digestsJobDeps(config, platform));
  const sweepJob = makeSweepHandler(sweepJobDeps(config, platform));
  const scheduler = new InProcessScheduler({
    timeZone: config.KOE_TIMEZONE,
    schedules: SCHEDULES,
    targets: {
      'rollup-job': (event) => rollupJob(event, makeLambdaContext({ fn: 'rollup-job', timeoutMs: 300_000 })),
      'trends-job': (event) => trendsJob(event, makeLambdaContext({ fn: 'trends-job', timeoutMs: 300_000 })),
      'digests-job': (event) => reportJob(event, makeLambdaContext({ fn: 'digests-job', timeoutMs: 300_000 })),
      'sweep-job': (event) => sweepJob(event, makeLambdaContext({ fn: 'sweep-job', timeoutMs: 300_000 })),
    },
  });

  await threadReady;
  queue.start(thread.consumer);
  const server = await startHttpServer({
    port: options.port,
    host: options.host,
    routes: ROUTES,
    handlers: {
      ingest: makeIngestHandler(ingestDeps(config, platform)),
      status: makeStatusHandler(statusDeps(config, { ...platform, analysisBacklog: queue })),
      query: makeQueryHandler(queryDeps(config, platform)),
      admin: makeAdminHandler(adminDeps(config, platform)),
      triage: makeTriageHandler(triageDeps(config, platform)),
      keys: makeKeysHandler(keysDeps(config, platform)),
      metrics: makeMetricsHandler(metricsDeps(config, platform)),
      subscriptions: makeSubscriptionsHandler(subscriptionsDeps(config, platform)),
      export: makeExportHandler(exportDeps(config, platform)),
      transcripts: makeTranscriptsHandler(transcriptsDeps(config, platform)),
      // Signed webhooks: secrets from KOE_WEBHOOK_SECRET_<TOOL> / KOE_WEBHOOK_SECRETS_FILE (or the SSM parameter).
      webhooks: makeWebhooksHandler(webhooksDeps(config, platform)),
      reports: makeReportsHandler(reportsDeps(config, platform)),
    },
    // The same check the Lambda authorizer runs on AWS, before every handler.
    authorize: (routeKey, headers) => authorizeRoute(routeKey, headers, { ...authorizer, bootstrapKey }),
    staticDir: WEB_DIR,
  });

  scheduler.start();
  // The sweeper at start (pipeline branch): items a crash left queued without a message get one back.
  void scheduler.runNow('sweep-stuck');

  return {
    url: server.url,
    bootstrapKey,
    bootstrapKeyGenerated: config.KOE_BOOTSTRAP_KEY === undefined,
    dynamoSocket: engine.socketPath,
    engine,
    queue,
    progress: async () => {
      const http = server.stats();
      const stats = queue.stats();
      return {
        at: Date.now(),
        requests: http.requests,
        serverErrors: http.serverErrors,
        accepted: stats.sent,
        analysed: stats.delivered,
        backlog: await queue.backlog(),
      };
    },
    scheduler,
    stop: async () => {
      await scheduler.stop();
      await server.close();
      // Batches still running after a minute are left: their messages stay on disk for the next start.
      const drained = await Promise.race([queue.drain().then(() => true), sleep(60_000, false, { ref: false })]);
      if (!drained) localLog.warn('analysis batches still running at stop; their messages stay queued');
      await thread.stop();
      mailer.close();
      dynamo.destroy();
      await engine.stop();
    },
  };
};
