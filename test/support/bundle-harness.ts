import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { type AddressInfo, createConnection, createServer as createTcpServer } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from '../../infra/aws/constructs/koe-function.js';

/** The harness script that loads a bundle as Lambda does (a fresh Node process, `import()` of index.mjs). */
export const INVOKE_BUNDLE = join(REPO_ROOT, 'test/support/invoke-bundle.mjs');

/** Where bundles are built for the harness: inside the repository (gitignored), so they resolve node_modules. */
export const bundleDir = (label: string) => join(REPO_ROOT, '.koe', 'bundles', `${label}-${randomUUID().slice(0, 8)}`);

const listen = async (server: Server | ReturnType<typeof createTcpServer>) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
};

/**
 * A TCP port that pipes every connection to dynalite's Unix socket: the bundled function's own
 * DynamoDBClient reaches the engine through AWS_ENDPOINT_URL_DYNAMODB, byte for byte.
 */
export const tcpToSocket = async (socketPath: string) => {
  const server = createTcpServer((client) => {
    const upstream = createConnection(socketPath);
    client.pipe(upstream).pipe(client);
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    // Either side ending ends both: a half-open pair would keep the server from closing.
    for (const socket of [client, upstream]) {
      socket.on('error', close);
      socket.on('close', close);
      socket.on('end', close);
    }
  });
  const port = await listen(server);
  return { endpoint: `http://127.0.0.1:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
};

/**
 * The analysis queue's SQS API as far as ingest uses it (SendMessageBatch, AWS JSON protocol): records each
 * message body, so the test can hand them to the bundled analyze function as the event source would.
 */
export const recordingSqs = async () => {
  const bodies: string[] = [];
  const server = createHttpServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => {
      raw += chunk;
    });
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      res.setHeader('content-type', 'application/x-amz-json-1.0');
      if (target !== 'AmazonSQS.SendMessageBatch') {
        res.statusCode = 400;
        res.end(JSON.stringify({ __type: 'com.amazonaws.sqs#InvalidAction', message: `not served: ${target}` }));
        return;
      }
      const { Entries } = JSON.parse(raw) as { Entries: Array<{ Id: string; MessageBody: string }> };
      const Successful = Entries.map((e) => {
        bodies.push(e.MessageBody);
        return {
          Id: e.Id,
          MessageId: randomUUID(),
          MD5OfMessageBody: createHash('md5').update(e.MessageBody).digest('hex'),
        };
      });
      res.end(JSON.stringify({ Successful, Failed: [] }));
    });
  });
  const port = await listen(server);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    queueUrl: `http://127.0.0.1:${port}/000000000000/koe-analysis`,
    bodies,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
};

/** What one harness run gives back: the module-load time, each invocation's result, and its output (stdout, then stderr: both reach CloudWatch on Lambda). */
export interface BundleRun<R> {
  loadMs: number;
  results: R[];
  logs: string;
}

/** Runs `node invoke-bundle.mjs` on a bundle with the events, in an environment like Lambda's. */
export const invokeBundle = async <R>(
  bundle: string,
  events: unknown[],
  env: Record<string, string>,
): Promise<BundleRun<R>> => {
  const dir = join(REPO_ROOT, '.koe', 'bundles', `run-${randomUUID().slice(0, 8)}`);
  mkdirSync(dir, { recursive: true });
  const eventsFile = join(dir, 'events.json');
  const outFile = join(dir, 'out.json');
  writeFileSync(eventsFile, JSON.stringify(events));
  try {
    const logs = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        [INVOKE_BUNDLE, bundle, eventsFile, outFile],
        // Only what Lambda would set: no tsx loader, no test runner's variables.
        { env: { PATH: process.env.PATH ?? '', ...env }, maxBuffer: 16 * 1024 * 1024 },
        (error, out, err) => (error ? reject(new Error(`${error.message}\n${err}`)) : resolve(`${out}\n${err}`)),
      ),
    );
    const { loadMs, results } = JSON.parse(readFileSync(outFile, 'utf8')) as { loadMs: number; results: R[] };
    return { loadMs, results, logs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
