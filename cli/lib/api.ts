/** A small client for the Koe API as the CLI uses it: base URL and key from flags or the environment. */

/** Default base URL of a local stack. */
export const DEFAULT_URL = 'http://127.0.0.1:8787';

/** Where the stack is, how to authenticate and how to talk to the terminal; injectable for tests. */
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

/** A failure to show the user as one line, with the exit code to return. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** Calls the API and returns the parsed JSON body; throws CliError with the API's message on failure. */
export const callApi = async (
  io: CliIo,
  base: string,
  path: string,
  init: { method?: string; body?: unknown; scopeHint?: string } = {},
): Promise<unknown> => {
  const url = new URL(path, base.endsWith('/') ? base : `${base}/`);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (io.env.KOE_API_KEY) headers.authorization = `Bearer ${io.env.KOE_API_KEY}`;
  let res: Response;
  try {
    res = await io.fetch(url, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    throw new CliError(
      `cannot reach Koe at ${base} (${cause}); start it with \`npm start\`, or pass --url / set KOE_URL`,
    );
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    throw new CliError(`${url.pathname} answered ${res.status} with a body that is not JSON; is ${base} Koe?`);
  }
  if (!res.ok) {
    const message = (body as { error?: { message?: string } } | undefined)?.error?.message ?? res.statusText;
    const hint =
      res.status === 401 || res.status === 403
        ? ` (set KOE_API_KEY to a key with the ${init.scopeHint ?? 'needed'} scope)`
        : '';
    throw new CliError(`${init.method ?? 'GET'} ${url.pathname} failed: ${res.status} ${message}${hint}`);
  }
  return body;
};

/** The base URL: --url, then $KOE_URL, then the local default. */
export const baseUrl = (flag: string | undefined, env: NodeJS.ProcessEnv) => flag ?? env.KOE_URL ?? DEFAULT_URL;
