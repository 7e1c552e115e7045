/**
 * `koe labels export`: managers' overrides as an evaluation set, one JSON line per item in the
 * shape `koe analyze` reads plus `expected` (the corrected labels), via `GET /v1/labels`.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { baseUrl, CliError, type CliIo, callApi, processIo } from '../lib/api.js';

const USAGE = `usage:
  koe labels export [--out FILE] [--url URL]

Writes JSON Lines ({"id","text","language"?,"ratings"?,"customer"?,"expected":{"urgency"?,"sentiment"?,"topics"?}})
to FILE or stdout. URL from --url, $KOE_URL or http://127.0.0.1:8787; $KOE_API_KEY needs the read scope.`;

type Page = { items: Array<{ id: string }>; nextCursor: string | null };

/** Runs `koe labels …`; returns the exit code. */
export const run = async (args: string[], io: CliIo = processIo()): Promise<number> => {
  let parsed: ReturnType<typeof parse>;
  const parse = (argv: string[]) =>
    parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        url: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  try {
    parsed = parse(args);
  } catch (error) {
    io.err(`koe labels: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(`${USAGE}\n`);
    return 0;
  }
  if (positionals[0] !== 'export') {
    io.err(`${USAGE}\n`);
    return 2;
  }
  const base = baseUrl(values.url, io.env);
  try {
    const lines: string[] = [];
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?cursor=${encodeURIComponent(cursor)}` : '';
      const page = (await callApi(io, base, `/v1/labels${query}`, { scopeHint: 'read' })) as Page;
      // An item overridden twice appears once per override; the first one seen is the latest.
      for (const item of page.items) {
        if (seen.has(item.id)) continue;
        seen.add(item.id);
        lines.push(JSON.stringify(item));
      }
      cursor = page.nextCursor;
    } while (cursor);
    const text = lines.length ? `${lines.join('\n')}\n` : '';
    if (values.out) {
      await writeFile(values.out, text);
      io.err(`wrote ${lines.length} labelled items to ${values.out}\n`);
    } else io.out(text);
    return 0;
  } catch (error) {
    if (error instanceof CliError) {
      io.err(`koe labels: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
};
