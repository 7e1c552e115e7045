/**
 * How every `koe` command runs: its options parsed once (strict: an unknown or misspelt option is a usage
 * error), `--help` answered, the API's base URL resolved, and any failure printed once as
 * `koe <name>: <message>` with its exit code — 0 done, 1 failed, 2 bad usage (followed by the usage).
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { baseUrl, CliError, type CliIo } from './api.js';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** The option of every command that calls the Koe API: where it runs (--url, then $KOE_URL, then the local stack). */
export const API_OPTIONS = { url: { type: 'string' } } as const satisfies ParseArgsOptionsConfig;

/** The option of every command that prints records: JSON instead of a table. */
export const JSON_OPTION = { json: { type: 'boolean' } } as const satisfies ParseArgsOptionsConfig;

/** The option of every command that reads the local data folder itself (default $KOE_DATA_DIR, then `.koe/`). */
export const DATA_OPTION = { data: { type: 'string' } } as const satisfies ParseArgsOptionsConfig;

const HELP = { help: { type: 'boolean', short: 'h' } } as const satisfies ParseArgsOptionsConfig;

type Parsed<O extends ParseArgsOptionsConfig> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O & typeof HELP; strict: true; allowPositionals: true }>
>;

/** What a command's body gets: its option values, its operands, and the API base URL (--url, $KOE_URL, local). */
export interface CommandInput<O extends ParseArgsOptionsConfig> {
  values: Parsed<O>['values'];
  positionals: string[];
  base: string;
}

/** One `koe` command: its name, usage text, options and body (which returns its exit code, 0 if nothing). */
export interface Command<O extends ParseArgsOptionsConfig> {
  name: string;
  usage: string;
  options: O;
  /** Whether it takes operands (files, a subcommand, ids); without, an operand is a usage error. */
  positionals?: boolean;
  run(input: CommandInput<O>, io: CliIo): Promise<number | undefined> | Promise<void>;
}

/** A parseArgs refusal (unknown option, missing value, stray operand): bad usage. */
const isUsageError = (error: unknown) =>
  typeof (error as { code?: unknown })?.code === 'string' &&
  (error as { code: string }).code.startsWith('ERR_PARSE_ARGS_');

/** Runs `command` on `args`; returns the exit code. The only place a command's failure is printed. */
export const runCommand = async <O extends ParseArgsOptionsConfig>(
  command: Command<O>,
  args: string[],
  io: CliIo,
): Promise<number> => {
  try {
    const { values, positionals } = parseArgs({
      args,
      options: { ...command.options, ...HELP },
      strict: true,
      allowPositionals: command.positionals ?? false,
    }) as Parsed<O>;
    if ((values as { help?: boolean }).help) {
      io.out(`${command.usage}\n`);
      return 0;
    }
    const url = (values as { url?: string }).url;
    return (await command.run({ values, positionals, base: baseUrl(url, io.env) }, io)) ?? 0;
  } catch (error) {
    const exitCode = error instanceof CliError ? error.exitCode : isUsageError(error) ? 2 : 1;
    const message = error instanceof Error ? error.message : String(error);
    io.err(`koe ${command.name}: ${message}\n${exitCode === 2 ? `\n${command.usage}\n` : ''}`);
    return exitCode;
  }
};
