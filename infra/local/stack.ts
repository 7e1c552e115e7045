import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { makeHandler as makeAdminHandler } from '../../functions/admin/handler.js';
import { makeHandler as makeAnalyzeHandler } from '../../functions/analyze/handler.js';
import { makeHandler as makeIngestHandler } from '../../functions/ingest/handler.js';
import { loadConfig } from '../../functions/lib/config.js';
import { makeHandler as makeQueryHandler } from '../../functions/query/handler.js';
import { ROUTES } from '../../functions/routes.js';
import { DynamoFeedbackStore } from '../../shared/adapters/dynamo/feedback-store.js';
import { ensureTable } from '../../shared/adapters/dynamo/table.js';
import { createLocalAnalyzer } from '../../shared/analysis/local-analyzer.js';
import { startDynalite } from './dynalite.js';
import { startHttpServer } from './http-server.js';
import { InProcessQueue } from './queue.js';

/** How to start the local stack. */
export interface LocalStackOptions {
  port: number;
  host?: string;
  /** Folder for DynamoDB data, the queue and the outbox; absent = everything in memory. */
  dataDir?: string;
  /** Extra environment (defaults to process.env); the same variables as on AWS. */
  env?: NodeJS.ProcessEnv;
}

/** A running local stack. */
export interface LocalStack {
  url: string;
  dynamoEndpoint: string;
  queue: InProcessQueue;
  stop(): Promise<void>;
}

const WEB_DIR = fileURLToPath(new URL('../../web/', import.meta.url));

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

  const engine = await startDynalite({ path: dir('dynamo') });
  const dynamo = new DynamoDBClient({
    endpoint: engine.endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await ensureTable(dynamo, config.TABLE_NAME);
  const store = new DynamoFeedbackStore(dynamo, config.TABLE_NAME);
  const queue = new InProcessQueue({
    name: 'koe-analysis',
    dataDir: dir('queue'),
    maxReceiveCount: config.ANALYSIS_MAX_RECEIVE_COUNT,
  });
  const now = () => new Date();

  queue.start(
    makeAnalyzeHandler({
      store,
      analyzer: createLocalAnalyzer(),
      now,
      maxReceiveCount: config.ANALYSIS_MAX_RECEIVE_COUNT,
    }),
  );
  const server = await startHttpServer({
    port: options.port,
    host: options.host,
    routes: ROUTES,
    handlers: {
      ingest: makeIngestHandler({ store, queue, now }),
      query: makeQueryHandler({ store }),
      admin: makeAdminHandler({ deadLetters: queue }),
    },
    staticDir: WEB_DIR,
  });

  return {
    url: server.url,
    dynamoEndpoint: engine.endpoint,
    queue,
    stop: async () => {
      await server.close();
      await queue.drain();
      dynamo.destroy();
      await engine.stop();
    },
  };
};
