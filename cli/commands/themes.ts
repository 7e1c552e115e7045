/** `koe themes`: promote a discovered theme into the taxonomy, list the promoted topics. */
import { parseArgs } from 'node:util';
import type { PromotedTopic } from '../../shared/themes/promotion.js';
import { baseUrl, CliError, type CliIo, callApi, columns, DEFAULT_URL, processIo, runCommand } from '../lib/api.js';

const USAGE = `usage:
  koe themes promote <theme> --as <topic_id> [--label TEXT] [--label-ja TEXT] [--cue TEXT]... [--url URL] [--json]
  koe themes list [--url URL] [--json]

promote: a discovered theme (as \`koe trends\` shows it, e.g. "headphone jack") becomes a taxonomy topic
of this installation, with the theme's words (and each --cue) as its cues. Analysis uses it for new and
re-analysed comments from then on (within a minute); comments analysed before keep the discovered theme.
list: the promoted topics.
URL defaults to $KOE_URL, then ${DEFAULT_URL}. $KOE_API_KEY is sent as a bearer token (promote: admin scope).`;

/** Runs `koe themes ...` with the given I/O; returns the exit code. */
export const runThemes = (args: string[], io: CliIo): Promise<number> =>
  runCommand('themes', USAGE, io, async () => {
    const { values, positionals } = parseArgs({
      args,
      options: {
        as: { type: 'string' },
        label: { type: 'string' },
        'label-ja': { type: 'string' },
        cue: { type: 'string', multiple: true },
        url: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: true,
    });
    if (values.help) {
      io.out(`${USAGE}\n`);
      return;
    }
    const [action, ...rest] = positionals;
    const base = baseUrl(values.url, io.env);
    if (action === 'list') {
      const body = (await callApi(io, base, 'v1/taxonomy/promoted')) as { topics: PromotedTopic[] };
      if (values.json) io.out(`${JSON.stringify(body, null, 2)}\n`);
      else if (body.topics.length === 0) io.out('no promoted topics\n');
      else
        io.out(
          `${columns([
            ['ID', 'LABEL', 'LABEL (JA)', 'FROM THEME', 'PROMOTED'],
            ...body.topics.map((t) => [
              t.id,
              t.label,
              t.labelJa ?? '',
              t.fromTheme.replace(/^emergent:/, ''),
              t.promotedAt,
            ]),
          ])}\n`,
        );
      return;
    }
    if (action !== 'promote') throw new CliError(`unknown action '${action ?? ''}': promote or list`, 2);
    const theme = rest.join(' ').trim();
    if (theme === '')
      throw new CliError('promote needs the theme, e.g. koe themes promote "headphone jack" --as headphone_jack', 2);
    if (!values.as) throw new CliError('promote needs --as <topic_id>', 2);
    const body = (await callApi(io, base, 'v1/themes/promote', {
      method: 'POST',
      body: {
        theme,
        id: values.as,
        ...(values.label ? { label: values.label } : {}),
        ...(values['label-ja'] ? { labelJa: values['label-ja'] } : {}),
        ...(values.cue?.length ? { cues: values.cue } : {}),
      },
      scopeHint: 'admin',
    })) as { topic: PromotedTopic };
    if (values.json) {
      io.out(`${JSON.stringify(body, null, 2)}\n`);
      return;
    }
    const t = body.topic;
    io.out(
      `promoted "${theme}" as topic ${t.id} (${t.label}${t.labelJa ? ` / ${t.labelJa}` : ''}); cues: ${[...t.cues.en, ...t.cues.ja].join(', ')}\n` +
        'analysis uses it from now on; comments analysed before keep the discovered theme\n',
    );
  });

/** Entry point used by cli/main.ts. */
export const run = (args: string[]): Promise<number> => runThemes(args, processIo());
