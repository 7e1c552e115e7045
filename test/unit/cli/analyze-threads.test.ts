import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { readChunks } from '../../../cli/lib/analyze-chunks.js';
import { analyzeChunk, createAnalyzer } from '../../../cli/lib/analyze-lines.js';
import { analyzeChunks } from '../../../cli/lib/analyze-threads.js';
import { type AnalyzeRun, analyzeInProcess, spawnAnalyze } from '../../support/analyze-cli.js';

// `koe analyze --threads N`: worker threads share the lines out, and each line's output is the one the main
// thread alone writes, in the same order, with the same notes on stderr.

const root = fileURLToPath(new URL('../../../', import.meta.url));

let modelDir: string;
beforeAll(async () => {
  // A models folder without models: the committed ones, whatever `koe train` left in .koe/.
  modelDir = await mkdtemp(join(tmpdir(), 'koe-cli-threads-'));
});

const corpus = (path: string, every: number) =>
  readFileSync(join(root, 'bench', 'corpus', path), 'utf8')
    .split('\n')
    .filter((line, i) => line !== '' && i % every === 0)
    .map((line) => (JSON.parse(line) as { id: string; text: string }).text);

/**
 * English and Japanese comments from the corpus, PII, every optional field, and bad lines between them: a
 * byte-order mark, CRLF, blank lines, junk, a missing or non-string text, ratings of the wrong type.
 */
const input = (): string => {
  const en = corpus('en/items.jsonl', 8);
  const ja = corpus('ja/items.jsonl', 10);
  const pii = corpus('pii/items.jsonl', 4);
  const lines: string[] = [];
  const n = Math.max(en.length, ja.length, pii.length);
  for (let i = 0; i < n; i++) {
    const e = en[i];
    const j = ja[i];
    const p = pii[i];
    if (e !== undefined) lines.push(JSON.stringify({ id: `en-${i}`, text: e }));
    if (j !== undefined)
      lines.push(JSON.stringify(i % 7 === 0 ? { id: `ja-${i}`, text: j, language: 'ja' } : { id: i, text: j }));
    if (p !== undefined)
      lines.push(
        JSON.stringify({ id: `pii-${i}`, text: p, ratings: { nps: i % 11 }, customer: { tier: 'vip', extra: 1 } }),
      );
    if (i % 25 === 0) lines.push('not json', '', JSON.stringify({ id: `x-${i}` }), '[1]');
    if (i % 31 === 0) lines.push(`${JSON.stringify({ id: `crlf-${i}`, text: 'The app crashes again' })}\r`);
    if (i % 41 === 0) lines.push(JSON.stringify({ id: `bad-${i}`, text: 'fine', ratings: { nps: 'ten' } }));
    if (i % 47 === 0) lines.push(JSON.stringify({ text: 'no id here, extra key', source: 'web' }));
  }
  return `\uFEFF${lines.join('\n')}`; // and no newline after the last line
};

/** `koe analyze …` in this process, its stdin fed in pieces of 64 KiB as a pipe would. */
const koe = (args: string[], text: string): Promise<AnalyzeRun> => {
  const bytes = Buffer.from(text);
  const pieces: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += 65_536) pieces.push(bytes.subarray(i, i + 65_536));
  return analyzeInProcess(args, pieces, modelDir);
};

/** `node cli/bin.js analyze …`: the compiled CLI with its compiled worker. */
const spawnKoe = (args: string[], text: string): Promise<AnalyzeRun> =>
  spawnAnalyze(args, text, { ...process.env, KOE_MODEL_DIR: modelDir });

