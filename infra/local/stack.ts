import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeHandler as makeAdminHandler } from '../../functions/admin/handler.js';
import { makeHandler as makeAnalyzeHandler } from '../../functions/analyze/handler.js';
import { authorizeRoute } from '../../functions/authorizer/authorize-route.js';
import { makeHandler as makeDigestPreviewHandler } from '../../functions/digest-preview/handler.js';
import { makeHandler as makeExportHandler } from '../../functions/export/handler.js';
import { makeHandler as makeIngestHandler } from '../../functions/ingest/handler.js';
import { makeHandler as makeKeysHandler } from '../../functions/keys/handler.js';
import { loadConfig } from '../../functions/lib/config.js';
import { pseudonymKeyFromConfig } from '../../functions/lib/pseudonym-key.js';
import { webhookSecretsFromConfig } from '../../functions/lib/webhook-secrets.js';
import { makeHandler as makeMetricsHandler } from '../../functions/metrics/handler.js';
import { makeHandler as makeQueryHandler } from '../../functions/query/handler.js';
import { makeHandler as makeReportHandler } from '../../functions/report/handler.js';
import { makeHandler as makeRollupHandler } from '../../functions/rollup/handler.js';
import { ROUTES } from '../../functions/routes.js';
import { SCHEDULES } from '../../functions/schedules.js';
import { makeHandler as makeStatusHandler } from '../../functions/status/handler.js';
import { makeHandler as makeSubscriptionsHandler } from '../../functions/subscriptions/handler.js';
import { makeHandler as makeSweepHandler } from '../../functions/sweep/handler.js';
import { makeHandler as makeTranscriptsHandler } from '../../functions/transcripts/handler.js';
import { makeHandler as makeTrendsHandler } from '../../functions/trends/handler.js';
import { makeHandler as makeTriageHandler } from '../../functions/triage/handler.js';
import { makeHandler as makeWebhooksHandler } from '../../functions/webhooks/handler.js';
import { generateKey } from '../../shared/access/keys.js';
import { DynamoAlertMarks } from '../../shared/adapters/dynamo/alert-marks.js';
import { DynamoDataRangeStore } from '../../shared/adapters/dynamo/data-range-store.js';
import { DynamoDeliveryStore, DynamoJobCursor } from '../../shared/adapters/dynamo/delivery-store.js';
import { DynamoFeedbackStore } from '../../shared/adapters/dynamo/feedback-store.js';
import { DynamoKeyStore } from '../../shared/adapters/dynamo/key-store.js';
import { DynamoRollupStore } from '../../shared/adapters/dynamo/rollup-store.js';
import { DynamoSubscriptionStore } from '../../shared/adapters/dynamo/subscription-store.js';
import { ensureTable } from '../../shared/adapters/dynamo/table.js';
import { DynamoTranscriptStore } from '../../shared/adapters/dynamo/transcript-store.js';
import { DynamoTrendStore } from '../../shared/adapters/dynamo/trend-store.js';
import { DynamoTriageStore } from '../../shared/adapters/dynamo/triage-store.js';
import { LocalAlertSender } from '../../shared/adapters/outbox/local-alert-sender.js';
import { LocalMailer } from '../../shared/adapters/outbox/local-mailer.js';
import { LocalSpikeAlerter } from '../../shared/adapters/outbox/local-spike-alerter.js';
import { createLocalAnalyzer } from '../../shared/analysis/local-analyzer.js';
import type { DigestRenderer } from '../../shared/reports/delivery-ports.js';
import type { GatherDigestDeps } from '../../shared/reports/gather-digest.js';
import { parseSla } from '../../shared/triage/sla.js';
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
  host?: string;
  /** Folder for DynamoDB data, the queue and the outbox; absent = everything in memory. */
  dataDir?: string;
  /** Extra environment (defaults to process.env); the same variables as on AWS. */
  env?: NodeJS.ProcessEnv;
  /** An engine already starting on `<dataDir>/dynamo` (main starts it while the handlers load); default: started here. */
  engine?: Promise<DynaliteEngine>;
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

