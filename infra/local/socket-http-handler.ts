import { createConnection, type Socket } from 'node:net';
import type { HttpHandlerOptions, HttpRequest, HttpResponse, RequestHandler } from '@smithy/types';

/** Options of the engine's request handler. */
export interface SocketHttpHandlerOptions {
  /** Connections open at most; more requests wait for one. Default 64. */
  maxSockets?: number;
  /** A request without its whole answer after this long fails with a TimeoutError (and the SDK retries it). */
  requestTimeoutMs?: number;
  /**
   * An idle connection older than this is closed rather than reused: the engine's HTTP server closes idle
   * keep-alive connections after 5 s, and a request written into one it is closing fails.
   */
  idleMs?: number;
}

interface Pending {
  resolve: (value: { response: HttpResponse }) => void;
  reject: (error: Error) => void;
  deadline: number;
}

const CRLF2 = Buffer.from('\r\n\r\n');

/** How the answer's body ends: after Content-Length bytes (all of dynalite's answers but one), chunked, or at close. */
type Framing = { kind: 'length'; length: number } | { kind: 'chunked' } | { kind: 'close' };

interface Head {
  statusCode: number;
  reason: string;
  headers: Record<string, string>;
  framing: Framing;
  /** Where the body starts in the buffered bytes. */
  start: number;
}

const outOfStep = (message: string) => Object.assign(new Error(message), { code: 'ECONNRESET' });

/** A chunked body decoded from `bytes` at `start`, or undefined while it is incomplete (trailers are skipped). */
const dechunk = (bytes: Buffer, start: number): { body: Buffer; end: number } | undefined => {
  const parts: Buffer[] = [];
  let at = start;
  for (;;) {
    const lineEnd = bytes.indexOf('\r\n', at);
    if (lineEnd === -1) return undefined;
    const size = Number.parseInt(bytes.toString('latin1', at, lineEnd).split(';')[0] ?? '', 16);
    if (!Number.isInteger(size) || size < 0) throw outOfStep('unreadable chunk from the engine');
    if (size === 0) {
      // The last chunk, then trailers (none from dynalite) and an empty line.
      const close =
        bytes.indexOf('\r\n', lineEnd + 2) === lineEnd + 2 ? lineEnd + 4 : bytes.indexOf(CRLF2, lineEnd) + 4;
      if (close < 4 || close > bytes.length) return undefined;
      return { body: Buffer.concat(parts), end: close };
    }
    if (bytes.length < lineEnd + 2 + size + 2) return undefined;
    parts.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
};

/** One keep-alive HTTP/1.1 connection to the engine: one request at a time, its whole answer collected as bytes. */
class Connection {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private head: Head | undefined;
  pending?: Pending | undefined;
  idleSince = 0;
  closed = false;

  constructor(
    readonly socket: Socket,
    private readonly onFree: (connection: Connection) => void,
    private readonly onClose: (connection: Connection) => void,
  ) {
    socket.on('data', (chunk: Buffer) => this.data(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // No socket file means the engine is not running: what a refused connection means on a TCP port.
      if (error.code === 'ENOENT') error.code = 'ECONNREFUSED';
      this.fail(error);
    });
    socket.on('close', () => {
      // An answer without a length ends where the connection does.
      if (this.pending && this.head?.framing.kind === 'close') {
        const all = this.bytes();
        this.finish(this.head, all.subarray(this.head.start), false);
      }
      this.fail(outOfStep('the engine closed the connection'));
    });
  }

  send(head: string, body: string | Uint8Array | undefined, pending: Pending): void {
    this.pending = pending;
    // One write (one system call) for the head and the body.
    if (body === undefined || typeof body === 'string') this.socket.write(body ? head + body : head);
    else this.socket.write(Buffer.concat([Buffer.from(head), body]));
  }

  fail(error: Error): void {
    if (!this.closed) {
      this.closed = true;
      this.socket.destroy();
      this.onClose(this);
    }
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(error);
  }

  private bytes(): Buffer {
    const all = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks, this.buffered);
    this.chunks = [all];
    return all;
  }

  private data(chunk: Buffer): void {
    if (!this.pending) {
      // Bytes nobody asked for: the connection is out of step; drop it.
      this.fail(outOfStep('unexpected data from the engine'));
      return;
    }
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    try {
      if (!this.head) {
        const all = this.bytes();
        const end = all.indexOf(CRLF2);
        if (end === -1) return;
        this.head = this.parseHead(all.toString('latin1', 0, end), end + 4);
      }
      const { framing, start } = this.head;
      if (framing.kind === 'close') return;
      if (framing.kind === 'length') {
        if (this.buffered < start + framing.length) return;
        if (this.buffered > start + framing.length) throw outOfStep('unexpected data from the engine');
        const all = this.bytes();
        this.finish(this.head, all.subarray(start, start + framing.length), true);
        return;
      }
      const decoded = dechunk(this.bytes(), start);
      if (!decoded) return;
      if (decoded.end !== this.buffered) throw outOfStep('unexpected data from the engine');
      this.finish(this.head, decoded.body, true);
    } catch (error) {
      this.fail(error as Error);
    }
  }

  private parseHead(text: string, start: number): Head {
    const lines = text.split('\r\n');
    const status = /^HTTP\/1\.[01] (\d{3}) ?(.*)$/.exec(lines[0] ?? '');
    if (!status) throw outOfStep('unreadable answer from the engine');
    const headers: Record<string, string> = {};
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i] as string;
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    let framing: Framing;
    if (headers['transfer-encoding'] !== undefined) {
      if (headers['transfer-encoding'].toLowerCase() !== 'chunked')
        throw outOfStep('unreadable answer from the engine');
      framing = { kind: 'chunked' };
    } else if (headers['content-length'] !== undefined) {
      const length = Number(headers['content-length']);
      if (!Number.isInteger(length) || length < 0) throw outOfStep('unreadable answer from the engine');
      framing = { kind: 'length', length };
    } else framing = { kind: 'close' };
    return { statusCode: Number(status[1]), reason: status[2] ?? '', headers, framing, start };
  }

  private finish(head: Head, body: Buffer, reusable: boolean): void {
    this.chunks = [];
    this.buffered = 0;
    this.head = undefined;
    const pending = this.pending;
    this.pending = undefined;
    if (!reusable || head.framing.kind === 'close' || head.headers.connection?.toLowerCase() === 'close') {
      if (!this.closed) {
        this.closed = true;
        this.socket.destroy();
        this.onClose(this);
      }
    } else {
      this.idleSince = Date.now();
      this.onFree(this);
    }
    const { statusCode, reason, headers } = head;
    pending?.resolve({
      response: { statusCode, reason, headers, body: new Uint8Array(body.buffer, body.byteOffset, body.length) },
    });
  }
}