describe('koe analyze --threads', () => {
  it('writes the same output, byte for byte, whatever the threads and batch size', { timeout: 120_000 }, async () => {
    // Prepare
    const text = input();
    const count = text.split('\n').length;
    // Act
    const one = await koe(['--threads', '1'], text);
    const two = await koe(['--threads', '2', '--batch-size', '37'], text);
    // Assess
    expect(count).toBeGreaterThan(800);
    expect(one.code).toBe(0);
    expect(one.stdout.split('\n')).toHaveLength(count + 1);
    expect(one.stdout).toContain('"language":"ja"');
    expect(one.stdout).toContain('"error":"not valid JSON"');
    expect(one.stdout).toContain('"pii":{"');
    expect(one.stderr).toContain('koe analyze: line ');
    expect(two).toEqual(one);
  });

  it('has the workers analyse part of the input, and keeps the order', { timeout: 120_000 }, async () => {
    // Prepare
    const text = input();
    const setup = { modelDir };
    const analyzer = await createAnalyzer(setup, () => {});
    const lane = async () => (chunk: Parameters<typeof analyzeChunk>[1]) => analyzeChunk(analyzer, chunk);
    const collect = () => {
      let out = '';
      const stream = new Writable({
        write(chunk: Buffer, _encoding, done) {
          out += chunk.toString('utf8');
          done();
        },
      });
      return { stream, text: () => out };
    };
    const alone = collect();
    const shared = collect();
    const notes: string[][] = [[], []];
    // Act
    const single = await analyzeChunks(
      readChunks(Readable.from([text]), 40),
      lane,
      alone.stream,
      (m) => notes[0]?.push(m),
      {
        threads: 1,
        batchSize: 40,
        workersAfter: 0,
      },
    );
    const pooled = await analyzeChunks(
      readChunks(Readable.from([text]), 40),
      lane,
      shared.stream,
      (m) => notes[1]?.push(m),
      {
        threads: 2,
        batchSize: 40,
        workersAfter: 0,
        setup,
      },
    );
    // Assess
    expect(single.byWorkers).toBe(0);
    expect(pooled.chunks).toBe(single.chunks);
    expect(pooled.byWorkers).toBeGreaterThan(0);
    expect(pooled.bad).toBe(single.bad);
    expect(single.bad).toBeGreaterThan(0);
    expect(shared.text()).toBe(alone.text());
    expect(notes[1]).toEqual(notes[0]);
  });

  it('reads ahead of the analysis by a few chunks only, on one thread', async () => {
    // Prepare: 500 chunks of 10 lines, and a lane that notes how far the reading has got each time
    let yielded = 0;
    let furthest = 0;
    let analysed = 0;
    async function* chunks() {
      for (let i = 0; i < 500; i++) {
        yielded++;
        yield { first: i * 10 + 1, lines: Array.from({ length: 10 }, () => '{"text":"x"}') };
      }
    }
    const lane = async () => async (chunk: { lines: Array<string | null> }) => {
      furthest = Math.max(furthest, yielded - analysed);
      analysed++;
      return { out: `${chunk.lines.length}\n`, notes: [] };
    };
    const sink = new Writable({ write: (_c, _e, done) => done() });
    // Act: as analyzeStream runs it (workers never start)
    const stats = await analyzeChunks(chunks(), lane, sink, () => {}, {
      threads: 1,
      batchSize: 10,
      workersAfter: Number.POSITIVE_INFINITY,
    });
    // Assess
    expect(stats).toEqual({ bad: 0, chunks: 500, byWorkers: 0 });
    expect(furthest).toBeLessThanOrEqual(6);
  });

  it('gives the compiled CLI the same output with its compiled worker', { timeout: 120_000 }, async () => {
    // Prepare: the English lines only (kuromoji would load in every thread)
    const text = input()
      .split('\n')
      .filter((line) => !line.includes('"ja-') && !/"id":\d/.test(line))
      .slice(0, 300)
      .join('\n');
    // Act
    const one = await spawnKoe(['--threads', '1'], text);
    const two = await spawnKoe(['--threads', '2', '--batch-size', '30'], text);
    // Assess
    expect(one.code).toBe(0);
    expect(one.stdout.split('\n')).toHaveLength(301);
    expect(two).toEqual(one);
  });

  it('stops quietly, with its workers, when the reader of its output goes away', { timeout: 120_000 }, async () => {
    // Prepare
    const text = input()
      .split('\n')
      .filter((line) => !line.includes('"ja-') && !/"id":\d/.test(line))
      .join('\n');
    // Act: read the first piece of output, then close the pipe (as `| head -1` does)
    const result = await new Promise<{ code: number | null; stderr: string; first: string }>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [join(root, 'cli', 'bin.js'), 'analyze', '--threads', '2', '--batch-size', '10'],
        { cwd: tmpdir(), env: { ...process.env, KOE_MODEL_DIR: modelDir } },
      );
      let stderr = '';
      let first = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.stdout.setEncoding('utf8').once('data', (d: string) => {
        first = d;
        child.stdout.destroy();
      });
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stderr, first }));
      child.stdin.on('error', () => {}); // it may stop reading before the end
      child.stdin.end(text);
    });
    // Assess
    expect(result.first).toMatch(/^\{"id":/);
    // Only the notes of bad lines: no EPIPE, no stopped worker.
    expect(result.stderr.split('\n').filter((l) => l !== '' && !/^koe analyze: line \d+: /.test(l))).toEqual([]);
    expect(result.code).toBe(0);
  });

  it.each([['0'], ['-1'], ['two'], ['1.5'], [''], ['257']])(
    'rejects --threads %j with a usage error',
    async (value) => {
      // Act
      const result = await koe([`--threads=${value}`], '{"text":"hi"}\n');
      // Assess
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(`koe analyze: --threads needs a whole number from 1 to 256, not '${value}'`);
      expect(result.stderr).toContain('usage: koe analyze');
    },
  );

  it('documents --threads in its help', async () => {
    // Act
    const help = await koe(['--help'], '');
    // Assess
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--threads <n>');
  });
});
