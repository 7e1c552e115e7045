/**
 * The one client every `koe` command uses to call a running Koe API (the local stack or a deployed
 * URL): base URL from --url, then $KOE_URL, then the local default; $KOE_API_KEY sent as a bearer token.
 */

/** Default base URL of a local stack (`npm start`). */
export const DEFAULT_URL = 'http://127.0.0.1:8787';

/** Where output goes and how requests are made; injectable so tests see what is sent. */
export interface CliIo {
  env: NodeJS.ProcessEnv;
  out: (text: string) => void;
  err: (text: string) => void;
  fetch: typeof fetch;
}

/** The real terminal and network. */
export const processIo = (): CliIo => ({
  env: process.env,
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  fetch: globalThis.fetch,
});

/** A failure to show the user as one line, with the exit code to return (1: the request failed, 2: bad usage). */
export class CliError extends Error {
  override readonly name: string = 'CliError';
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** A call the API answered with an error (or did not answer: status 0), with the field issues of a 400. */
export class ApiError extends CliError {
  override readonly name: string = 'ApiError';
  constructor(
    message: string,
    readonly status: number,
    readonly issues: ReadonlyArray<{ path: string; message: string }> = [],
  ) {
    super(message);
  }
}

/** How to call one route; `body` is sent as JSON. */
export interface CallOptions {
  method?: string;
  body?: unknown;
  /** The scope a 401/403 should tell the user to get. */
  scopeHint?: string;
  /** Default 30 s; a re-roll of a month reads every item in it, so roll-ups pass more. */
  timeoutMs?: number;
}

/** The base URL: --url, then $KOE_URL, then the local default. */
export const baseUrl = (flag: string | undefined, env: NodeJS.ProcessEnv): string => flag ?? env.KOE_URL ?? DEFAULT_URL;

/** An answer read as text: what `callApiText` returns for routes that answer CSV or JSON Lines. */
export interface TextAnswer {
  status: number;
  headers: Headers;
  text: string;
}

const send = async (io: CliIo, base: string, path: string, options: CallOptions, accept: string) => {
  const url = new URL(path.replace(/^\//, ''), base.endsWith('/') ? base : `${base}/`);
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (io.env.KOE_API_KEY) headers.authorization = `Bearer ${io.env.KOE_API_KEY}`;
  let res: Response;
  try {
    res = await io.fetch(url, {
      method,
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    throw new ApiError(
      `cannot reach Koe at ${base} (${cause}). Is the stack running? Start it with \`npm start\`, or pass --url / set KOE_URL.`,
      0,
    );
  }
  return { url, method, res, text: await res.text() };
};

const failure = (
  sent: { url: URL; method: string; res: Response; text: string },
  base: string,
  options: CallOptions,
): ApiError => {
  const { url, method, res, text } = sent;
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    return new ApiError(
      `${url.pathname} answered ${res.status} with a body that is not JSON; is ${base} Koe?`,
      res.status,
    );
  }
  const error = (body as { error?: { message?: string; issues?: Array<{ path: string; message: string }> } })?.error;
  // Some routes word their message from the issues already: list only the ones it does not name.
  const message = error?.message ?? res.statusText;
  const issues =
    error?.issues
      ?.filter((i) => !message.includes(i.message))
      .map((i) => ` ${i.path}: ${i.message}`)
      .join(';') ?? '';
  const hint =
    res.status === 401 || res.status === 403
      ? ` (set KOE_API_KEY to a key with the ${options.scopeHint ?? 'needed'} scope)`
      : '';
  return new ApiError(
    `${method} ${url.pathname} failed: ${res.status} ${message}${issues ? ` —${issues}` : ''}${hint}`,
    res.status,
    error?.issues ?? [],
  );
};

/** Calls the API and returns the parsed JSON body; a non-2xx answer becomes an ApiError (a CliError) naming the status, the server's message and each field issue. */
export const callApi = async (io: CliIo, base: string, path: string, options: CallOptions = {}): Promise<unknown> => {
  const sent = await send(io, base, path, options, 'application/json');
  if (!sent.res.ok) throw failure(sent, base, options);
  try {
    return sent.text ? JSON.parse(sent.text) : undefined;
  } catch {
    throw new ApiError(
      `${sent.url.pathname} answered ${sent.res.status} with a body that is not JSON; is ${base} Koe?`,
      sent.res.status,
    );
  }
};

/** Calls a route that answers text (CSV, JSON Lines) and returns it with its headers; errors as in `callApi`. */
export const callApiText = async (
  io: CliIo,
  base: string,
  path: string,
  accept: string,
  options: CallOptions = {},
): Promise<TextAnswer> => {
  const sent = await send(io, base, path, options, accept);
  if (!sent.res.ok) throw failure(sent, base, options);
  return { status: sent.res.status, headers: sent.res.headers, text: sent.text };
};

// East Asian wide and full-width characters take two cells in a terminal (kana, kanji, hangul, full-width forms).
const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

/** How many terminal cells a string takes. */
export const displayWidth = (text: string): number => {
  let width = 0;
  for (const char of text) width += WIDE.test(char) ? 2 : 1;
  return width;
};

/** Formats rows as aligned columns by display width, so Japanese lines up (the last column is not padded). */
export const columns = (rows: string[][]): string => {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => displayWidth(r[i] ?? '')))) ?? [];
  const pad = (cell: string, width: number) => cell + ' '.repeat(Math.max(0, width - displayWidth(cell)));
  return rows
    .map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : pad(cell, widths[i] ?? 0))).join('  '))
    .join('\n');
};
