import { createRequire } from 'node:module';
import path from 'node:path';
import kuromoji, { type IpadicFeatures, type Tokenizer } from 'kuromoji';

/** One morpheme from the Japanese tokenizer (IPAdic features), located in the input by UTF-16 offsets. */
export interface JaToken {
  /** The text as written. */
  surface: string;
  /** Dictionary form (e.g. 美味しく → 美味しい); the surface when the dictionary has none. */
  basic: string;
  /** Katakana reading, when the dictionary knows it. */
  reading?: string;
  /** Part of speech, e.g. 名詞, 動詞, 形容詞, 助動詞, 助詞, 記号. */
  pos: string;
  /** First POS detail, e.g. 自立, 非自立, サ変接続, 格助詞, 接続助詞; `*` when none. */
  posDetail1: string;
  /** Second POS detail when there is one, e.g. 地域 (a place name), 人名, 組織. */
  posDetail2?: string;
  /** Conjugated form, e.g. 基本形, 連用形, 未然形; absent for words that do not conjugate. */
  conjugatedForm?: string;
  /** Start offset (UTF-16 code units) in the text given to `tokenize`. */
  start: number;
  /** End offset (exclusive). */
  end: number;
}

/** A ready Japanese tokenizer; `tokenize` never throws and skips whitespace. */
export interface JapaneseTokenizer {
  /** Splits text into morphemes; spans index into `text` exactly (`text.slice(start, end) === surface`). */
  tokenize(text: string): JaToken[];
}

/** Options for {@link loadJapaneseTokenizer}. */
export interface JapaneseTokenizerOptions {
  /** Folder holding kuromoji's `*.dat.gz` files; defaults to the installed `kuromoji/dict` (override when bundled). */
  dictPath?: string;
}

// kuromoji's lattice grows badly on long runs without 、/。 (10k chars: seconds), so text is cut
// into pieces of at most this many code units, preferably at punctuation or whitespace.
const MAX_CHUNK = 200;
const BREAK_AFTER = /[。、！？!?.,，．\s」』）)]/;

/** Where the installed kuromoji keeps its dictionary, resolved from this module so any cwd works. */
export const defaultKuromojiDictPath = (): string => {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('kuromoji/package.json')), 'dict');
};

const cache = new Map<string, Promise<JapaneseTokenizer>>();

/**
 * Builds the kuromoji tokenizer once per process and dictionary path (the dictionary takes
 * about a second and ~100 MB to load); later calls share the same promise.
 */
export const loadJapaneseTokenizer = (options: JapaneseTokenizerOptions = {}): Promise<JapaneseTokenizer> => {
  const dictPath = options.dictPath ?? defaultKuromojiDictPath();
  let pending = cache.get(dictPath);
  if (!pending) {
    pending = new Promise<JapaneseTokenizer>((resolve, reject) => {
      kuromoji.builder({ dicPath: dictPath }).build((err, tokenizer) => {
        if (err) reject(err);
        else resolve(new KuromojiJapaneseTokenizer(tokenizer));
      });
    });
    // A failed load (wrong path) must not poison later attempts.
    pending.catch(() => cache.delete(dictPath));
    cache.set(dictPath, pending);
  }
  return pending;
};

/** True when `at` falls between the two halves of a surrogate pair. */
const splitsPair = (text: string, at: number): boolean => {
  const low = text.charCodeAt(at);
  const high = text.charCodeAt(at - 1);
  return low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff;
};

const blank = (s: string | undefined): boolean => s === undefined || s === '' || s === '*';

/** Adapts kuromoji: safe input, bounded chunks, exact offsets, compact tokens. */
class KuromojiJapaneseTokenizer implements JapaneseTokenizer {
  constructor(private readonly inner: Tokenizer<IpadicFeatures>) {}

  tokenize(text: string): JaToken[] {
    const out: JaToken[] = [];
    if (typeof text !== 'string' || text.length === 0) return out;
    const safe = sanitize(text);
    let chunkStart = 0;
    while (chunkStart < safe.length) {
      const chunkEnd = nextChunkEnd(safe, chunkStart);
      this.tokenizeChunk(safe, text, chunkStart, chunkEnd, out);
      chunkStart = chunkEnd;
    }
    return out;
  }

  private tokenizeChunk(safe: string, original: string, from: number, to: number, out: JaToken[]): void {
    const chunk = safe.slice(from, to);
    if (chunk.trim() === '') return;
    let features: IpadicFeatures[];
    try {
      features = this.inner.tokenize(chunk);
    } catch {
      // Never throw on odd text: an untokenizable chunk simply yields no tokens.
      return;
    }
    let cursor = 0;
    for (const f of features) {
      const surface = f.surface_form;
      // Surfaces concatenate to the chunk; indexOf guards against any dictionary surprise.
      const at = chunk.startsWith(surface, cursor) ? cursor : chunk.indexOf(surface, cursor);
      if (at < 0) continue;
      cursor = at + surface.length;
      if (f.pos_detail_1 === '空白' || surface.trim() === '') continue;
      let start = from + at;
      let end = start + surface.length;
      // Never cut an astral character in half (its placeholder is two symbols).
      if (splitsPair(original, start)) start--;
      if (splitsPair(original, end)) end++;
      const previous = out[out.length - 1];
      if (previous && previous.end > start) {
        if (previous.end >= end) continue;
        start = previous.end;
      }
      const written = original.slice(start, end);
      const token: JaToken = {
        surface: written,
        // A sanitized surface (emoji placeholder) has no meaningful dictionary form.
        basic: blank(f.basic_form) || written !== surface ? written : f.basic_form,
        pos: f.pos,
        posDetail1: f.pos_detail_1 ?? '*',
        start,
        end,
      };
      if (written.trim() === '') continue;
      if (f.reading !== undefined && !blank(f.reading)) token.reading = f.reading;
      if (!blank(f.pos_detail_2)) token.posDetail2 = f.pos_detail_2;
      if (!blank(f.conjugated_form)) token.conjugatedForm = f.conjugated_form;
      out.push(token);
    }
  }
}

// Offsets must survive sanitizing, so every replacement keeps the length in UTF-16 units.
// kuromoji throws on some control characters and on lone surrogates (-> space), and drops
// characters after a run of astral characters such as emoji (-> two BMP symbols, which it
// groups like any other run of symbols).
const ASTRAL_PLACEHOLDER = '〓〓';

/** Makes text safe for kuromoji without moving any offset. */
const sanitize = (text: string): string => {
  let out = '';
  let copiedUpTo = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let replacement: string | undefined;
    let width = 1;
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029) {
      replacement = ' ';
    } else if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        replacement = ASTRAL_PLACEHOLDER;
        width = 2;
      } else replacement = ' ';
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      replacement = ' ';
    }
    if (replacement !== undefined) {
      out += text.slice(copiedUpTo, i) + replacement;
      i += width - 1;
      copiedUpTo = i + 1;
    }
  }
  return copiedUpTo === 0 ? text : out + text.slice(copiedUpTo);
};

/** End of the next chunk: the whole rest if short, else the last break before MAX_CHUNK. */
const nextChunkEnd = (text: string, start: number): number => {
  const limit = start + MAX_CHUNK;
  if (limit >= text.length) return text.length;
  for (let i = limit - 1; i > start + MAX_CHUNK / 2; i--) {
    if (BREAK_AFTER.test(text[i] ?? '')) return i + 1;
  }
  // No break nearby: hard cut, but never between the halves of a surrogate pair.
  const code = text.charCodeAt(limit - 1);
  return code >= 0xd800 && code <= 0xdbff ? limit - 1 : limit;
};
