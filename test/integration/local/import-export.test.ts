import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExport } from '../../../cli/commands/export.js';
import { runImport } from '../../../cli/commands/import.js';
import type { CliIo } from '../../../cli/lib/api.js';
import { eventually } from '../../../infra/local/spawn.js';
import { type LocalStack, startLocalStack } from '../../../infra/local/stack.js';
import { idForKey } from '../../../shared/feedback/ids.js';

// The real chain: koe import/export → HTTP → local server → ingest/export handlers → dynalite, analysis queue.
const KEY = `koe_import_${Date.now()}_0123456789abcdef`;
let stack: LocalStack;
let dir: string;

const io = (fetchImpl: typeof fetch = fetch) => {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = {
    env: { KOE_URL: stack.url, KOE_API_KEY: KEY },
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    fetch: fetchImpl,
  };
  return { io: value, out: () => out.join(''), err: () => err.join('') };
};

const item = async (id: string) => {
  const res = await fetch(`${stack.url}/v1/feedback/${id}`, { headers: { authorization: `Bearer ${KEY}` } });
  return res.status === 200 ? ((await res.json()) as { status: string; text: string; analysis?: unknown }) : undefined;
};

const count = (out: string, label: string) =>
  Number(new RegExp(`${label}\\s+([\\d,]+)`).exec(out)?.[1]?.replace(/,/g, ''));

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, env: { ...process.env, KOE_BOOTSTRAP_KEY: KEY } });
  dir = await mkdtemp(join(tmpdir(), 'koe-import-it-'));
});

afterAll(async () => {
  await stack?.stop();
});

const SURVEY = [
  'id,comment,when,score,plan',
  's-1,"The app crashed twice, write me at jane.doe@example.com",2026-11-20 10:00:00 +0900,2,pro',
  '',
  's-2,Refund is still not processed. Call me on 090-1234-5678,2026-11-20 11:00:00 +0900,1,free',
  's-2,Refund is still not processed. Call me on 090-1234-5678,2026-11-20 11:00:00 +0900,1,free',
  `s-3,"${'x'.repeat(25_000)}",2026-11-20 12:00:00 +0900,5,pro`,
  's-4,"bad"quote,2026-11-20 13:00:00 +0900,5,pro',
  's-5,Score out of range,2026-11-20 14:00:00 +0900,11,pro',
  ',No id on this row,2026-11-20 15:00:00 +0900,9,team',
  's-6,Delivery was fast and the support team was lovely,2026-11-20 16:00:00 +0900,10,pro',
].join('\r\n');

/** The survey's column map, into `source` (each test imports into its own, so none sees another's rows). */
const mapInto = (source: string) => [
  '--source',
  source,
  '--channel',
  'survey',
  '--external-id',
  'id',
  '--text',
  'comment',
  '--date',
  'when',
  '--nps',
  'score',
  '--metadata',
  'plan',
];

const MAP = mapInto('survey-2026');

