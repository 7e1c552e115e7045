/**
 * The `koe` command. Each subcommand lives in cli/commands/<name>.ts and exports
 * `run(args): Promise<number>` (the exit code) through `runCommand` (cli/lib/command.ts: options parsed
 * once, --help, --url, errors printed once); they load lazily so `koe analyze` starts fast.
 */
type Command = { summary: string; load: () => Promise<{ run: (args: string[]) => Promise<number> }> };

const COMMANDS: Record<string, Command> = {
  analyze: {
    summary: 'analyze JSON Lines from stdin, write one JSON line per input',
    load: () => import('./commands/analyze.js'),
  },
  queue: { summary: 'list the urgency queue, most urgent first', load: () => import('./commands/queue.js') },
  item: { summary: 'show one item: text, why it is urgent, history', load: () => import('./commands/item.js') },
  dlq: { summary: 'list or replay dead letters of the analysis queue', load: () => import('./commands/dlq.js') },
  rollup: {
    summary: 're-roll scores for a day, week, month or date range',
    load: () => import('./commands/rollup.js'),
  },
  trends: { summary: 'show rising and falling pain points', load: () => import('./commands/trends.js') },
  themes: { summary: 'promote a discovered theme into the taxonomy', load: () => import('./commands/themes.js') },
  keys: { summary: 'create, list or revoke API keys', load: () => import('./commands/keys.js') },
  labels: { summary: 'export overrides as an evaluation set (JSON Lines)', load: () => import('./commands/labels.js') },
  train: { summary: 'train the model on the corpus plus your corrections', load: () => import('./commands/train.js') },
  import: { summary: 'import feedback from a CSV or JSON Lines file', load: () => import('./commands/import.js') },
  export: {
    summary: 'export feedback with its analysis (CSV or JSON Lines)',
    load: () => import('./commands/export.js'),
  },
  doctor: {
    summary: 'check the local data folder, show where its bytes are (--stats), repair it',
    load: () => import('./commands/doctor.js'),
  },
  report: { summary: 'preview (or send) an e-mail digest', load: () => import('./commands/report.js') },
  subscriptions: {
    summary: 'create, list, show, update or delete e-mail digest subscriptions',
    load: () => import('./commands/subscriptions.js'),
  },
};

const usage = () =>
  [
    'usage: koe <command> [options]',
    '',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(14)} ${c.summary}`),
    '',
    'koe <command> --help shows the options of one command.',
  ].join('\n');

const main = async (argv: string[]): Promise<number> => {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(`${usage()}\n`);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`koe: unknown command '${name}'\n\n${usage()}\n`);
    return 2;
  }
  const module = await command.load();
  return module.run(rest);
};

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`koe: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
