import fc from 'fast-check';

/**
 * Hostile-input generators shared by the fuzz tests. `KOE_FUZZ_RUNS=full` (npm run fuzz) asks for
 * the long run; the test suite runs a few hundred cases per target.
 */
export const FULL = process.env.KOE_FUZZ_RUNS === 'full';

/** Strings that have broken parsers, normalizers and regular expressions elsewhere. */
export const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800', // lone high surrogate
  '\uDFFF', // lone low surrogate
  'x\uD83Dy',
  '\uFEFF',
  '\u202Eevil\u202C', // right-to-left override
  'مرحبا بالعالم',
  'שלום',
  '👨‍👩‍👧‍👦', // ZWJ sequence
  '🏳️‍🌈',
  'e\u0301\u0301\u0301',
  '\u200B\u200C\u200D\u2060',
  '０９０-１２３４-５６７８',
  '配送が遅い。至急！',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '../../etc/passwd',
  '%00',
  '%E0%A4%A',
  '$' + '{7*7}',
  '<script>alert(1)</script>',
  "' OR '1'='1",
  'NaN',
  '-0',
  '1e309',
  'null',
  '\r\n\r\n',
  '\t\v\f',
];

/** Long adversarial runs for the regular expressions (PII, topics, triage cues). */
export const HUGE_STRINGS: Array<() => string> = [
  () => `${'a'.repeat(100_000)}!`,
  () => '9'.repeat(60_000),
  () => '1-2 '.repeat(15_000),
  () => '090-'.repeat(12_000),
  () => '+81 '.repeat(12_000),
  () => 'a@b.'.repeat(15_000),
  () => `${'a.'.repeat(20_000)}@`,
  () => '4111 1111 '.repeat(6_000),
  () => '遅'.repeat(30_000),
  () => 'refund '.repeat(8_000),
  () => '\uD800'.repeat(20_000),
  () => '👨‍👩‍👧'.repeat(5_000),
];

/** Any string: random graphemes or code points, a known nasty one, a huge one, or a mix. */
export const hostileString = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
    { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
    { weight: 1, arbitrary: fc.constantFrom(...HUGE_STRINGS).map((make) => make()) },
    { weight: 1, arbitrary: fc.array(fc.constantFrom(...NASTY_STRINGS), { maxLength: 8 }).map((a) => a.join('')) },
  );

/** Field names the routes know, plus the prototype-polluting ones, plus random ones. */
const KNOWN_KEYS = [
  'text',
  'source',
  'externalId',
  'channel',
  'journeyStage',
  'language',
  'ratings',
  'nps',
  'csat',
  'ces',
  'customer',
  'id',
  'tier',
  'occurredAt',
  'metadata',
  'items',
  'handles',
  'name',
  'scopes',
  'assignee',
  'level',
  'reason',
  'note',
  'topics',
  'sentiment',
  'date',
  'granularity',
  'from',
  'to',
  'transcript',
  'turns',
  'speaker',
  'email',
  'frequency',
  'format',
];
/** Keys that pollute prototypes when a parser or merge is careless. */
export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'];
const key = () =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...KNOWN_KEYS) },
    { weight: 2, arbitrary: fc.constantFrom(...PROTO_KEYS) },
    { weight: 1, arbitrary: hostileString() },
  );

/** A JSON-ish value tree, serialized by hand so `__proto__` stays an own key in the text. */
type Tree = null | boolean | number | string | Tree[] | { entries: Array<[string, Tree]> };
const { tree } = fc.letrec<{ tree: Tree; leaf: Tree; node: Tree }>((tie) => ({
  leaf: fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.constantFrom(0, -1, 1e21, 2 ** 53, -(2 ** 53), 10, 11, 500, 501),
    hostileString(),
  ),
  node: fc.oneof(
    fc.array(tie('tree'), { maxLength: 5 }),
    fc.array(fc.tuple(key(), tie('tree')), { maxLength: 6 }).map((entries) => ({ entries })),
  ),
  tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, tie('leaf'), tie('node')),
}));

/** Serializes a tree to JSON text (lone surrogates are escaped by JSON.stringify, as a client would send them). */
export const toJsonText = (t: Tree): string => {
  if (t === null || typeof t !== 'object') return JSON.stringify(t);
  if (Array.isArray(t)) return `[${t.map(toJsonText).join(',')}]`;
  return `{${t.entries.map(([k, v]) => `${JSON.stringify(k)}:${toJsonText(v)}`).join(',')}}`;
};

/** A valid comment, for mutation. */
const validComment = () => ({
  text: 'The delivery was late and the box was damaged.',
  source: 'fuzz',
  channel: 'email',
  ratings: { nps: 3 },
  customer: { id: 'c-1', tier: 'gold' },
  metadata: { orderId: 'o-1' },
});