describe('koe import against the local stack', () => {
  it('stores good rows, reports every other line with its reason, and writes the rejects file', async () => {
    // Prepare: a UTF-8 BOM as Excel writes it
    const file = join(dir, 'survey.csv');
    await writeFile(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SURVEY)]));
    const run = io();
    // Act
    const code = await runImport([file, ...MAP], run.io);
    // Assess
    expect(code).toBe(1); // some rows were rejected
    expect(count(run.out(), 'accepted')).toBe(4); // s-1, s-2, the row without id, s-6
    expect(count(run.out(), 'duplicates')).toBe(1); // the second s-2
    expect(count(run.out(), 'rejected')).toBe(3); // giant cell, bad quote, nps 11
    expect(count(run.out(), 'empty lines')).toBe(1);
    const rejects = (await readFile(`${file}.rejects.jsonl`, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { line: number; reason: string });
    expect(rejects.map((r) => r.line)).toEqual([6, 7, 8]);
    expect(rejects[0]?.reason).toContain('25,000 characters; the limit is 20,000');
    expect(rejects[1]?.reason).toContain('after a closing quote');
    expect(rejects[2]?.reason).toMatch(/refused by the API: ratings\.nps: .*10/);
    expect(run.err()).toContain('line 8: refused by the API');
    const stored = await item(idForKey('survey-2026', 's-1'));
    expect(stored?.text).toBe('The app crashed twice, write me at [EMAIL]');
  });

  it('answers a re-run of the same file with duplicates only: nothing is stored twice', async () => {
    // Prepare: the survey imported once
    const file = join(dir, 'survey-rerun.csv');
    await writeFile(file, SURVEY);
    const args = [file, ...mapInto('survey-rerun')];
    const first = io();
    expect(await runImport(args, first.io)).toBe(1);
    expect(count(first.out(), 'accepted')).toBe(4);
    // Act
    const run = io();
    const code = await runImport(args, run.io);
    // Assess
    expect(code).toBe(1);
    expect(count(run.out(), 'accepted')).toBe(0);
    expect(count(run.out(), 'duplicates')).toBe(5); // the row without an id too: its content key is the same
    expect(count(run.out(), 'rejected')).toBe(3);
  });

  it('resumes after an interruption: the checkpoint skips what was answered, a plain re-run answers duplicate', async () => {
    // Prepare: 9 rows without ids, sent 2 per request; the API stops answering after the second request
    const file = join(dir, 'nps.csv');
    const rows = Array.from(
      { length: 9 },
      (_, i) => `Comment number ${i} about the late parcel,2026-11-21T0${i}:00:00Z`,
    );
    await writeFile(file, ['text,occurredAt', ...rows].join('\n'));
    const checkpoint = join(dir, 'nps.checkpoint.json');
    const args = [
      file,
      '--source',
      'resume-test',
      '--batch-size',
      '2',
      '--concurrency',
      '1',
      '--checkpoint',
      checkpoint,
    ];
    let calls = 0;
    const dying = io(async (input, init) => {
      calls++;
      if (calls > 2) throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
      return fetch(input, init);
    });
    // Act
    const first = await runImportFast(args, dying.io);
    const saved = JSON.parse(await readFile(checkpoint, 'utf8')) as { line: number };
    const resumed = io();
    const second = await runImportFast(args, resumed.io);
    const again = io();
    const third = await runImportFast(args.slice(0, -2), again.io); // no checkpoint: everything is sent again
    // Assess
    expect(first).toBe(1);
    expect(dying.err()).toContain('run the same command again');
    expect(saved.line).toBe(5); // header + 2 batches of 2
    expect(second).toBe(0);
    expect(count(resumed.out(), 'accepted')).toBe(5);
    expect(count(resumed.out(), 'skipped')).toBe(4);
    expect(third).toBe(0);
    expect(count(again.out(), 'accepted')).toBe(0);
    expect(count(again.out(), 'duplicates')).toBe(9);
  });

  it('writes the rejects a checkpoint has moved past before it moves, so a failed run still reports them', async () => {
    // Prepare: line 3 is refused here (NPS "ten"); the API stops answering after the first request.
    const file = join(dir, 'reject-then-fail.csv');
    await writeFile(
      file,
      ['text,nps', 'Late parcel again,3', 'Score written out,ten', 'Courier was rude,2', 'Box arrived crushed,1'].join(
        '\n',
      ),
    );
    const checkpoint = join(dir, 'reject-then-fail.checkpoint.json');
    const rejects = join(dir, 'reject-then-fail.rejects.jsonl');
    const args = [file, '--source', 'reject-test', '--batch-size', '2', '--concurrency', '1'];
    const resumable = [...args, '--checkpoint', checkpoint, '--rejects', rejects];
    let calls = 0;
    const dying = io(async (input, init) => {
      calls++;
      if (calls > 1) throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
      return fetch(input, init);
    });
    // Act
    const first = await runImportFast(resumable, dying.io);
    const afterFailure = await readFile(rejects, 'utf8').catch(() => '');
    const second = await runImportFast(resumable, io().io);
    const afterRerun = await readFile(rejects, 'utf8');
    // Assess
    expect(first).toBe(1);
    expect(JSON.parse(await readFile(checkpoint, 'utf8')).line).toBeGreaterThanOrEqual(3);
    expect(
      afterFailure
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).line),
    ).toEqual([3]);
    expect(second).toBe(0);
    expect(
      afterRerun
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).line),
    ).toEqual([3]); // kept, not written twice
  });

  it('ends with how many were queued for analysis and, with --wait, follows the analysis until it is done', async () => {
    // Prepare: &amp; as the airline tweets carry it
    const file = join(dir, 'wait.csv');
    const rows = Array.from(
      { length: 30 },
      (_, i) => `w-${i},Bags lost &amp; no reply from the desk (${i}),2015-02-2${i % 5}`,
    );
    await writeFile(file, ['id,text,date', ...rows].join('\n'));
    const run = io();
    // Act
    const code = await runImport(
      [file, '--source', 'wait-test', '--external-id', 'id', '--date', 'date', '--wait'],
      run.io,
    );
    const stored = await item(idForKey('wait-test', 'w-7'));
    // Assess
    expect(code).toBe(0);
    expect(run.out()).toContain('30 queued for analysis');
    expect(run.out()).toMatch(/analysis done in [\d.]+ s/);
    expect(run.out()).toContain('data from 2015-02-20');
    expect(run.err()).toMatch(/analysis \d+ of \d+/);
    expect(stored?.status).toBe('analyzed');
    expect(stored?.text).toBe('Bags lost & no reply from the desk (7)');
  });

  it('imports Shift_JIS from Excel in Japan without being told the encoding', async () => {
    // Prepare: 問合せ,本文 / 1,配送が遅い — bytes as Excel writes them
    const sjis = Buffer.from('96e28d8782b92c967b95b60d0a312c947a919782aa927882a20d0a', 'hex');
    const file = join(dir, 'excel.csv');
    await writeFile(file, sjis);
    const run = io();
    // Act
    const code = await runImport([file, '--text', '本文', '--external-id', '問合せ', '--source', 'excel-ja'], run.io);
    // Assess
    expect(code).toBe(0);
    expect(run.out()).toContain('(csv, shift_jis)');
    expect((await item(idForKey('excel-ja', '1')))?.text).toBe('配送が遅い');
  });
});

