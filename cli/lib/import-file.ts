/**
 * Reading an import file: bytes → text (encoding detected or given) → records with the line each
 * starts on. CSV (RFC 4180, as Excel writes it) and JSON Lines. Nothing here throws on bad rows:
 * a row that cannot be read comes out as a `bad` record with the reason, so every line is accounted for.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';

/** What one step of reading a file produces. */
export type FileRecord =
  /** A data row: CSV fields by header name, or one JSON Lines object. */
  | { kind: 'row'; line: number; values: Record<string, unknown> }
  /** A row that could not be read, with the reason. */
  | { kind: 'bad'; line: number; reason: string }
  /** A blank line (nothing to import; counted, not rejected). */
  | { kind: 'empty'; line: number };

/** Encodings `--encoding` accepts, mapped to WHATWG TextDecoder labels. */
const ENCODING_ALIASES: Record<string, string> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  shift_jis: 'shift_jis',
  'shift-jis': 'shift_jis',
  sjis: 'shift_jis',
  cp932: 'shift_jis',
  ms932: 'shift_jis',
  'windows-31j': 'shift_jis',
  'euc-jp': 'euc-jp',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
};

/** The TextDecoder label for an `--encoding` value, or undefined when Koe does not know it. */
export const encodingLabel = (name: string): string | undefined => ENCODING_ALIASES[name.toLowerCase()];

/** Bytes looked at to detect the encoding. */
const SNIFF_BYTES = 64 * 1024;

/**
 * Detects the encoding from the first bytes: a BOM decides; otherwise valid UTF-8 is UTF-8 and
 * anything else is taken as Shift_JIS (what Excel in Japan writes for "CSV (comma delimited)").
 * Returns the decoder label and how many BOM bytes to skip.
 */
export const detectEncoding = (head: Uint8Array): { encoding: string; skip: number } => {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', skip: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', skip: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', skip: 2 };
  try {
    // stream: true lets a character cut at the end of the sample pass.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return { encoding: 'utf-8', skip: 0 };
  } catch {
    return { encoding: 'shift_jis', skip: 0 };
  }
};

/** Reads the first bytes of a file (for detection). */
export const readHead = async (path: string): Promise<Uint8Array> => {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
};

/**
 * Streams a file as text in the given encoding, skipping `skip` leading bytes (a BOM); a BOM
 * character left at the start is dropped too. `onBytes` hears how many bytes have been read (progress).
 */
