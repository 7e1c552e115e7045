/**
 * `npm start`: the local stack in the foreground. Ctrl-C (SIGINT) or SIGTERM drains and stops it;
 * a second Ctrl-C forces the exit.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
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

  // Request lines as JSON only when asked for; otherwise handlers log warnings and errors, and the console
  // gets a progress line. Set before the handlers load: their Powertools loggers read it once.
  process.env.POWERTOOLS_LOG_LEVEL ??= options.jsonLogs ? 'INFO' : 'WARN';
  // The database process starts first, so it comes up on the other core while this one loads the handlers.
  if (options.dataDir) mkdirSync(join(options.dataDir, 'dynamo'), { recursive: true });
  const engine = import('./dynalite.js').then((m) =>
    m.startDynalite({ path: options.dataDir ? join(options.dataDir, 'dynamo') : undefined }),
  );
  engine.catch(() => {}); // awaited (and reported) by startLocalStack
  // So does the analysis thread: it loads the analyzer on the other core while this one loads the handlers.
  const { AnalysisThread } = await import('./analysis-thread.js');
  const analysisThread = AnalysisThread.spawn();
  // Loaded only now, so --help and a bad flag answer at once, without loading the handlers and the SDK.
  const [{ startLocalStack }, { startProgress }, { localLog }] = await Promise.all([
    import('./stack.js'),
    import('./progress.js'),
    import('./log.js'),
  ]);
  const stack = await startLocalStack({ ...options, engine, analysisThread });
  // Ctrl-C drains from the moment the URL is out: the handlers are in place before anything is printed (a
  // SIGINT that came between the two would kill the process undrained).
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
  process.stdout.write(
    `Koe is listening on ${stack.url} (ready in ${Math.round(performance.now())} ms)\n${options.dataDir ? `data in ${options.dataDir}` : 'memory mode: nothing is kept on disk'}\nCtrl-C to stop\n`,
  );
  startProgress(stack.progress, (line) =>
    options.jsonLogs ? localLog.info('progress', { line }) : process.stdout.write(`${line}\n`),
  );
  if (stack.bootstrapKeyGenerated)
    process.stdout.write(
      `admin API key for this run (set KOE_BOOTSTRAP_KEY to choose your own): ${stack.bootstrapKey}\n` +
        'create lasting keys with: KOE_API_KEY=<that key> npx koe keys create --name NAME --scopes read,triage\n',
    );
};

main().catch((error: unknown) => {
  process.stderr.write(`koe: could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
