/**
 * What the runtime benchmarks share: the evaluation data beside the checkout, the local stack started as a
 * user starts it (compiled, in a child process, with a bootstrap key of its own), the machine's load to
 * print with every figure, and a Markdown table.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type LocalProcess, startLocalProcess } from '../../infra/local/spawn.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A file under ../shared/data beside the checkout (or beside the worktrees' folder); undefined when absent. */
export const sharedData = (relative: string): string | undefined =>
  [join(ROOT, '..', 'shared', 'data', relative), join(ROOT, '..', '..', 'shared', 'data', relative)].find((p) =>
    existsSync(p),
  );

/** The machine as the figures were taken: cores and the load averages (1, 5, 15 min). */
export const machine = () =>
  `${cpus().length} CPU(s), load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} at ${new Date().toISOString().slice(0, 19)}Z`;

/** CPU seconds (user + system) a process has used so far, from /proc on Linux; undefined elsewhere. */
export const cpuOfPid = (pid: number): number | undefined => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return undefined;
  }
};

/** The child processes of `pid` (Linux); empty elsewhere. */
export const childPids = (pid: number): number[] => {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
};

/** A local stack in a child process (`npm start` from dist/) that accepts `key` as its admin key. */
export interface BenchStack extends LocalProcess {
  key: string;
  /** The Authorization header for `key`. */
  auth: { authorization: string };
}

export const startBenchStack = async (args: string[], env: NodeJS.ProcessEnv = {}): Promise<BenchStack> => {
  const key = `koe_bench_${randomBytes(24).toString('base64url')}`;
  const stack = await startLocalProcess(['--port', '0', ...args], { KOE_BOOTSTRAP_KEY: key, ...env });
  return { ...stack, key, auth: { authorization: `Bearer ${key}` } };
};

/** Prints a Markdown table: the header row, then the rows (numbers right-aligned). */
export const printTable = (header: string[], rows: Array<Array<string | number>>) => {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const width = header.map((_, i) => Math.max(3, ...cells.map((r) => (r[i] ?? '').length)));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => /^[-\d.,\s×%/]+$/.test(String(r[i]))));
  const line = (r: string[]) =>
    `| ${r.map((c, i) => (numeric[i] ? c.padStart(width[i]!) : c.padEnd(width[i]!))).join(' | ')} |`;
  console.log(line(header));
  console.log(`| ${width.map((w, i) => (numeric[i] ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`);
  for (const r of cells.slice(1)) console.log(line(r));
};
