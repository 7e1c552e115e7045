/**
 * `npm start`: the local stack in the foreground. Ctrl-C (SIGINT) or SIGTERM drains and stops it;
 * a second Ctrl-C forces the exit.
 */
import { type MainOptions, parseMainArgs, USAGE, UsageError } from './main-args.js';

const main = async () => {
  let options: MainOptions | undefined;
  try {
    options = parseMainArgs(process.argv.slice(2), process.env, process.cwd());
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`koe: ${error.message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (!options) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }

  // Loaded only now, so --help and a bad flag answer at once, without loading the handlers and the SDK.
  const { startLocalStack } = await import('./stack.js');
  const stack = await startLocalStack(options);
  process.stdout.write(
    `Koe is listening on ${stack.url}\n${options.dataDir ? `data in ${options.dataDir}` : 'memory mode: nothing is kept on disk'}\nCtrl-C to stop\n`,
  );
  if (stack.bootstrapKeyGenerated)
    process.stdout.write(
      `admin API key for this run (set KOE_BOOTSTRAP_KEY to choose your own): ${stack.bootstrapKey}\n` +
        'create lasting keys with: KOE_API_KEY=<that key> npx koe keys create --name NAME --scopes read,triage\n',
    );

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) {
      process.stderr.write(`\n${signal} again: exiting without draining\n`);
      process.exit(1);
    }
    stopping = true;
    process.stdout.write(`\n${signal}: draining (in-flight requests and queue batches)… Ctrl-C again to force\n`);
    stack.stop().then(
      () => {
        process.stdout.write('stopped\n');
        process.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(`stop failed: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
};

main().catch((error: unknown) => {
  process.stderr.write(`koe: could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
