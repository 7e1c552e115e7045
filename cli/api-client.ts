/**
 * The running stack's HTTP API as the CLI's roll-up and trends commands call it: base URL from
 * --url, $KOE_URL or http://127.0.0.1:8787; $KOE_API_KEY sent as a bearer token.
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

/** A CLI failure with its exit code (1: the request failed, 2: bad usage). */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** Calls the API; a non-2xx answer becomes a CliError naming the status and the server's message. */
export const callApi = async (
  io: CliIo,
  base: string,
  path: string,
  init: RequestInit = {},
  scopeHint = 'read',
): Promise<unknown> => {
  const url = new URL(path, base.endsWith('/') ? base : `${base}/`);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body) headers['content-type'] = 'application/json';
  if (io.env.KOE_API_KEY) headers.authorization = `Bearer ${io.env.KOE_API_KEY}`;
  let res: Response;
  try {
    // A re-roll of a month reads every item in it: give it the time API Gateway would (and more locally).
    res = await io.fetch(url, { ...init, headers, signal: AbortSignal.timeout(600_000) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    throw new CliError(
      `cannot reach Koe at ${base} (${cause}). Is the stack running? Start it with \`npm start\`, or pass --url / set KOE_URL.`,
      1,
    );
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    throw new CliError(`${url.pathname} answered ${res.status} with a body that is not JSON; is ${base} Koe?`, 1);
  }
  if (!res.ok) {
    const error = (body as { error?: { message?: string; issues?: Array<{ path: string; message: string }> } })?.error;
    const issues = error?.issues?.map((i) => ` ${i.path}: ${i.message}`).join(';') ?? '';
    const hint =
      res.status === 401 || res.status === 403 ? ` (set KOE_API_KEY to a key with the ${scopeHint} scope)` : '';
    throw new CliError(
      `${init.method ?? 'GET'} ${url.pathname} failed: ${res.status} ${error?.message ?? res.statusText}${issues ? ` —${issues}` : ''}${hint}`,
      1,
    );
  }
  return body;
};

/** Formats rows as aligned columns (the last column is not padded). */
export const columns = (rows: string[][]): string => {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => r[i]?.length ?? 0))) ?? [];
  return rows
    .map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  '))
    .join('\n');
};

/** Runs a command body, mapping errors to exit codes and messages the way every koe command does. */
export const runCommand = async (
  name: string,
  usage: string,
  io: CliIo,
  body: () => Promise<void>,
): Promise<number> => {
  try {
    await body();
    return 0;
  } catch (error) {
    const exitCode = error instanceof CliError ? error.exitCode : 2; // parseArgs errors are usage errors
    io.err(`koe ${name}: ${(error as Error).message}\n${exitCode === 2 ? `\n${usage}\n` : ''}`);
    return exitCode;
  }
};

/** The process's real I/O. */
export const processIo = (): CliIo => ({
  env: process.env,
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  fetch,
});
