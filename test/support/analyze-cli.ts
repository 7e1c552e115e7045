import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { run } from '../../cli/commands/analyze.js';

/** What one `koe analyze` run wrote and how it ended. */
export interface AnalyzeRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `koe analyze …` in this process, its stdin fed in `pieces` (each a separate chunk, as a pipe delivers them). */
export const analyzeInProcess = async (args: string[], pieces: Buffer[], modelDir: string): Promise<AnalyzeRun> => {
  let stdout = '';
  let stderr = '';
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      stdout += chunk.toString('utf8');
      done();
    },
  });
  const io = {
    env: { KOE_MODEL_DIR: modelDir },
    out: (text: string) => (stdout += text),
    err: (text: string) => (stderr += text),
    fetch: globalThis.fetch,
  };
  const code = await run(args, io, { input: Readable.from(pieces, { objectMode: false }), output });
  return { code, stdout, stderr };
};

const bin = join(fileURLToPath(new URL('../../', import.meta.url)), 'cli', 'bin.js');

/** `node cli/bin.js analyze …` as a user runs it: the compiled CLI, its pipes and (with threads) its compiled worker. */
export const spawnAnalyze = (
  args: string[],
  input: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<AnalyzeRun> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'analyze', ...args], { cwd: tmpdir(), env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
