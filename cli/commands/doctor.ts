/**
 * `koe doctor`: checks the local data folder (every LevelDB file's checksums, as `npm start` does before it
 * opens the database), shows where its bytes are (`--stats`), and repairs a damaged database (`--repair`).
 */
import { cpSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ClassicLevel } from 'classic-level';
import { checkLevelDb, LevelDbCorruptionError, liveTables } from '../../infra/local/leveldb-check.js';
import { CliError, type CliIo, processIo, runCommand } from '../lib/api.js';

const USAGE = `usage:
  koe doctor [--data DIR]            check the embedded database's files (checksums, logs, MANIFEST)
  koe doctor --stats [--data DIR]    show where the data folder's bytes are
  koe doctor --repair [--data DIR]   keep a copy of the damaged database, then rebuild it from what is readable

DIR defaults to $KOE_DATA_DIR, then .koe/ in the current folder. Stop Koe before --repair.`;

interface Usage {
  files: number;
  bytes: number;
}

const walk = (path: string): Usage => {
  const info = statSync(path, { throwIfNoEntry: false });
  if (!info) return { files: 0, bytes: 0 };
  if (!info.isDirectory()) return { files: info.isFile() ? 1 : 0, bytes: info.isFile() ? info.size : 0 };
  return readdirSync(path)
    .map((name) => walk(join(path, name)))
    .reduce((a, b) => ({ files: a.files + b.files, bytes: a.bytes + b.bytes }), { files: 0, bytes: 0 });
};

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

/** Where the bytes are: the database split by file kind, the queue, the outbox, anything else. */
export const dataStats = (dataDir: string): Array<{ what: string; files: number; bytes: number }> => {
  const rows: Array<{ what: string; files: number; bytes: number }> = [];
  const dynamo = join(dataDir, 'dynamo');
  // Tables a compaction replaced stay on disk while an open reader holds them (LevelDB deletes them after).
  let live: Set<string> | undefined;
  try {
    live = existsSync(join(dynamo, 'CURRENT')) ? liveTables(dynamo) : undefined;
  } catch {
    live = undefined; // a damaged MANIFEST: `koe doctor` names it; the stats count every table as in use
  }
  const kinds: Array<[string, (name: string) => boolean]> = [
    ['database tables in use (*.ldb)', (n) => /\.(ldb|sst)$/.test(n) && (live?.has(n) ?? true)],
    ['database tables replaced, still held', (n) => /\.(ldb|sst)$/.test(n)],
    ['database write-ahead log (*.log)', (n) => /^\d+\.log$/.test(n)],
    ['database MANIFEST and other', () => true],
  ];
  const seen = new Set<string>();
  for (const [what, matches] of kinds) {
    const names = existsSync(dynamo) ? readdirSync(dynamo).filter((n) => matches(n) && !seen.has(n)) : [];
    for (const n of names) seen.add(n);
    const usage = names
      .map((n) => walk(join(dynamo, n)))
      .reduce((a, b) => ({ files: a.files + b.files, bytes: a.bytes + b.bytes }), { files: 0, bytes: 0 });
    rows.push({ what, ...usage });
  }
  for (const [what, sub] of [
    ['queue: waiting messages', 'queue/pending'],
    ['queue: dead letters', 'queue/dead'],
    ['outbox: alerts', 'outbox/alerts'],
    ['outbox: spikes', 'outbox/spikes'],
    ['outbox: e-mail', 'outbox/email'],
  ] as const) {
    rows.push({ what, ...walk(join(dataDir, sub)) });
  }
  const total = walk(dataDir);
  const counted = rows.reduce((a, r) => ({ files: a.files + r.files, bytes: a.bytes + r.bytes }), {
    files: 0,
    bytes: 0,
  });
  rows.push({ what: 'other', files: total.files - counted.files, bytes: total.bytes - counted.bytes });
  rows.push({ what: 'total', ...total });
  return rows;
};

const stats = (dataDir: string, io: CliIo) => {
  io.out(`${dataDir}\n`);
  for (const row of dataStats(dataDir)) {
    io.out(`  ${row.what.padEnd(34)} ${String(row.files).padStart(7)} files ${mb(row.bytes).padStart(12)}\n`);
  }
};

const check = (dynamo: string, io: CliIo) => {
  try {
    checkLevelDb(dynamo);
  } catch (error) {
    if (error instanceof LevelDbCorruptionError) throw new CliError(error.message);
    throw error;
  }
  io.out(`${dynamo}: every file checks out\n`);
};

const repair = async (dynamo: string, io: CliIo) => {
  if (!existsSync(dynamo)) throw new CliError(`no database at ${dynamo}`);
  // A running stack holds LevelDB's lock: repairing under it would lose its writes.
  const probe = new ClassicLevel(dynamo, { createIfMissing: false });
  try {
    await probe.open();
    await probe.close();
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    if (cause?.code === 'LEVEL_LOCKED' || /lock/i.test(cause?.message ?? ''))
      throw new CliError(`${dynamo} is in use: stop Koe (Ctrl-C in its terminal) first`);
  }
  const backup = `${dynamo}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  cpSync(dynamo, backup, { recursive: true });
  io.out(`copied the damaged database to ${relative(process.cwd(), backup) || backup}\n`);
  // LevelDB's repair rebuilds the MANIFEST and turns logs into tables, but keeps a table whose blocks fail
  // their checksums (it does not verify them): such a table is set aside (its intact copy is in the backup).
  for (let round = 0; ; round++) {
    await ClassicLevel.repair(dynamo);
    try {
      checkLevelDb(dynamo);
      break;
    } catch (error) {
      if (!(error instanceof LevelDbCorruptionError) || !/\.(ldb|sst)$/.test(error.file) || round > 20) throw error;
      rmSync(error.file);
      io.out(`set aside ${basename(error.file)} (${error.problem}); its rows are lost\n`);
    }
  }
  io.out(
    `${dynamo}: repaired (what was readable is kept; items whose rows were lost show an older state or are gone)\n`,
  );
};

/** Runs `koe doctor`; returns the exit code. */
export const run = async (args: string[], io: CliIo = processIo()): Promise<number> =>
  runCommand('doctor', USAGE, io, async () => {
    let values: { data?: string; stats?: boolean; repair?: boolean; help?: boolean };
    try {
      ({ values } = parseArgs({
        args,
        options: {
          data: { type: 'string' },
          stats: { type: 'boolean' },
          repair: { type: 'boolean' },
          help: { type: 'boolean', short: 'h' },
        },
        strict: true,
        allowPositionals: false,
      }));
    } catch (error) {
      throw new CliError((error as Error).message, 2);
    }
    if (values.help) return io.out(`${USAGE}\n`);
    const dataDir = resolve(values.data ?? io.env.KOE_DATA_DIR ?? '.koe');
    if (!existsSync(dataDir)) throw new CliError(`no data folder at ${dataDir} (--data DIR)`, 2);
    const dynamo = join(dataDir, 'dynamo');
    if (values.stats) return stats(dataDir, io);
    if (values.repair) return repair(dynamo, io);
    check(dynamo, io);
  });
