/**
 * The embedded DynamoDB engine in its own process: dynalite on a Unix socket that only this user can
 * open (0600, created under a 0177 umask so it is never reachable, even for an instant), with no CORS
 * answers. It runs off the stack's event loop (the second core) and exits when its parent goes away.
 *
 * Started by infra/local/dynalite.ts with an IPC channel; the options come as JSON in argv[2]. It answers
 * `{ready: true}` or `{error, file?}` once, and `{type: 'stats'}` requests with LevelDB's own numbers.
 */
import { unlinkSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { ClassicLevel } from 'classic-level';
import { cacheExpressionParses, type ExpressionParser } from './expression-cache.js';
import { checkLevelDb, LevelDbCorruptionError } from './leveldb-check.js';

interface ChildOptions {
  socketPath: string;
  path?: string | undefined;
}

const send = (message: object) => process.send?.(message);
const options = JSON.parse(process.argv[2] ?? '{}') as ChildOptions;

/** Opens (and closes) the folder once ourselves: a lock held by a dying predecessor is waited out. */
const openOnce = async (path: string) => {
  for (let attempt = 0; ; attempt++) {
    const db = new ClassicLevel(path, { createIfMissing: true });
    try {
      await db.open();
      await db.close();
      return;
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const locked = cause?.code === 'LEVEL_LOCKED' || /lock/i.test(cause?.message ?? '');
      if (!locked || attempt >= 50) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
};

/**
 * The one place a LevelDB error becomes a DynamoDB 500 for the request that hit it; the process lives on.
 * A damaged block answers `StoreCorruptionException`: it will not heal on a retry (Koe reports a 500 and
 * `koe doctor --repair` fixes the folder), unlike DynamoDB's `InternalServerError`, which is transient.
 */
const internalError = (res: ServerResponse, error: unknown) => {
  const message = (error as Error)?.message ?? String(error);
  const code = (error as { code?: string })?.code ?? '';
  process.stderr.write(`koe dynalite: request failed: ${code} ${message}\n`);
  if (res.headersSent) return res.destroy();
  const corrupt = code === 'LEVEL_CORRUPTION' || /corrupt|checksum/i.test(message);
  const body = JSON.stringify({
    __type: corrupt ? 'com.koe.local#StoreCorruptionException' : 'com.amazonaws.dynamodb.v20120810#InternalServerError',
    message: corrupt
      ? `embedded database damaged (run koe doctor --repair): ${message.slice(0, 300)}`
      : `embedded database error: ${message.slice(0, 300)}`,
  });
  res.writeHead(500, { 'content-type': 'application/x-amz-json-1.0', 'content-length': Buffer.byteLength(body) });
  res.end(body);
};

const inFlight = new Set<ServerResponse>();

// dynalite keeps its LevelDB handle to itself; the subclass lets this process compact it when idle and
// report its numbers. It must replace `level`'s export before dynalite is loaded (dynalite destructures it).
const require = createRequire(import.meta.url);
type Level = ClassicLevel<string, unknown>;
type Iterator = { close(): Promise<void>; return?: () => Promise<void> };
const levelModule = require('level') as { Level: new (location: string, options?: object) => IteratingLevel };
let database: Level | undefined;
/**
 * dynalite's query and scan streams end their iterator with `iterator.return()`, which abstract-level's
 * iterators do not have: without it every Query and Scan left a LevelDB iterator open for good, each pinning
 * the table files of its moment, so compaction could never delete the files it replaced (the airline
 * import's data folder reached 246 × its CSV, and the engine's memory grew with it).
 */
const closable = <T extends Iterator>(iterator: T): T => {
  iterator.return ??= () => iterator.close();
  return iterator;
};
interface IteratingLevel {
  iterator(options?: object): Iterator;
  keys(options?: object): Iterator;
  values(options?: object): Iterator;
}
/** `Base` whose iterators end on `return()`. */
const withClosableIterators = <C extends new (...args: never[]) => IteratingLevel>(Base: C) =>
  class extends (Base as unknown as new (...args: unknown[]) => IteratingLevel) {
    override iterator(options?: object) {
      return closable(super.iterator(options));
    }
    override keys(options?: object) {
      return closable(super.keys(options));
    }
    override values(options?: object) {
      return closable(super.values(options));
    }
  } as unknown as C;
/**
 * LevelDB's table block, before compression: 64 KB, not its 4 KB default. A stored item is ~2.4 KB of
 * DynamoDB JSON whose attribute names repeat from item to item; snappy compresses within a block, so a
 * block of 1–2 items found little to share. The airline tweets' analysed database (items, both indexes,
 * the February roll-ups), compacted: 43.2 MB at 4 KB, 30.0 MB at 16 KB, 25.5 MB at 64 KB, 24.9 MB at 256 KB.
 * A point read decompresses one block (tens of microseconds at 64 KB, far below a request's cost).
 */
const BLOCK_SIZE = 65_536;
const ClosableLevel = withClosableIterators(levelModule.Level);
levelModule.Level = class extends ClosableLevel {
  constructor(location: string, options?: object) {
    super(location, { ...options, blockSize: BLOCK_SIZE });
    database = this as unknown as Level;
  }
};
const memoryModule = require('memory-level') as { MemoryLevel: new (options?: object) => IteratingLevel };
memoryModule.MemoryLevel = withClosableIterators(memoryModule.MemoryLevel);
// The same module objects dynalite's validations hold: each request's expressions are parsed once per text.
cacheExpressionParses(
  ['conditionParser', 'updateParser', 'projectionParser'].map(
    (name) => require(`dynalite/db/${name}`) as ExpressionParser,
  ),
);

const IDLE_MS = 10_000;
let writesSinceCompaction = 0;
let lastRequest = Date.now();
let compacting = false;

/** Compacts the whole key range once the engine has been idle a while after writes: superseded versions go. */
const compactWhenIdle = async () => {
  if (compacting || !database || writesSinceCompaction === 0 || Date.now() - lastRequest < IDLE_MS) return;
  compacting = true;
  writesSinceCompaction = 0;
  try {
    await database.compactRange('\u0000', '\uffff');
  } catch (error) {
    process.stderr.write(`koe dynalite: compaction failed: ${(error as Error).message}\n`);
  } finally {
    compacting = false;
  }
};

const start = async () => {
  if (options.path) {
    checkLevelDb(options.path);
    await openOnce(options.path);
  }
  const { default: dynalite } = await import('dynalite');
  const server: Server = dynalite({ path: options.path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const [dynaliteHandler] = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    // No browser may talk to the database: no preflight answer and no CORS header on anything.
    if (req.method === 'OPTIONS' || req.headers.origin !== undefined) {
      res.writeHead(403, { 'content-length': 0 });
      return res.end();
    }
    lastRequest = Date.now();
    if (req.headers['x-amz-target'] !== 'DynamoDB_20120810.GetItem') writesSinceCompaction++;
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
    try {
      dynaliteHandler?.(req, res);
    } catch (error) {
      internalError(res, error);
    }
  });
  // dynalite rethrows storage errors from its callbacks (`if (err) throw err`): such an error fails the
  // requests in flight with a 500 naming the cause, not the engine.
  process.on('uncaughtException', (error) => {
    for (const res of inFlight) internalError(res, error);
    inFlight.clear();
  });
  try {
    unlinkSync(options.socketPath); // a stale socket of a killed run; the LevelDB lock above is the real guard
  } catch {}
  const previous = process.umask(0o177);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.socketPath, () => resolve());
  });
  process.umask(previous);
  // Every acknowledged write is already in LevelDB's log (the OS has it), so a stop that outlasts 2 s can
  // exit without waiting for keep-alive sockets or LevelDB's own close.
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 2_000).unref();
  };
  process.on('disconnect', stop);
  // And if the disconnect went unnoticed (a parent killed mid-stop), the engine does not outlive it.
  setInterval(() => {
    if (!process.connected) process.exit(0);
  }, 2_000).unref();
  process.on('message', (message: { type?: string; id?: number }) => {
    if (message?.type === 'stop') stop();
    if (message?.type === 'compact') {
      lastRequest = 0;
      writesSinceCompaction++;
      void compactWhenIdle().then(() => send({ type: 'compacted', id: message.id }));
    }
  });
  if (options.path) setInterval(() => void compactWhenIdle(), IDLE_MS / 2).unref();
  send({ ready: true });
};

start().catch((error: unknown) => {
  send(
    error instanceof LevelDbCorruptionError
      ? { error: error.message, file: error.file, problem: error.problem }
      : { error: (error as Error)?.message ?? String(error), cause: (error as { cause?: Error })?.cause?.message },
  );
  process.exit(1);
});
