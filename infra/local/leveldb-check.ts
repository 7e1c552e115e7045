/**
 * A read-only check of a LevelDB folder (dynalite's data) before it is opened: LevelDB itself would
 * quietly drop a damaged log tail, open fine over a corrupt table and fail only on the first read of it,
 * or say "Database is closed" for a damaged MANIFEST. Here each of those is an error naming the file.
 *
 * Formats: https://github.com/google/leveldb/blob/main/doc/log_format.md and table_format.md.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { present } from '../../shared/present.js';

/** The recovery a corruption error points to (docs/local-runtime.md, "Damaged data"). */
export const RECOVERY = 'stop Koe and run `npx koe doctor --repair` (docs/local-runtime.md, "Damaged data")';

/** A damaged LevelDB file; `file` is its path. */
export class LevelDbCorruptionError extends Error {
  override readonly name = 'LevelDbCorruptionError';
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`the embedded database is damaged: ${file}: ${problem}; ${RECOVERY}`);
  }
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[i] = c >>> 0;
  }
  return table;
})();

/** CRC-32C of `bytes[start, end)`, masked as LevelDB stores it. */
const maskedCrc = (bytes: Buffer, start: number, end: number) => {
  let c = 0xffffffff;
  for (const b of bytes.subarray(start, end)) c = present(CRC_TABLE[(c ^ b) & 0xff], 'CRC table entry') ^ (c >>> 8);
  const crc = ~c >>> 0;
  return (((crc >>> 15) | (crc << 17)) + 0xa282ead8) >>> 0;
};

const LOG_BLOCK = 32_768;
const LOG_HEADER = 7;

/** Checks every record of a log-format file (`*.log`, `MANIFEST-*`): checksums, and no record cut short. */
const checkLogFile = (file: string) => {
  const bytes = readFileSync(file);
  for (let block = 0; block < bytes.length; block += LOG_BLOCK) {
    const blockEnd = Math.min(block + LOG_BLOCK, bytes.length);
    let at = block;
    while (block + LOG_BLOCK - at >= LOG_HEADER) {
      if (at === bytes.length) return;
      if (at + LOG_HEADER > bytes.length) throw new LevelDbCorruptionError(file, `truncated at byte ${bytes.length}`);
      const length = bytes.readUInt16LE(at + 4);
      const type = bytes.readUInt8(at + 6);
      if (type === 0 && length === 0) break; // zero padding (a preallocated tail)
      if (at + LOG_HEADER + length > blockEnd)
        throw new LevelDbCorruptionError(
          file,
          blockEnd === bytes.length ? `truncated at byte ${bytes.length}` : `record at byte ${at} overruns its block`,
        );
      if (type < 1 || type > 4) throw new LevelDbCorruptionError(file, `bad record type ${type} at byte ${at}`);
      if (bytes.readUInt32LE(at) !== maskedCrc(bytes, at + 6, at + LOG_HEADER + length))
        throw new LevelDbCorruptionError(file, `checksum mismatch in the record at byte ${at}`);
      at += LOG_HEADER + length;
    }
  }
};

/** The payloads of a log-format file's records, fragments joined (the file already checked). */
const logRecords = (file: string): Buffer[] => {
  const bytes = readFileSync(file);
  const records: Buffer[] = [];
  let parts: Buffer[] = [];
  for (let block = 0; block < bytes.length; block += LOG_BLOCK) {
    let at = block;
    while (block + LOG_BLOCK - at >= LOG_HEADER && at + LOG_HEADER <= bytes.length) {
      const length = bytes.readUInt16LE(at + 4);
      const type = bytes.readUInt8(at + 6);
      if (type === 0 && length === 0) break;
      parts.push(bytes.subarray(at + LOG_HEADER, at + LOG_HEADER + length));
      if (type === 1 || type === 4) {
        records.push(Buffer.concat(parts)); // FULL or LAST
        parts = [];
      }
      at += LOG_HEADER + length;
    }
  }
  return records;
};