/** A valid comment with one field replaced by anything (wrong type, hostile string, nested junk) or one key added. */
const mutatedComment = () =>
  fc
    .tuple(fc.constantFrom(...Object.keys(validComment()), ...PROTO_KEYS, 'extra'), tree, fc.boolean())
    .map(([field, value, batch]) => {
      const entries = Object.entries(validComment()).map(([k, v]) => [k, JSON.stringify(v)] as [string, string]);
      const at = entries.findIndex(([k]) => k === field);
      const replaced: [string, string] = [field, toJsonText(value)];
      if (at >= 0) entries[at] = replaced;
      else entries.push(replaced);
      const object = `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;
      return batch ? `{"items":[${object},${JSON.stringify(validComment())}]}` : object;
    });

/** A valid comment whose free text is hostile: it gets through validation to redaction, storage and analysis. */
const hostileTextComment = () =>
  fc
    .tuple(
      hostileString().filter((t) => t.trim().length > 0),
      hostileString(),
      fc.constantFrom('ja', 'en', 'ko', 'zh-TW'),
    )
    .map(([text, note, language]) =>
      JSON.stringify({
        text: text.slice(0, 20_000),
        source: 'fuzz-text',
        language,
        metadata: { note: note.slice(0, 1_000) },
      }),
    );

/** Nesting deep enough to overflow a recursive walker. */
const deepNesting = () =>
  fc
    .tuple(fc.constantFrom(100, 1_000, 10_000, 100_000), fc.constantFrom('[', '{"a":', '{"__proto__":'))
    .map(([depth, open]) => {
      const close = open === '[' ? ']' : '}';
      return `${open.repeat(depth)}1${close.repeat(depth)}`;
    });

/** A request body: random JSON, a mutated valid payload, deep nesting, prototype keys, or no JSON at all. */
export const hostileBody = (): fc.Arbitrary<string | undefined> =>
  fc.oneof(
    { weight: 4, arbitrary: tree.map(toJsonText) },
    { weight: 3, arbitrary: mutatedComment() },
    { weight: 2, arbitrary: hostileTextComment() },
    { weight: 1, arbitrary: deepNesting() },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '{"__proto__":{"admin":true,"scopes":["admin"]},"text":"x","source":"s"}',
        '{"constructor":{"prototype":{"polluted":true}},"text":"x","source":"s"}',
        '{"items":[{"__proto__":{"text":"x"},"source":"s"}]}',
        '{"handles":{"__proto__":[]}}',
        '{"text":"x","source":"s","metadata":{"__proto__":"y","constructor":"z"}}',
      ),
    },
    { weight: 2, arbitrary: hostileString() },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );

/** Query-string parameters the routes read, with hostile values. */
const QUERY_KEYS = [
  'level',
  'channel',
  'limit',
  'cursor',
  'status',
  'topic',
  'assignee',
  'overdue',
  'granularity',
  'groupBy',
  'from',
  'to',
  'period',
  'key',
  'date',
  'format',
  'since',
];
/** A query string built from known and random keys with hostile values (some raw, some malformed escapes). */
export const hostileQuery = (): fc.Arbitrary<string> =>
  fc
    .array(
      fc.tuple(
        fc.oneof(fc.constantFrom(...QUERY_KEYS), fc.constantFrom(...QUERY_KEYS), hostileString()),
        fc.oneof(
          hostileString(),
          fc.constantFrom('-1', '0', '1e9', '201', 'critical,high', '2026-02-30', '9999-12-31', 'week', 'true'),
        ),
      ),
      { maxLength: 4 },
    )
    // Capped (a lone surrogate encodes to 9 bytes): a request head over Node's 16 KB limit is refused with 431
    // before any Koe code runs.
    .map((pairs) =>
      pairs.map(([k, v]) => `${percentEncode(k.slice(0, 40))}=${percentEncode(v.slice(0, 150))}`).join('&'),
    );

/** Percent-encodes the UTF-8 bytes of a string (a lone surrogate becomes U+FFFD, as any client would send). */
export const percentEncode = (s: string): string =>
  [...Buffer.from(s, 'utf8')]
    .map((b) =>
      /[A-Za-z0-9\-._~]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');

/** A path segment: a real id sometimes, otherwise hostile text, encoded or deliberately malformed. */
export const hostileSegment = (realIds: string[]): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...realIds).map(percentEncode) },
    {
      weight: 4,
      arbitrary: hostileString()
        .filter((s) => s.length > 0)
        .map((s) => percentEncode(s.slice(0, 200))),
    },
    { weight: 1, arbitrary: fc.constantFrom('%', '%E0%A4%A', '%FF%FE', '..', '.', '%2e%2e', '%2F', 'a%00b') },
  );

/** A content type: JSON most of the time, or something a handler must refuse. */
export const contentType = (): fc.Arbitrary<string | undefined> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constant('application/json') },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        'application/json; charset=utf-8',
        'application/problem+json',
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/octet-stream',
        'APPLICATION/JSON',
        ';;;',
      ),
    },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );

/** Authorization headers that must not get in. */
export const badAuthorization = (): fc.Arbitrary<string | undefined> =>
  fc.oneof(
    fc.constant(undefined),
    fc.constantFrom(
      '',
      'Bearer',
      'Bearer ',
      'Bearer koe_',
      'Bearer null',
      'Bearer undefined',
      'Bearer __proto__',
      'Basic YWRtaW46YWRtaW4=',
      'bearer  ',
      `Bearer ${'k'.repeat(8_000)}`,
    ),
    fc.string({ unit: 'grapheme-ascii', maxLength: 80 }).map((s) => `Bearer ${s.replace(/[\r\n]/g, '')}`),
  );
