import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { Route } from '../../functions/routes.js';
import { present } from '../../shared/present.js';
import { makeLambdaContext } from './lambda-context.js';
import { type LocalLog, localLog } from './log.js';

/** An HTTP API handler as Lambda runs it behind API Gateway (payload format 2.0). */
export type ApiHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** Options of the local HTTP server. */
export interface HttpServerOptions {
  port: number;
  host?: string | undefined;
  routes: Route[];
  /** Handlers by function name (`Route.fn`). */
  handlers: Record<string, ApiHandler>;
  /** Served at `/` for GET and HEAD of paths outside the API (the dashboard). */
  staticDir?: string;
  /** Body cap, as API Gateway's 10 MB payload quota; the handlers enforce their own, smaller limit. */
  maxBodyBytes?: number;
  log?: LocalLog;
  /**
   * Runs before every handler, as the Lambda authorizer does on AWS (pass `authorizeRoute` from
   * functions/authorizer): a denial answers 401/403 without calling the handler; an allowed
   * principal reaches the handler as `requestContext.authorizer.lambda`.
   */
  authorize?: (routeKey: string, headers: Record<string, string | undefined>) => Promise<LocalAuthDecision>;
  /** Open connections at most; more are refused at once. Default 256. */
  maxConnections?: number;
  /** Time for a client to send its headers, and then its whole request, in ms. Defaults 10 s and 30 s. */
  timeouts?: { headersMs: number; requestMs: number };
}

/** What `authorize` answers: the same decision the Lambda authorizer maps to API Gateway. */
export type LocalAuthDecision =
  | { allowed: true; principal?: object | undefined }
  | { allowed: false; status: 401 | 403; message: string };

/** A running local HTTP server. */
export interface HttpServer {
  url: string;
  port: number;
  /** Requests answered since start, and how many of them were 5xx. */
  stats(): { requests: number; serverErrors: number; open: number };
  /** Stops accepting connections and resolves once the requests in flight are answered. */
  close(): Promise<void>;
}

/** How long a stop waits for the requests in flight before it cuts their connections. */
const CLOSE_GRACE_MS = 10_000;

const API_GATEWAY_MAX_BODY = 10 * 1024 * 1024;

// API Gateway passes these as text; anything else with a body reaches the handler base64-encoded.
const TEXT_TYPES = [
  /^text\//,
  /^application\/(json|xml|javascript|x-www-form-urlencoded|graphql|x-ndjson|jsonl?)$/,
  /\+(json|xml)$/,
];

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

interface CompiledRoute {
  route: Route;
  routeKey: string;
  segments: string[];
  handler: ApiHandler;
}

type Match =
  | { kind: 'route'; route: CompiledRoute; pathParameters?: Record<string, string> }
  | { kind: 'method'; allow: string[] }
  | { kind: 'none' };

const splitPath = (path: string) => path.split('/').slice(1);

const isParam = (segment: string) => segment.startsWith('{') && segment.endsWith('}');

const decode = (value: string) => {
  try {
    return decodeURIComponent(value);
  } catch {
    return value; // API Gateway passes malformed escapes through as they came
  }
};

/** Exact template match, as API Gateway does: literal segments equal, `{name}` matches one non-empty segment. */
const matchTemplate = (segments: string[], path: string[]): Record<string, string> | undefined => {
  if (segments.length !== path.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, template] of segments.entries()) {
    const actual = present(path[i], 'path segment'); // the lengths are equal
    if (isParam(template)) {
      if (actual === '') return undefined;
      params[template.slice(1, -1)] = decode(actual);
    } else if (template !== actual) return undefined;
  }
  return params;
};

const matchRoute = (routes: CompiledRoute[], method: string, rawPath: string): Match => {
  const path = splitPath(rawPath);
  const allow = new Set<string>();
  for (const compiled of routes) {
    const params = matchTemplate(compiled.segments, path);
    if (!params) continue;
    if (compiled.route.method === method) {
      return { kind: 'route', route: compiled, ...(Object.keys(params).length ? { pathParameters: params } : {}) };
    }
    allow.add(compiled.route.method);
  }
  return allow.size ? { kind: 'method', allow: [...allow].sort() } : { kind: 'none' };
};