export async function* decodeFile(
  path: string,
  encoding: string,
  skip = 0,
  onBytes: (bytes: number) => void = () => {},
): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding, { ignoreBOM: false });
  let first = true;
  let bytes = skip;
  for await (const chunk of createReadStream(path, { start: skip, highWaterMark: SNIFF_BYTES })) {
    bytes += (chunk as Buffer).length;
    onBytes(bytes);
    let text = decoder.decode(chunk as Buffer, { stream: true });
    if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    first = false;
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** A CSV record longer than this is taken as a quote that never closes, not as data. */
export const MAX_RECORD_CHARS = 1_000_000;

type Step =
  | { kind: 'record'; fields: string[]; quoted: boolean; next: number; lines: number }
  | { kind: 'bad'; reason: string; next: number; lines: number }
  | { kind: 'more' };

const count = (text: string, char: string) => {
  let n = 0;
  for (let i = text.indexOf(char); i !== -1; i = text.indexOf(char, i + 1)) n++;
  return n;
};

/** Index of the next `,`, `\n` or `\r` at or after `from` (or the end). */
const nextDelimiter = (buf: string, from: number) => {
  for (let i = from; i < buf.length; i++) {
    const c = buf.charCodeAt(i);
    if (c === 44 || c === 10 || c === 13) return i;
  }
  return buf.length;
};

/** Position after the physical line that starts at `from` (used to resume after a broken record). */
const afterLine = (buf: string, from: number) => {
  const lf = buf.indexOf('\n', from);
  return lf === -1 ? buf.length : lf + 1;
};

/**
 * Scans one CSV record starting at `pos`. `final` says no more input will come. Lenient where
 * Excel users need it (a quote inside an unquoted field is a character); a character after a
 * closing quote makes the record bad but still ends it at its line break, so the next row is read.
 */
const scanRecord = (buf: string, pos: number, final: boolean): Step => {
  const fields: string[] = [];
  let i = pos;
  let lines = 0;
  let quoted = false;
  let problem: string | undefined;
  for (;;) {
    if (buf[i] === '"') {
      quoted = true;
      let value = '';
      let j = i + 1;
      let closed = false;
      while (j < buf.length) {
        const q = buf.indexOf('"', j);
        if (q === -1) break;
        if (q + 1 >= buf.length && !final) break; // `"` at the end of the chunk: maybe the first of `""`
        value += buf.slice(j, q);
        if (buf[q + 1] === '"') {
          value += '"';
          j = q + 2;
          continue;
        }
        j = q + 1;
        closed = true;
        break;
      }
      if (!closed) {
        if (!final && buf.length - pos <= MAX_RECORD_CHARS) return { kind: 'more' };
        const reason =
          buf.length - pos > MAX_RECORD_CHARS
            ? `a quoted field opened on this line runs past ${MAX_RECORD_CHARS.toLocaleString('en')} characters (a quote never closed?)`
            : 'a quoted field opened on this line is never closed';
        return { kind: 'bad', reason, next: afterLine(buf, pos), lines: 1 };
      }
      lines += count(value, '\n');
      i = j;
      const c = buf[i];
      if (i < buf.length && c !== ',' && c !== '\n' && c !== '\r') {
        problem ??= `unexpected ${JSON.stringify(c)} after a closing quote (a quote inside a quoted field must be doubled)`;
        const end = nextDelimiter(buf, i);
        value += buf.slice(i, end);
        i = end;
      }
      fields.push(value);
    } else {
      const end = nextDelimiter(buf, i);
      fields.push(buf.slice(i, end));
      i = end;
    }
    if (i >= buf.length) {
      if (!final) return { kind: 'more' };
      break;
    }
    if (buf[i] === ',') {
      i++;
      continue;
    }
    if (buf[i] === '\r') {
      if (i + 1 >= buf.length && !final) return { kind: 'more' };
      i += buf[i + 1] === '\n' ? 2 : 1;
    } else {
      i++;
    }
    lines++;
    break;
  }
  if (problem) return { kind: 'bad', reason: problem, next: i, lines: Math.max(lines, 1) };
  return { kind: 'record', fields, quoted, next: i, lines: Math.max(lines, 1) };
};

/** Header problems that stop an import before any row is sent. */
export class HeaderError extends Error {
  override readonly name = 'HeaderError';
}

/**
 * CSV records from decoded text chunks. The first non-empty record is the header; each data row
 * comes out as an object keyed by header name, with the line it starts on (the header is line 1
 * when it is the first line). A row with more or fewer fields than the header is bad, with the counts.
 */
export async function* csvRecords(chunks: AsyncIterable<string>): AsyncGenerator<FileRecord> {
  let buf = '';
  let line = 1;
  let header: string[] | undefined;
  const emit = function* (step: Extract<Step, { kind: 'record' | 'bad' }>): Generator<FileRecord> {
    const at = line;
    line += step.lines;
    if (step.kind === 'bad') {
      yield { kind: 'bad', line: at, reason: step.reason };
      return;
    }
    const { fields } = step;
    if (!step.quoted && fields.length === 1 && (fields[0] ?? '').trim() === '') {
      yield { kind: 'empty', line: at };
      return;
    }
    if (!header) {
      header = fields.map((f) => f.trim());
      const seen = new Set<string>();
      for (const name of header) {
        if (name && seen.has(name)) throw new HeaderError(`the header names column '${name}' twice`);
        seen.add(name);
      }
      return;
    }
    if (fields.length !== header.length) {
      yield {
        kind: 'bad',
        line: at,
        reason: `has ${fields.length} field${fields.length === 1 ? '' : 's'}; the header has ${header.length}`,
      };
      return;
    }
    const values: Record<string, unknown> = {};
    header.forEach((name, k) => {
      values[name] = fields[k];
    });
    yield { kind: 'row', line: at, values };
  };
  const drain = function* (final: boolean): Generator<FileRecord> {
    let pos = 0;
    while (pos < buf.length) {
      const step = scanRecord(buf, pos, final);
      if (step.kind === 'more') break;
      yield* emit(step);
      pos = step.next;
    }
    buf = buf.slice(pos);
  };
  for await (const chunk of chunks) {
    buf += chunk;
    yield* drain(false);
  }
  yield* drain(true);
  if (!header) throw new HeaderError('the file has no header row');
}

/** JSON Lines records from decoded text chunks: one object per line; a line that is not a JSON object is bad, with the parser's message. */
export async function* jsonlRecords(chunks: AsyncIterable<string>): AsyncGenerator<FileRecord> {
  let buf = '';
  let line = 1;
  const parse = (text: string): FileRecord => {
    const at = line++;
    const trimmed = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (trimmed.trim() === '') return { kind: 'empty', line: at };
    try {
      const value: unknown = JSON.parse(trimmed);
      if (value === null || typeof value !== 'object' || Array.isArray(value))
        return { kind: 'bad', line: at, reason: 'is not a JSON object' };
      return { kind: 'row', line: at, values: value as Record<string, unknown> };
    } catch (error) {
      return { kind: 'bad', line: at, reason: `malformed JSON: ${(error as Error).message}` };
    }
  };
  for await (const chunk of chunks) {
    buf += chunk;
    let lf = buf.indexOf('\n');
    let start = 0;
    while (lf !== -1) {
      yield parse(buf.slice(start, lf));
      start = lf + 1;
      lf = buf.indexOf('\n', start);
    }
    buf = buf.slice(start);
  }
  if (buf !== '') yield parse(buf);
}