const timeoutError = () => Object.assign(new Error('the engine did not answer in time'), { name: 'TimeoutError' });

/**
 * The DynamoDB client's HTTP handler for the embedded engine: HTTP/1.1 keep-alive connections to its Unix
 * socket, each request written in one system call and its answer (always with Content-Length: dynalite
 * sends no other kind) collected into bytes. It replaces the SDK's NodeHttpHandler over node:http, whose
 * request objects, streams, agent bookkeeping and five timers per request were the largest share of the
 * stack's CPU per DynamoDB call after the middlewares (docs/local-runtime.md). The client, its
 * middlewares, serialisation and retries are the SDK's own; only the transport differs.
 */
export class SocketHttpHandler implements RequestHandler<HttpRequest, HttpResponse, HttpHandlerOptions> {
  readonly metadata = { handlerProtocol: 'http/1.1' };
  private readonly idle: Connection[] = [];
  private readonly all = new Set<Connection>();
  private readonly waiting: Array<(connection: Connection | Error) => void> = [];
  private readonly maxSockets: number;
  private readonly requestTimeoutMs: number;
  private readonly idleMs: number;
  private timer?: NodeJS.Timeout | undefined;
  private destroyed = false;

  constructor(
    private readonly socketPath: string,
    options: SocketHttpHandlerOptions = {},
  ) {
    this.maxSockets = options.maxSockets ?? 64;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
    this.idleMs = options.idleMs ?? 4_000;
  }

  async handle(request: HttpRequest, options: HttpHandlerOptions = {}): Promise<{ response: HttpResponse }> {
    if (this.destroyed) throw Object.assign(new Error('the engine client was destroyed'), { code: 'ECONNREFUSED' });
    if (options.abortSignal?.aborted) throw Object.assign(new Error('Request aborted'), { name: 'AbortError' });
    let path = request.path;
    const query = request.query ? new URLSearchParams(request.query as Record<string, string>).toString() : '';
    if (query) path += `?${query}`;
    let head = `${request.method} ${path} HTTP/1.1\r\n`;
    for (const name in request.headers) head += `${name}: ${request.headers[name]}\r\n`;
    head += '\r\n';
    const body = request.body as string | Uint8Array | undefined;
    const connection = await this.checkout();
    this.ensureTimer();
    return new Promise((resolve, reject) => {
      connection.send(head, body, {
        resolve,
        reject,
        deadline: Date.now() + (options.requestTimeout ?? this.requestTimeoutMs),
      });
    });
  }

  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }

  destroy(): void {
    this.destroyed = true;
    clearInterval(this.timer);
    this.timer = undefined;
    for (const connection of [...this.all])
      connection.fail(Object.assign(new Error('destroyed'), { code: 'ECONNRESET' }));
    for (const waiter of this.waiting.splice(0))
      waiter(Object.assign(new Error('the engine client was destroyed'), { code: 'ECONNREFUSED' }));
  }

  private checkout(): Promise<Connection> {
    const now = Date.now();
    while (this.idle.length) {
      const connection = this.idle.pop() as Connection;
      if (connection.closed) continue;
      if (now - connection.idleSince < this.idleMs) {
        connection.socket.ref();
        return Promise.resolve(connection);
      }
      connection.fail(new Error('idle'));
    }
    if (this.all.size < this.maxSockets) return Promise.resolve(this.connect());
    return new Promise((resolve, reject) => this.waiting.push((c) => (c instanceof Error ? reject(c) : resolve(c))));
  }

  private connect(): Connection {
    const socket = createConnection(this.socketPath);
    const connection = new Connection(
      socket,
      (c) => this.release(c),
      (c) => {
        this.all.delete(c);
        // A waiter gets a new connection in place of the one that closed.
        const waiter = this.waiting.shift();
        if (waiter && !this.destroyed) waiter(this.connect());
      },
    );
    this.all.add(connection);
    return connection;
  }

  private release(connection: Connection): void {
    const waiter = this.waiting.shift();
    if (waiter) waiter(connection);
    else {
      // An idle connection does not keep the process alive (node:http's keep-alive agent does the same).
      connection.socket.unref();
      this.idle.push(connection);
    }
  }

  /** One timer for every request's deadline (a timer per request was a measurable share of a call). */
  private ensureTimer(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      const now = Date.now();
      let busy = false;
      for (const connection of this.all) {
        if (!connection.pending) continue;
        busy = true;
        if (connection.pending.deadline <= now) connection.fail(timeoutError());
      }
      if (!busy && this.waiting.length === 0) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
    }, 1_000);
    this.timer.unref();
  }
}