/**
 * The table files the database's current MANIFEST lists (its version edits replayed: files added, minus
 * files deleted by compactions). A table on disk that is not in this set was replaced by a compaction and
 * is kept only while a reader (an open iterator or snapshot) still holds it; LevelDB deletes it after.
 */
export const liveTables = (dir: string): Set<string> => {
  const manifest = /^(MANIFEST-\d+)\n$/.exec(readFileSync(join(dir, 'CURRENT'), 'latin1'))?.[1];
  if (!manifest) throw new LevelDbCorruptionError(join(dir, 'CURRENT'), 'does not name a MANIFEST file');
  const live = new Set<number>();
  for (const edit of logRecords(join(dir, manifest))) {
    let at = 0;
    const varint = () => {
      const [value, next] = readVarint(edit, at);
      at = next;
      return value;
    };
    const skipSlice = () => {
      const length = varint(); // read first: `at += varint()` would add to the position before the varint
      at += length;
    };
    while (at < edit.length) {
      const tag = varint();
      if (tag === 1)
        skipSlice(); // comparator
      else if (tag === 2 || tag === 3 || tag === 4 || tag === 9)
        varint(); // log, next file, last sequence, prev log
      else if (tag === 5) {
        varint(); // compact pointer: level, key
        skipSlice();
      } else if (tag === 6) {
        varint(); // deleted file: level, number
        live.delete(varint());
      } else if (tag === 7) {
        varint(); // new file: level, number, size, smallest, largest
        live.add(varint());
        varint();
        skipSlice();
        skipSlice();
      } else throw new LevelDbCorruptionError(join(dir, manifest), `unknown version edit tag ${tag}`);
    }
  }
  return new Set([...live].flatMap((n) => [`${String(n).padStart(6, '0')}.ldb`, `${String(n).padStart(6, '0')}.sst`]));
};

const readVarint = (bytes: Buffer, at: number): [number, number] => {
  let value = 0;
  let scale = 1;
  for (let i = at; i < bytes.length && i < at + 10; i++) {
    const b = bytes.readUInt8(i);
    value += (b & 0x7f) * scale;
    if (b < 0x80) return [value, i + 1];
    scale *= 128;
  }
  throw new Error('bad varint');
};

/** Snappy's raw format, enough to read an index block. */
const unsnappy = (input: Buffer): Buffer => {
  const [length, start] = readVarint(input, 0);
  const out = Buffer.alloc(length);
  let o = 0;
  let i = start;
  while (i < input.length) {
    const tag = input.readUInt8(i++);
    let len: number;
    let offset: number;
    if ((tag & 3) === 0) {
      len = (tag >>> 2) + 1;
      if (len > 60) {
        const n = len - 60;
        len = input.readUIntLE(i, n) + 1;
        i += n;
      }
      input.copy(out, o, i, i + len);
      o += len;
      i += len;
      continue;
    }
    if ((tag & 3) === 1) {
      len = ((tag >>> 2) & 7) + 4;
      offset = ((tag >>> 5) << 8) | input.readUInt8(i++);
    } else if ((tag & 3) === 2) {
      len = (tag >>> 2) + 1;
      offset = input.readUInt16LE(i);
      i += 2;
    } else {
      len = (tag >>> 2) + 1;
      offset = input.readUInt32LE(i);
      i += 4;
    }
    if (offset === 0 || offset > o) throw new Error('bad snappy copy');
    for (let k = 0; k < len; k++, o++) out[o] = out.readUInt8(o - offset);
  }
  if (o !== length) throw new Error('bad snappy length');
  return out;
};

const TABLE_MAGIC = Buffer.from([0x57, 0xfb, 0x80, 0x8b, 0x24, 0x75, 0x47, 0xdb]);