/** The digest renderer loads echarts and resvg (most of a second of CPU) on first use, not at every start. */
const lazyDigestRenderer = (deps: GatherDigestDeps): DigestRenderer => {
  let renderer: Promise<DigestRenderer> | undefined;
  return async (request) => {
    renderer ??= import('../../shared/reports/digest-renderer.js').then((m) => m.makeDigestRenderer(deps));
    return (await renderer)(request);
  };
};

/**
 * The composition root of the local runtime: embedded dynalite, the in-process queue and the
 * local analyzer behind the very handlers that run on AWS, served by a Node HTTP server.
 */
export const startLocalStack = async (options: LocalStackOptions): Promise<LocalStack> => {
  const config = loadConfig({ TABLE_NAME: 'koe', ...(options.env ?? process.env) });
  const dir = (name: string) => {
    if (!options.dataDir) return undefined;
    const path = join(options.dataDir, name);
    mkdirSync(path, { recursive: true });
    return path;
  };

  const engine = await (options.engine ?? startDynalite({ path: dir('dynamo') }));
  const dynamo = engine.client();
  await ensureTable(dynamo, config.TABLE_NAME);
  const sla = parseSla(config.KOE_SLA_MINUTES);
  // One store per aggregate part (pipeline branch): items, triage and audit, alert marks, conversations.
  const store = new DynamoFeedbackStore(dynamo, config.TABLE_NAME);
  const triageStore = new DynamoTriageStore(dynamo, config.TABLE_NAME);
  const alertMarks = new DynamoAlertMarks(dynamo, config.TABLE_NAME);
  const transcriptStore = new DynamoTranscriptStore(dynamo, config.TABLE_NAME);
  const keys = new DynamoKeyStore(dynamo, config.TABLE_NAME);
  const dataRange = new DynamoDataRangeStore(dynamo, config.TABLE_NAME);
  // Without a configured bootstrap key a fresh stack would lock everyone out: make one for this run.
  const bootstrapKey = config.KOE_BOOTSTRAP_KEY ?? generateKey().key;
  // Critical items alert at once: a JSON file per alert in the outbox, and the webhook if configured.
  const alertSender = new LocalAlertSender({
    outboxDir: dir('outbox/alerts'),
    webhookUrl: config.KOE_ALERT_WEBHOOK_URL,
    webhookFormat: config.KOE_ALERT_WEBHOOK_FORMAT,
  });
  const queue = new InProcessQueue({
    name: 'koe-analysis',
    dataDir: dir('queue'),
    maxReceiveCount: config.ANALYSIS_MAX_RECEIVE_COUNT,
  });
  const now = () => new Date();
  // Issue 12 (pii): customer ids are stored as HMAC pseudonyms keyed by <data>/pseudonym.key (0600) or KOE_PSEUDONYM_KEY.
  const pseudonymKey = pseudonymKeyFromConfig(config, { dataDir: options.dataDir });
  const rollups = new DynamoRollupStore(dynamo, config.TABLE_NAME);
  const trends = new DynamoTrendStore(dynamo, config.TABLE_NAME);
  const timezone = config.KOE_TIMEZONE;
  // Spikes go to a JSON file per alert in the outbox, a log line, and the webhook if configured.
  const spikeAlerter = new LocalSpikeAlerter({
    outboxDir: dir('outbox/spikes'),
    webhookUrl: config.KOE_SPIKE_WEBHOOK_URL,
    log: (message, fields) => localLog.warn(`pain-point spike: ${message}`, fields),
  });
  const topThemes = config.KOE_TOP_THEMES;
  const rollupJob = makeRollupHandler({ items: store, rollups, now, timezone, topThemes });
  const trendsJob = makeTrendsHandler({
    items: store,
    rollups,
    trends,
    now,
    timezone,
    spikes: { marks: trends, alerter: spikeAlerter, now, dashboardUrl: config.DASHBOARD_URL },
  });
  // Digests: an .eml file per e-mail in <data>/outbox/email, and SMTP too when KOE_SMTP_URL is set.
  const mailer = new LocalMailer({ outboxDir: dir('outbox/email'), smtpUrl: config.KOE_SMTP_URL });
  const delivery = {
    subscriptions: new DynamoSubscriptionStore(dynamo, config.TABLE_NAME),
    deliveries: new DynamoDeliveryStore(dynamo, config.TABLE_NAME),
    render: lazyDigestRenderer({ rollups, trends, items: store, now }),
    mailer,
    from: config.KOE_MAIL_FROM ?? 'Koe <koe@localhost>',
    dashboardUrl: config.DASHBOARD_URL,
    now,
  };
  const reportJob = makeReportHandler({ ...delivery, cursor: new DynamoJobCursor(dynamo, config.TABLE_NAME) });
  const sweepJob = makeSweepHandler({ store, queue, now });
  const scheduler = new InProcessScheduler({
    timeZone: timezone,
    schedules: SCHEDULES,
    targets: {
      rollup: (event) => rollupJob(event, makeLambdaContext({ fn: 'rollup', timeoutMs: 300_000 })),
      trends: (event) => trendsJob(event, makeLambdaContext({ fn: 'trends', timeoutMs: 300_000 })),
      report: (event) => reportJob(event, makeLambdaContext({ fn: 'report', timeoutMs: 300_000 })),
      sweep: (event) => sweepJob(event, makeLambdaContext({ fn: 'sweep', timeoutMs: 300_000 })),
    },
  });

  queue.start(
    makeAnalyzeHandler({
      store,
      analyzer: createLocalAnalyzer(),
      sla,
      now,
      maxReceiveCount: config.ANALYSIS_MAX_RECEIVE_COUNT,
      alerts: { store: alertMarks, sender: alertSender, dashboardUrl: config.DASHBOARD_URL },
    }),
  );
  const server = await startHttpServer({
    port: options.port,
    host: options.host,
    routes: ROUTES,
    handlers: {
      ingest: makeIngestHandler({ store, queue, dataRange, now, pseudonymKey }),
      status: makeStatusHandler({ backlog: queue, dataRange, now }),
      query: makeQueryHandler({ store, audit: triageStore, now, analysisQueue: queue }),
      admin: makeAdminHandler({ deadLetters: queue }),
      triage: makeTriageHandler({ store: triageStore, sla, now }),
      keys: makeKeysHandler({ keys, now }),
      metrics: makeMetricsHandler({ items: store, rollups, trends, now, timezone, topThemes }),
      subscriptions: makeSubscriptionsHandler({ ...delivery, timezone }),
      export: makeExportHandler({ store, now }),
      transcripts: makeTranscriptsHandler({ store: transcriptStore, queue, now, pseudonymKey }),
      // Signed webhooks: secrets from KOE_WEBHOOK_SECRET_<TOOL> / KOE_WEBHOOK_SECRETS_FILE (or the SSM parameter).
      webhooks: makeWebhooksHandler({
        store: transcriptStore,
        queue,
        now,
        pseudonymKey,
        secrets: webhookSecretsFromConfig(config),
      }),
      'digest-preview': makeDigestPreviewHandler({
        render: lazyDigestRenderer({ rollups, trends, items: store, now }),
        timezone,
        ...(config.DASHBOARD_URL ? { dashboardUrl: config.DASHBOARD_URL } : {}),
        now,
      }),
    },
    // The same check the Lambda authorizer runs on AWS, before every handler.
    authorize: (routeKey, headers) => authorizeRoute(routeKey, headers, { keys, bootstrapKey }),
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
      await queue.drain();
      mailer.close();
      dynamo.destroy();
      await engine.stop();
    },
  };
};
