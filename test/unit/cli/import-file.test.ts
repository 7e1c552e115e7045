import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  csvRecords,
  decodeFile,
  detectEncoding,
  type FileRecord,
  HeaderError,
  jsonlRecords,
  MAX_RECORD_CHARS,
} from '../../../cli/lib/import-file.js';

async function* chunks(text: string, size = text.length || 1): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

const readAll = async (gen: AsyncGenerator<FileRecord>) => {
  const out: FileRecord[] = [];
  for await (const r of gen) out.push(r);
  return out;
};

/** Shift_JIS bytes for a string, built from the platform's own decoder (no encoder ships with Node). */
const shiftJis = (() => {
  const table = new Map<string, number[]>();
  const decoder = new TextDecoder('shift_jis');
  for (let lead = 0x81; lead <= 0xfc; lead++) {
    if (lead > 0x9f && lead < 0xe0) continue;
    for (let trail = 0x40; trail <= 0xfc; trail++) {
      if (trail === 0x7f) continue;
      const ch = decoder.decode(new Uint8Array([lead, trail]));
      if (ch.length === 1 && ch !== '\uFFFD' && !table.has(ch)) table.set(ch, [lead, trail]);
    }
  }
  return (text: string) =>
    Uint8Array.from(
      [...text].flatMap((ch) => {
        const code = ch.charCodeAt(0);
        if (code < 0x80) return [code];
        const bytes = table.get(ch);
        if (!bytes) throw new Error(`no Shift_JIS bytes for ${ch}`);
        return bytes;
      }),
    );
})();

describe('csvRecords', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, and numbers rows by their first line', async () => {
    // Prepare
    const csv = 'id,text\r\n1,"Hello, ""world"""\r\n2,"two\r\nlines"\r\n3,plain\r\n';
    // Act
    const records = await readAll(csvRecords(chunks(csv, 3)));
    // Assess
    expect(records).toEqual([
      { kind: 'row', line: 2, values: { id: '1', text: 'Hello, "world"' } },
      { kind: 'row', line: 3, values: { id: '2', text: 'two\r\nlines' } },
      { kind: 'row', line: 5, values: { id: '3', text: 'plain' } },
    ]);
  });

  it('reports malformed rows with their line and the reason, and keeps reading the rows after them', async () => {
    // Prepare
    const csv = ['id,text', '1,ok', '2,"bad"quote', '3,too,many', '4', '5,"never closed', '6,after'].join('\n');
    // Act
    const records = await readAll(csvRecords(chunks(csv, 5)));
    // Assess
    expect(records.map((r) => [r.kind, r.line])).toEqual([
      ['row', 2],
      ['bad', 3],
      ['bad', 4],
      ['bad', 5],
      ['bad', 6],
      ['row', 7],
    ]);
    const reasons = records.flatMap((r) => (r.kind === 'bad' ? [r.reason] : []));
    expect(reasons[0]).toContain('after a closing quote');
    expect(reasons[1]).toBe('has 3 fields; the header has 2');
    expect(reasons[2]).toBe('has 1 field; the header has 2');
    expect(reasons[3]).toContain('never closed');
    expect(records.at(-1)).toEqual({ kind: 'row', line: 7, values: { id: '6', text: 'after' } });
  });

  it('counts empty lines, keeps a quote inside an unquoted field as a character, and ends without a final newline', async () => {
    // Prepare
    const csv = '\nid,text\n\n1,a 5" screen\n   \n2,last';
    // Act
    const records = await readAll(csvRecords(chunks(csv)));
    // Assess
    expect(records).toEqual([
      { kind: 'empty', line: 1 },
      { kind: 'empty', line: 3 },
      { kind: 'row', line: 4, values: { id: '1', text: 'a 5" screen' } },
      { kind: 'empty', line: 5 },
      { kind: 'row', line: 6, values: { id: '2', text: 'last' } },
    ]);
  });

  it('reads a giant cell whole (the mapping rejects it), and gives up on a quote that runs past the record limit', async () => {
    // Prepare
    const giant = 'x'.repeat(25_000);
    const runaway = `id,text\n1,"${'y'.repeat(MAX_RECORD_CHARS + 10)}\n2,fine\n`;
    // Act
    const big = await readAll(csvRecords(chunks(`id,text\n1,"${giant}"\n`, 4096)));
    const run = await readAll(csvRecords(chunks(runaway, 65_536)));
    // Assess
    expect(big).toEqual([{ kind: 'row', line: 2, values: { id: '1', text: giant } }]);
    expect(run[0]).toMatchObject({ kind: 'bad', line: 2 });
    expect(run.at(-1)).toEqual({ kind: 'row', line: 3, values: { id: '2', text: 'fine' } });
  });

  it('stops on a header that names a column twice, or a file without a header', async () => {
    await expect(readAll(csvRecords(chunks('a,a\n1,2\n')))).rejects.toThrow(HeaderError);
    await expect(readAll(csvRecords(chunks('\n\n')))).rejects.toThrow('no header row');
  });
});