/** Reads one block (checksum and type checked), decompressed. */
const readBlock = (file: string, bytes: Buffer, offset: number, size: number) => {
  if (offset + size + 5 > bytes.length)
    throw new LevelDbCorruptionError(file, `block at byte ${offset} runs past the end`);
  const type = bytes.readUInt8(offset + size);
  if (bytes.readUInt32LE(offset + size + 1) !== maskedCrc(bytes, offset, offset + size + 1))
    throw new LevelDbCorruptionError(file, `checksum mismatch in the block at byte ${offset}`);
  const contents = bytes.subarray(offset, offset + size);
  if (type === 0) return contents;
  if (type === 1) {
    try {
      return unsnappy(contents);
    } catch {
      throw new LevelDbCorruptionError(file, `undecodable block at byte ${offset}`);
    }
  }
  throw new LevelDbCorruptionError(file, `bad block type ${type} at byte ${offset}`);
};

/** Checks a table file: the footer, the index, and every data block's checksum. */
/** Checks a table file (footer, index, every block's checksum); returns how many data blocks it has. */
export const checkTableFile = (file: string): number => {
  const bytes = readFileSync(file);
  let blocks = 0;
  if (bytes.length < 48 || !bytes.subarray(bytes.length - 8).equals(TABLE_MAGIC))
    throw new LevelDbCorruptionError(file, 'not a table file (bad footer)');
  try {
    const footer = bytes.length - 48;
    const [metaOffset, a] = readVarint(bytes, footer);
    const [metaSize, b] = readVarint(bytes, a);
    const [indexOffset, c] = readVarint(bytes, b);
    const [indexSize] = readVarint(bytes, c);
    readBlock(file, bytes, metaOffset, metaSize);
    const index = readBlock(file, bytes, indexOffset, indexSize);
    const restarts = index.readUInt32LE(index.length - 4);
    const entriesEnd = index.length - 4 - 4 * restarts;
    for (let at = 0; at < entriesEnd; ) {
      const [, p1] = readVarint(index, at);
      const [nonShared, p2] = readVarint(index, p1);
      const [valueLength, p3] = readVarint(index, p2);
      const value = p3 + nonShared;
      const [blockOffset, v1] = readVarint(index, value);
      const [blockSize] = readVarint(index, v1);
      readBlock(file, bytes, blockOffset, blockSize);
      blocks++;
      at = value + valueLength;
    }
    return blocks;
  } catch (error) {
    if (error instanceof LevelDbCorruptionError) throw error;
    throw new LevelDbCorruptionError(file, `unreadable index (${(error as Error).message})`);
  }
};

/**
 * Checks the LevelDB folder `dir` (absent or empty: nothing to check). Throws LevelDbCorruptionError
 * naming the first damaged file: CURRENT, the MANIFEST it names, each log and each table.
 */
export const checkLevelDb = (dir: string) => {
  if (!existsSync(dir)) return;
  const names = readdirSync(dir);
  if (!names.includes('CURRENT')) {
    if (names.some((n) => n.startsWith('MANIFEST-') || n.endsWith('.ldb')))
      throw new LevelDbCorruptionError(join(dir, 'CURRENT'), 'missing while the folder holds data');
    return;
  }
  const current = readFileSync(join(dir, 'CURRENT'), 'latin1');
  const manifest = /^(MANIFEST-\d+)\n$/.exec(current)?.[1];
  if (!manifest) throw new LevelDbCorruptionError(join(dir, 'CURRENT'), 'does not name a MANIFEST file');
  if (!names.includes(manifest)) throw new LevelDbCorruptionError(join(dir, manifest), 'missing (named by CURRENT)');
  checkLogFile(join(dir, manifest));
  for (const name of names.sort()) {
    if (name.endsWith('.log') && /^\d+\.log$/.test(name)) checkLogFile(join(dir, name));
    else if (/^\d+\.(ldb|sst)$/.test(name)) checkTableFile(join(dir, name));
  }
};