const isTextType = (contentType: string | undefined) => {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type ? TEXT_TYPES.some((pattern) => pattern.test(type)) : false;
};

const isUtf8 = (bytes: Buffer) => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');
/** API Gateway's `requestContext.time`: `12/Mar/2020:19:03:58 +0000`. */
const gatewayTime = (d: Date) =>
  `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;

/** Query parameters as API Gateway v2 gives them: decoded, repeated keys joined with ','. */
const queryParameters = (rawQueryString: string): Record<string, string> | undefined => {
  if (!rawQueryString) return undefined;
  const params: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(rawQueryString)) {
    params[key] = key in params ? `${params[key]},${value}` : value;
  }
  return Object.keys(params).length ? params : undefined;
};

/** Reads the body up to `max` bytes; beyond that it keeps reading (so the client sees the answer) but drops the bytes. */
const readBody = (req: IncomingMessage, max: number) =>
  new Promise<{ bytes: Buffer; tooLarge: boolean }>((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = Number(req.headers['content-length'] ?? 0) > max;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
    });
    req.on('end', () => resolvePromise({ bytes: tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks), tooLarge }));
    req.on('error', reject);
  });

/** The headers as payload 2.0 gives them (lower-case, repeats joined, cookies apart), as the authorizer sees them. */
const eventHeaders = (req: IncomingMessage) => {
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const [name, values] of Object.entries(req.headersDistinct)) {
    if (!values) continue;
    // Payload 2.0 moves cookies out of the headers into `cookies`.
    if (name === 'cookie') {
      cookies = values.flatMap((v) => v.split(';').map((c) => c.trim())).filter(Boolean);
      continue;
    }
    headers[name] = values.join(',');
  }
  const sourceIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  headers['x-forwarded-for'] ??= sourceIp;
  headers['x-forwarded-proto'] ??= 'http';
  headers['x-forwarded-port'] ??= String(req.socket.localPort ?? '');
  return { headers, cookies, sourceIp };
};

/** A request that announces no body (no Content-Length or 0, not chunked). */
const isEmptyBody = (req: IncomingMessage) =>
  !req.headers['transfer-encoding'] && (req.headers['content-length'] ?? '0') === '0';

/** Builds the API Gateway HTTP API (payload 2.0) event for one request. */
const toEvent = (
  req: IncomingMessage,
  url: URL,
  rawPath: string,
  rawQueryString: string,
  body: Buffer,
  match: { route: CompiledRoute; pathParameters?: Record<string, string> },
  requestId: string,
  now: Date,
): APIGatewayProxyEventV2 => {
  const { headers, cookies, sourceIp } = eventHeaders(req);
  const domainName = url.host;
  const hasBody = body.length > 0;
  const text = hasBody && (isTextType(headers['content-type']) || (!headers['content-type'] && isUtf8(body)));
  const query = queryParameters(rawQueryString);
  // API Gateway leaves absent parts out rather than sending undefined.
  return {
    version: '2.0',
    routeKey: match.route.routeKey,
    rawPath,
    rawQueryString,
    ...(cookies ? { cookies } : {}),
    headers,
    ...(query ? { queryStringParameters: query } : {}),
    ...(match.pathParameters ? { pathParameters: match.pathParameters } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName,
      domainPrefix: domainName.split('.')[0] ?? domainName,
      http: {
        method: req.method ?? 'GET',
        path: rawPath,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: match.route.routeKey,
      stage: '$default',
      time: gatewayTime(now),
      timeEpoch: now.getTime(),
    },
    ...(hasBody ? { body: body.toString(text ? 'utf8' : 'base64') } : {}),
    isBase64Encoded: hasBody && !text,
  };
};

const sendJson = (
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string | string[]> = {},
) => {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    ...headers,
  });
  res.end(payload);
};

/** Maps the handler's result back as API Gateway does, including its inference for results without a statusCode. */
const writeResult = (res: ServerResponse, result: unknown, requestId: string) => {
  const structured =
    result && typeof result === 'object' && 'statusCode' in result
      ? (result as APIGatewayProxyStructuredResultV2 & { multiValueHeaders?: Record<string, (string | number)[]> })
      : { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(result ?? null) };
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(structured.headers ?? {})) headers[name.toLowerCase()] = String(value);
  for (const [name, values] of Object.entries(structured.multiValueHeaders ?? {})) {
    headers[name.toLowerCase()] = values.map(String).join(',');
  }
  if (structured.cookies?.length) headers['set-cookie'] = structured.cookies;
  headers['apigw-requestid'] = requestId;
  const body =
    structured.body === undefined
      ? Buffer.alloc(0)
      : Buffer.from(structured.body, structured.isBase64Encoded ? 'base64' : 'utf8');
  headers['content-length'] = String(body.length);
  res.writeHead(structured.statusCode ?? 200, headers);
  res.end(body);
};

/** Serves a file under `root`; extensionless paths fall back to index.html (client-side routes). */
const serveStatic = async (root: string, rawPath: string, res: ServerResponse, head: boolean): Promise<boolean> => {
  const relative = decode(rawPath);
  if (relative.includes('\0')) return false;
  const file = resolve(root, `.${relative}`);
  const candidates = [relative.endsWith('/') ? join(file, 'index.html') : file];
  if (!extname(relative)) candidates.push(join(root, 'index.html'));
  for (const path of candidates) {
    // resolve() collapses `..`; anything that lands outside the root is not ours to serve.
    if (path !== root && !path.startsWith(root.endsWith(sep) ? root : root + sep)) return false;
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) continue;
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
      'content-length': info.size,
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
    });
    if (head) res.end();
    else createReadStream(path).pipe(res);
    return true;
  }
  return false;
};

const notFound = (method: string, path: string) => ({
  error: { code: 'NOT_FOUND', message: `no route for ${method} ${path}` },
});

/**
 * A Node HTTP server that turns each request into the API Gateway HTTP API v2 event and Lambda
 * Context the same handler receives on AWS, and maps its result back to HTTP.
 */
export const startHttpServer = async (options: HttpServerOptions): Promise<HttpServer> => {
  const log = options.log ?? localLog;
  const maxBody = options.maxBodyBytes ?? API_GATEWAY_MAX_BODY;
  const staticRoot = options.staticDir ? resolve(options.staticDir) : undefined;
  const routes: CompiledRoute[] = options.routes.map((route) => {
    const handler = options.handlers[route.fn];
    if (!handler) throw new Error(`no handler for function '${route.fn}' (${route.method} ${route.path})`);
    return { route, routeKey: `${route.method} ${route.path}`, segments: splitPath(route.path), handler };
  });
  // The API owns these first segments; everything else may be the dashboard's.
  const apiPrefixes = new Set(routes.map((r) => r.segments[0]));
  const inFlight = new Set<Promise<void>>();
  let closing = false;
  let requests = 0;
  let serverErrors = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    const method = req.method ?? 'GET';
    const target = req.url ?? '/';
    const q = target.indexOf('?');
    const rawPath = q === -1 ? target : target.slice(0, q);
    const rawQueryString = q === -1 ? '' : target.slice(q + 1);
    const requestId = randomUUID();
    let label = rawPath;
    if (closing) res.setHeader('connection', 'close');
    try {
      const match = matchRoute(routes, method, rawPath);
      if (match.kind === 'route') label = match.route.routeKey.slice(method.length + 1);
      // The key is checked before a byte of the body is read, as API Gateway's authorizer runs first: a
      // caller without one cannot make the server hold its upload.
      const decision =
        match.kind === 'route' && options.authorize
          ? await options.authorize(match.route.routeKey, eventHeaders(req).headers)
          : undefined;
      // Only a route's handler gets a body; anything else is answered without reading one, and closes.
      const wanted = match.kind === 'route' && !(decision && !decision.allowed);
      if (!wanted && !isEmptyBody(req)) res.setHeader('connection', 'close');
      const { bytes, tooLarge } = wanted ? await readBody(req, maxBody) : { bytes: Buffer.alloc(0), tooLarge: false };
      if (tooLarge) {
        sendJson(res, 413, { error: { code: 'PAYLOAD_TOO_LARGE', message: `body over ${maxBody} bytes` } });
      } else if (match.kind === 'route') {
        const { route, handler } = match.route;
        if (decision && !decision.allowed) {
          sendJson(
            res,
            decision.status,
            {
              error: {
                code: decision.status === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN',
                message: decision.message,
                requestId,
              },
            },
            decision.status === 401 ? { 'www-authenticate': 'Bearer' } : {},
          );
        } else {
          const url = new URL(`http://${req.headers.host ?? 'localhost'}`);
          const event = toEvent(req, url, rawPath, rawQueryString, bytes, match, requestId, new Date());
          const context = makeLambdaContext({ fn: route.fn, awsRequestId: requestId });
          try {
            if (decision?.principal)
              (event.requestContext as { authorizer?: unknown }).authorizer = { lambda: decision.principal };
            writeResult(res, await handler(event, context), requestId);
          } catch (error) {
            // The caller learns nothing; the log gets the error's name and where it came from, not its message.
            const where = (error as Error)?.stack?.split('\n')[1]?.trim();
            log.error('handler threw', { fn: route.fn, requestId, error: (error as Error)?.name, where });
            sendJson(res, 500, { error: { code: 'INTERNAL', message: 'internal error', requestId } });
          }
        }
      } else if (match.kind === 'method') {
        sendJson(
          res,
          405,
          { error: { code: 'METHOD_NOT_ALLOWED', message: `${method} not allowed on ${rawPath}` } },
          { allow: match.allow.join(', ') },
        );
      } else if (
        staticRoot &&
        (method === 'GET' || method === 'HEAD') &&
        !apiPrefixes.has(splitPath(rawPath)[0]) &&
        (await serveStatic(staticRoot, rawPath, res, method === 'HEAD'))
      ) {
        label = '(static)';
      } else {
        sendJson(res, 404, notFound(method, rawPath));
      }
    } catch (error) {
      log.error('request failed', { requestId, error: (error as Error)?.name });
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'INTERNAL', message: 'internal error', requestId } });
      else res.destroy();
    }
    requests += 1;
    if (res.statusCode >= 500) serverErrors += 1;
    log.info('request', {
      method,
      route: label,
      status: res.statusCode,
      ms: Math.round((performance.now() - started) * 10) / 10,
      requestId,
    });
  };

  const timeouts = options.timeouts ?? { headersMs: 10_000, requestMs: 30_000 };
  // A slow or stalled client gets 408 and its connection closed: headers within headersMs, the whole
  // request (body included) within requestMs, checked every quarter of the shorter one.
  const server = createServer(
    {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      connectionsCheckingInterval: Math.max(50, Math.min(timeouts.headersMs, timeouts.requestMs) / 4),
    },
    (req, res) => {
      const done = handle(req, res).finally(() => inFlight.delete(done));
      inFlight.add(done);
    },
  );
  server.maxConnections = options.maxConnections ?? 256;
  let open = 0;
  server.on('connection', (socket) => {
    open += 1;
    socket.once('close', () => {
      open -= 1;
    });
  });
  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolvePromise();
    });
  });
  const { port, address } = server.address() as AddressInfo;
  const shownHost = address.includes(':') ? `[${address}]` : address;

  return {
    url: `http://${shownHost === '0.0.0.0' || shownHost === '[::]' ? '127.0.0.1' : shownHost}:${port}`,
    port,
    stats: () => ({ requests, serverErrors, open }),
    close: async () => {
      closing = true;
      const closed = new Promise<void>((resolvePromise) => server.close(() => resolvePromise()));
      server.closeIdleConnections();
      // Requests in flight get a grace to be answered; one still open after it (a stalled client, a
      // handler waiting on a dead dependency) loses its connection rather than holding the stop forever.
      const deadline = Date.now() + CLOSE_GRACE_MS;
      while (inFlight.size && Date.now() < deadline) {
        await Promise.race([
          Promise.allSettled([...inFlight]),
          sleep(deadline - Date.now(), undefined, { ref: false }),
        ]);
      }
      if (inFlight.size) log.warn('requests unanswered at stop; their connections are cut', { open: inFlight.size });
      // Keep-alive sockets that just finished their last response are idle now.
      server.closeIdleConnections();
      server.closeAllConnections();
      await closed;
    },
  };
};