describe('jsonlRecords', () => {
  it('reads one object per line; bad JSON and non-objects are bad rows, blank lines are empty', async () => {
    // Prepare
    const text = '{"text":"a"}\r\n\n{"text":\n[1,2]\n{"text":"b"}';
    // Act
    const records = await readAll(jsonlRecords(chunks(text, 4)));
    // Assess
    expect(records.map((r) => [r.kind, r.line])).toEqual([
      ['row', 1],
      ['empty', 2],
      ['bad', 3],
      ['bad', 4],
      ['row', 5],
    ]);
    expect(records[2]).toMatchObject({ reason: expect.stringContaining('malformed JSON') });
    expect(records[3]).toMatchObject({ reason: 'is not a JSON object' });
  });
});

describe('encodings', () => {
  const write = async (name: string, bytes: Uint8Array) => {
    const dir = await mkdtemp(join(tmpdir(), 'koe-import-'));
    const path = join(dir, name);
    await writeFile(path, bytes);
    return path;
  };
  const decodeAll = async (path: string, encoding: string, skip: number) => {
    let text = '';
    for await (const t of decodeFile(path, encoding, skip)) text += t;
    return text;
  };

  it('detects a UTF-8 BOM and strips it, so the first header is "text", not "\\uFEFFtext"', async () => {
    // Prepare
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('text\nこんにちは\n')]);
    const path = await write('bom.csv', bytes);
    // Act
    const detected = detectEncoding(bytes);
    const records = await readAll(csvRecords(decodeFile(path, detected.encoding, detected.skip)));
    // Assess
    expect(detected).toEqual({ encoding: 'utf-8', skip: 3 });
    expect(records).toEqual([{ kind: 'row', line: 2, values: { text: 'こんにちは' } }]);
  });

  it('detects Shift_JIS as Excel in Japan writes it, and decodes it', async () => {
    // Prepare
    const csv = '問合せ番号,本文,日付\r\n1,配送が遅すぎて困っています。,2026/11/22 9:30\r\n';
    const bytes = shiftJis(csv);
    const path = await write('excel.csv', bytes);
    // Act
    const detected = detectEncoding(bytes);
    const text = await decodeAll(path, detected.encoding, detected.skip);
    // Assess
    expect(detected.encoding).toBe('shift_jis');
    expect(text).toBe(csv);
  });

  it('takes UTF-8 without a BOM as UTF-8, and a UTF-16 BOM as UTF-16', () => {
    expect(detectEncoding(new TextEncoder().encode('text\n日本語\n'))).toEqual({ encoding: 'utf-8', skip: 0 });
    expect(detectEncoding(new Uint8Array([0xff, 0xfe, 0x74, 0x00]))).toEqual({ encoding: 'utf-16le', skip: 2 });
  });

  it('decodes a multi-byte character split across read chunks', async () => {
    // Prepare: 65,535 ASCII bytes, then a 3-byte character across the 64 KB chunk boundary
    const text = `${'a'.repeat(65_535)}日本`;
    const path = await write('split.txt', new TextEncoder().encode(text));
    // Act
    const decoded = await decodeAll(path, 'utf-8', 0);
    // Assess
    expect(decoded).toBe(text);
  });
});
