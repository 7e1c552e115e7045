/**
 * `koe labels export`: managers' overrides as an evaluation set, one JSON line per item in the
 * shape `koe analyze` reads plus `expected` (the corrected labels), via `GET /v1/labels`.
 */
import { writeFile } from 'node:fs/promises';
import { CliError, type CliIo, callApi, processIo } from '../lib/api.js';
import { API_OPTIONS, runCommand } from '../lib/command.js';

const USAGE = `usage:
  koe labels export [--out FILE] [--url URL]

Writes JSON Lines ({"id","text","language"?,"ratings"?,"customer"?,"expected":{"urgency"?,"sentiment"?,"topics"?}})
to FILE or stdout. URL from --url, $KOE_URL or http://127.0.0.1:8787; $KOE_API_KEY needs the read scope.`;

type Page = { items: Array<{ id: string }>; nextCursor: string | null };

/** Runs `koe labels …`; returns the exit code. */
export const run = (args: string[], io: CliIo = processIo()): Promise<number> =>
  runCommand(
    {
      name: 'labels',
      usage: USAGE,
      options: { out: { type: 'string' }, ...API_OPTIONS },
      positionals: true,
      run: async ({ values, positionals, base }) => {
        const [sub, ...extra] = positionals;
        if (sub !== 'export') throw new CliError(sub ? `unknown subcommand '${sub}'` : 'missing subcommand: export', 2);
        if (extra.length) throw new CliError(`unexpected argument '${extra[0]}'`, 2);
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
      },
    },
    args,
    io,
  );
