// build: keeps its own import.meta.url (it finds its compiled sibling, dynalite-child.js, next to itself)
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { present } from '../../shared/present.js';
import { LevelDbCorruptionError } from './leveldb-check.js';
import { SocketHttpHandler } from './socket-http-handler.js';

/** A running embedded DynamoDB engine, reachable only through its Unix socket. */
export interface DynaliteEngine {
  /** The 0600 Unix socket dynalite listens on (in the data folder, or a private temporary folder). */
  socketPath: string;
  /** The engine's process id. */
  pid: number;
  /** A DynamoDB client that talks to this engine through the socket. */
  client(config?: Partial<DynamoDBClientConfig>): DynamoDBClient;
  /** Compacts the LevelDB files now (the engine also does it by itself when idle after writes). */
  compact(): Promise<void>;
  stop(): Promise<void>;
}

// Run from TypeScript (tests, tsx) the child is the .ts file loaded through tsx; compiled, its .js sibling.
const here = fileURLToPath(import.meta.url);
const childEntry = here.endsWith('.ts')
  ? { file: join(dirname(here), 'dynalite-child.ts'), execArgv: ['--import', 'tsx'] }
  : { file: join(dirname(here), 'dynalite-child.js'), execArgv: [] };

/**
 * dynalite checks that a request carries a SigV4-shaped Authorization header, never its signature: on a
 * socket only this user can open the signature proves nothing, and computing it (a canonical request,
 * two hashes and four HMACs per call) was a tenth of the stack's CPU per DynamoDB call.
 */
const localSigner: NonNullable<DynamoDBClientConfig['signer']> = {
  sign: async (request) => {
    request.headers['x-amz-date'] = '20260101T000000Z';
    request.headers.authorization =
      'AWS4-HMAC-SHA256 Credential=local/20260101/local/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=0';
    return request;
  },
};

/** A DynamoDB client for the engine listening on `socketPath` (what the stack, the tests and the CLI use). */
export const dynamoClientForSocket = (socketPath: string, config: Partial<DynamoDBClientConfig> = {}) => {
  const client = new DynamoDBClient({
    endpoint: 'http://dynalite.local',
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    signer: localSigner,
    // HTTP/1.1 keep-alive on the socket, without node:http's per-request objects and timers; a request the
    // engine never answers fails after a minute (and is retried) instead of hanging its caller.
    requestHandler: new SocketHttpHandler(socketPath, { requestTimeoutMs: 60_000 }),
    ...config,
  });
  // The SDK's logger middleware copies every input and output through their schemas for a logger this
  // client does not have (a no-op): about a tenth of each call's CPU, for nothing.
  if (!config.logger) client.middlewareStack.remove('loggerMiddleware');
  // The user-agent string (built and escaped per call) and the Lambda trace header: nothing reads either here.
  client.middlewareStack.remove('getUserAgentMiddleware');
  client.middlewareStack.remove('recursionDetectionMiddleware');
  return client;
};

/** Why the engine did not start: a damaged database names its file and the recovery. */
export class DynaliteStartError extends Error {
  override readonly name = 'DynaliteStartError';
}

/**
 * Starts dynalite in a child process (off this event loop) on a Unix socket with 0600 permissions:
 * `path` persists data in a LevelDB folder (checked for damage first; the socket is `<path>.sock`),
 * absent means in memory (the socket in a private temporary folder).
 */
export const startDynalite = async (options: { path?: string | undefined } = {}): Promise<DynaliteEngine> => {
  const privateDir = options.path ? undefined : mkdtempSync(join(tmpdir(), 'koe-dynalite-'));
  const socketPath = privateDir ? join(privateDir, 'dynamo.sock') : `${options.path}.sock`;
  const child: ChildProcess = spawn(
    process.execPath,
    [...childEntry.execArgv, childEntry.file, JSON.stringify({ socketPath, path: options.path })],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: process.env },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await new Promise<void>((resolve, reject) => {
      child.once(
        'message',
        (message: { ready?: boolean; error?: string; file?: string; problem?: string; cause?: string }) => {
          if (message.ready) return resolve();
          reject(
            message.file
              ? new LevelDbCorruptionError(message.file, message.problem ?? 'damaged')
              : new DynaliteStartError(
                  `the embedded database did not start: ${message.error}${message.cause ? ` (${message.cause})` : ''}`,
                ),
          );
        },
      );
      child.once('exit', (code) => reject(new DynaliteStartError(`the embedded database exited (code ${code})`)));
      child.once('error', reject);
    });
  } catch (error) {
    if (privateDir) rmSync(privateDir, { recursive: true, force: true });
    throw error;
  }
  // Off the stack's event loop, but not kept alive by it: the stack's own handles decide when it exits.
  child.unref();
  (child.channel as { unref?: () => void } | undefined)?.unref?.();
  let compactions = 0;
  return {
    socketPath,
    pid: present(child.pid, 'process id of the started engine'),
    client: (config) => dynamoClientForSocket(socketPath, config),
    compact: () =>
      new Promise<void>((resolve) => {
        const id = ++compactions;
        const onMessage = (message: { type?: string; id?: number }) => {
          if (message.type !== 'compacted' || message.id !== id) return;
          child.off('message', onMessage);
          resolve();
        };
        child.on('message', onMessage);
        child.send({ type: 'compact', id });
      }),
    stop: async () => {
      // Waiting for the exit must keep this process alive (the handles were unref'd above).
      child.ref();
      (child.channel as { ref?: () => void } | undefined)?.ref?.();
      if (child.exitCode === null && child.signalCode === null && child.connected) child.send({ type: 'stop' });
      // The engine exits within 2 s of a stop on its own; one that does not (a lost message, a native
      // close that never returns) is killed: every acknowledged write is already in LevelDB's log.
      const kill = setTimeout(() => {
        process.stderr.write(`koe dynalite: no exit 10 s after stop, killing pid ${child.pid}\n`);
        child.kill('SIGKILL');
      }, 10_000);
      await exited;
      clearTimeout(kill);
      if (privateDir) rmSync(privateDir, { recursive: true, force: true });
    },
  };
};