/** runImport with retries that wait 1 ms instead of seconds. */
const runImportFast = async (args: string[], cli: CliIo) => {
  const { parseOptions, importFile } = await import('../../../cli/commands/import.js');
  const options = parseOptions(args, cli.env);
  if (!options) throw new Error('help');
  options.retryBaseMs = 1;
  try {
    const s = await importFile(options, cli, false);
    cli.out(`accepted ${s.accepted}\nduplicates ${s.duplicates}\nrejected ${s.rejected}\nskipped ${s.skipped}\n`);
    return s.rejected ? 1 : 0;
  } catch (error) {
    cli.err(`${(error as Error).message}\n`);
    return 1;
  }
};

describe('koe export against the local stack', () => {
  it('exports the analysis with the redacted text only: the e-mail and the phone never appear', async () => {
    // Prepare: five rows of a day no other test imports, analyzed
    const file = join(dir, 'to-export.csv');
    await writeFile(
      file,
      [
        'id,comment,when,score,plan',
        'e-1,"The app crashed twice, write me at jane.doe@example.com",2026-10-05 10:00:00 +0900,2,pro',
        'e-2,Refund is still not processed. Call me on 090-1234-5678,2026-10-05 11:00:00 +0900,1,free',
        'e-3,The checkout page is slow,2026-10-05 12:00:00 +0900,6,team',
        'e-4,Courier left the box in the rain,2026-10-05 13:00:00 +0900,4,free',
        'e-5,Delivery was fast and the support team was lovely,2026-10-05 16:00:00 +0900,10,pro',
      ].join('\n'),
    );
    expect(await runImport([file, ...mapInto('export-2026')], io().io)).toBe(0);
    const ids = ['e-1', 'e-2', 'e-3', 'e-4', 'e-5'].map((k) => idForKey('export-2026', k));
    await eventually(
      async () => ((await Promise.all(ids.map(item))).every((i) => i?.status === 'analyzed') ? true : undefined),
      30_000,
      'analysis of the imported rows',
    );
    const jsonl = join(dir, 'export.jsonl');
    const csv = join(dir, 'export.csv');
    // Act
    const a = await runExport(
      ['--from', '2026-10-05', '--to', '2026-10-05', '--format', 'jsonl', '--out', jsonl, '--limit', '2'],
      io().io,
    );
    const b = await runExport(['--from', '2026-10-05', '--to', '2026-10-05', '--out', csv, '--limit', '3'], io().io);
    // Assess
    expect(a).toBe(0);
    expect(b).toBe(0);
    const lines = (await readFile(jsonl, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.externalId).sort()).toEqual(['e-1', 'e-2', 'e-3', 'e-4', 'e-5']); // over 3 pages
    const s1 = lines.find((l) => l.externalId === 'e-1');
    expect(s1).toMatchObject({
      text: 'The app crashed twice, write me at [EMAIL]',
      nps: 2,
      metadata: { plan: 'pro' },
      status: 'analyzed',
      analyzerVersion: expect.any(String),
    });
    expect(typeof s1?.sentiment).toBe('string');
    expect(typeof s1?.urgency).toBe('string');
    const csvText = await readFile(csv, 'utf8');
    expect(csvText.match(/^id,source,externalId/gm)).toHaveLength(1); // one header over several pages
    expect(csvText.split('\r\n').filter(Boolean)).toHaveLength(1 + 5);
    for (const text of [await readFile(jsonl, 'utf8'), csvText]) {
      expect(text).not.toContain('jane.doe@example.com');
      expect(text).not.toContain('090-1234-5678');
      expect(text).toContain('[PHONE]');
    }
  });
});
