/**
 * The analysis consumer's thread (infra/local/analysis-thread.ts starts it): the analyze handler with its own
 * DynamoDB client on the engine's socket, its analyzer and its alert sender, off the HTTP server's event loop.
 * It answers each batch the queue delivers with the handler's partial batch response, or with the error the
 * handler threw; the queue itself (its files, retries and dead letters) stays on the main thread.
 */
import { join } from 'node:path';
import { parentPort } from 'node:worker_threads';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { analyzeDeps } from '../../functions/analyze/deps.js';
import { makeHandler as makeAnalyzeHandler } from '../../functions/analyze/handler.js';
import { loadConfig } from '../../functions/lib/config.js';
import { LocalAlertSender } from '../../shared/adapters/outbox/local-alert-sender.js';
import { present } from '../../shared/present.js';
import { dynamoClientForSocket } from './dynalite.js';
import { makeLambdaContext } from './lambda-context.js';

/** What the thread is started with: the stack's environment (its config), data folder and engine socket. */
export interface AnalysisThreadSetup {
  env: Record<string, string | undefined>;
  dataDir?: string | undefined;
  dynamoSocket: string;
}

/**
 * From the main thread: what to build the consumer from (once, first), a batch with what its Lambda Context
 * needs, or the end (nothing is in flight).
 */
export type ToWorkerMessage =
  | { type: 'open'; setup: AnalysisThreadSetup }
  | { type: 'batch'; seq: number; event: SQSEvent; functionName: string; awsRequestId: string; remainingMs: number }
  | { type: 'stop' };

/** To the main thread: ready for batches (or why not), and each batch's response or the error it threw. */
export type ToMainMessage =
  | { type: 'ready' }
  | { type: 'start-failed'; name: string; message: string }
  | { type: 'result'; seq: number; response: SQSBatchResponse | undefined }
  | { type: 'failed'; seq: number; name: string; message: string };

const port = present(parentPort ?? undefined, 'parent port of the analysis worker');
const post = (message: ToMainMessage) => port.postMessage(message);
const errorFields = (error: unknown) => ({
  name: error instanceof Error ? error.name : 'Error',
  message: error instanceof Error ? error.message : String(error),
});

type Batch = ToWorkerMessage & { type: 'batch' };

/** The analyze handler as the stack builds it, with this thread's own client and alert sender. */
const open = (setup: AnalysisThreadSetup) => {
  const config = loadConfig(setup.env);
  // The stack's own client settings (infra/local/stack.ts): the middleware stack resolved once per command.
  const dynamo = dynamoClientForSocket(setup.dynamoSocket, { cacheMiddleware: true });
  const handler = makeAnalyzeHandler(
    analyzeDeps(config, {
      dynamo,
      now: () => new Date(),
      // Critical items alert at once: a JSON file per alert in the outbox, and the webhook if configured.
      alertSender: new LocalAlertSender({
        outboxDir: setup.dataDir ? join(setup.dataDir, 'outbox', 'alerts') : undefined,
        webhookUrl: config.KOE_ALERT_WEBHOOK_URL,
        webhookFormat: config.KOE_ALERT_WEBHOOK_FORMAT,
      }),
    }),
  );
  const run = async ({ seq, event, functionName, awsRequestId, remainingMs }: Batch) => {
    const context = makeLambdaContext({ fn: functionName.replace(/^koe-/, ''), timeoutMs: remainingMs, awsRequestId });
    try {
      const response = (await handler(event, context)) as SQSBatchResponse | undefined;
      post({ type: 'result', seq, response });
    } catch (error) {
      post({ type: 'failed', seq, ...errorFields(error) });
    }
  };
  return { run, close: () => dynamo.destroy() };
};

// The modules above load as soon as the thread starts (while the main thread still builds the stack); the
// consumer is built when the stack knows its engine's socket.
let consumer: ReturnType<typeof open> | undefined;
port.on('message', (message: ToWorkerMessage) => {
  if (message.type === 'batch') {
    void present(consumer, 'the analysis consumer (opened before its first batch)').run(message);
  } else if (message.type === 'open') {
    try {
      consumer = open(message.setup);
      post({ type: 'ready' });
    } catch (error) {
      post({ type: 'start-failed', ...errorFields(error) });
      port.close();
    }
  } else {
    // Sent once the queue has drained: nothing is in flight. Without the port and the client's sockets the thread ends.
    consumer?.close();
    port.close();
  }
});
