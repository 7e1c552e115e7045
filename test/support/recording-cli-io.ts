import type { CliIo } from '../../cli/lib/api.js';

/** A CLI I/O against a pretend Koe: records each request (with its Authorization) and answers it with `answer(url, body)`. */
export const recordingIo = (answer: (url: URL, body: unknown) => { status: number; body: unknown }) => {
  const requests: Array<{ url: URL; method: string; body: unknown; auth?: string | undefined }> = [];
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    env: { KOE_URL: 'http://koe.test', KOE_API_KEY: 'koe_admin_key_123456' },
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    fetch: (async (input: URL, init?: RequestInit) => {
      const body = init?.body ? JSON.parse(String(init.body)) : undefined;
      const headers = init?.headers as Record<string, string> | undefined;
      requests.push({ url: input, method: init?.method ?? 'GET', body, auth: headers?.authorization });
      const res = answer(input, body);
      return new Response(JSON.stringify(res.body), { status: res.status });
    }) as typeof fetch,
  };
  return { io, requests, out, err };
};
