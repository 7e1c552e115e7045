/**
 * dynalite parses every expression of every request (UpdateExpression, ConditionExpression, Key/Filter
 * conditions, projections) with a generated PEG parser: in a profile of the ingest load, a fifth to a quarter
 * of the engine's busy time, although Koe sends the same few strings over and over with new values.
 *
 * This remembers each parse as a template: the tree with every attribute value it embedded replaced by the
 * value's placeholder name (`:now`). A later request with the same expression, the same
 * ExpressionAttributeNames and the same value types gets a copy of the template with its own values, and the
 * same side effects on dynalite's "unused names/values" bookkeeping. What the parser checks depends on those
 * inputs alone, except BETWEEN (it compares the two bounds) and attribute_type (it reads the type name
 * value): such expressions are always parsed afresh, as are expressions that fail (the error is raised again).
 */

/** The shape of a generated dynalite parser module (db/conditionParser.js and its siblings). */
export interface ExpressionParser {
  parse(input: string, options: { context: ParseContext }): unknown;
}

/** The `context` dynalite's validations pass to a parser. */
export interface ParseContext {
  attrNames?: Record<string, string>;
  attrVals?: Record<string, object>;
  unusedAttrNames?: Record<string, unknown>;
  unusedAttrVals?: Record<string, unknown>;
  isKeyCondition?: boolean;
  [key: string]: unknown;
}

interface Template {
  tree: unknown;
  usedNames: string[];
  usedValues: string[];
}

const PLACEHOLDER = Symbol('attribute value placeholder');
type Placeholder = { [PLACEHOLDER]: string };
const isPlaceholder = (node: object): node is Placeholder => PLACEHOLDER in node;

/** Value-dependent checks: these expressions are not cached. */
const VALUE_CHECKED = /between|attribute_type/i;
/** Distinct (expression, names, value types) kept; Koe uses a few dozen. Cleared whole when full. */
const MAX_ENTRIES = 2_000;

/** Copies `node`, mapping each object through `swap` first (arrays and objects keep their prototypes). */
const copyTree = (node: unknown, swap: (value: object) => unknown): unknown => {
  if (node === null || typeof node !== 'object') return node;
  const swapped = swap(node);
  if (swapped !== node) return swapped;
  if (Array.isArray(node)) return node.map((item) => copyTree(item, swap));
  const copy = Object.create(Object.getPrototypeOf(node)) as Record<string, unknown>;
  for (const [key, value] of Object.entries(node)) copy[key] = copyTree(value, swap);
  return copy;
};

const typeOf = (value: object) => Object.keys(value)[0] ?? '';

/** The cache key: which parser, the text, the names and each value's type (what the parse's checks read). */
const keyOf = (parserId: number, input: string, context: ParseContext) => {
  const values = context.attrVals ?? {};
  let types = '';
  for (const name of Object.keys(values)) types += `${name}=${typeOf(values[name] as object)},`;
  return `${parserId}${context.isKeyCondition ? 'k' : ''}\u0000${input}\u0000${JSON.stringify(context.attrNames ?? {})}\u0000${types}`;
};

const parserIds = new WeakMap<ExpressionParser, number>();
const cache = new Map<string, Template>();
let hits = 0;
let misses = 0;

/** Parses with `parser.parse` the first time, then copies the template; the parser's own behaviour otherwise. */
const cachedParse = (
  parser: ExpressionParser,
  parse: ExpressionParser['parse'],
  input: string,
  options: { context: ParseContext },
) => {
  const context = options.context;
  if (VALUE_CHECKED.test(input)) return parse.call(parser, input, options);
  const key = keyOf(parserIds.get(parser) ?? 0, input, context);
  const template = cache.get(key);
  const values = context.attrVals ?? {};
  if (template) {
    hits++;
    for (const name of template.usedNames) delete context.unusedAttrNames?.[name];
    for (const name of template.usedValues) delete context.unusedAttrVals?.[name];
    return copyTree(template.tree, (node) => (isPlaceholder(node) ? values[node[PLACEHOLDER]] : node));
  }
  misses++;
  // Parsed against fresh "unused" sets holding every name and value, so the template records all it uses,
  // even what an earlier expression of the same request already marked as used.
  const unusedNames: Record<string, boolean> = {};
  const unusedValues: Record<string, boolean> = {};
  for (const name of Object.keys(context.attrNames ?? {})) unusedNames[name] = true;
  for (const name of Object.keys(values)) unusedValues[name] = true;
  const own = { ...context, unusedAttrNames: unusedNames, unusedAttrVals: unusedValues };
  const tree = parse.call(parser, input, { ...options, context: own }); // throws on a bad expression: nothing cached
  const usedNames = Object.keys(context.attrNames ?? {}).filter((name) => !(name in unusedNames));
  const usedValues = Object.keys(values).filter((name) => !(name in unusedValues));
  for (const name of usedNames) delete context.unusedAttrNames?.[name];
  for (const name of usedValues) delete context.unusedAttrVals?.[name];
  const placeholders = new Map<object, string>();
  for (const name of Object.keys(values)) placeholders.set(values[name] as object, name);
  const found = new Set<string>();
  const templateTree = copyTree(tree, (node) => {
    const name = placeholders.get(node);
    if (name === undefined) return node;
    found.add(name);
    return { [PLACEHOLDER]: name };
  });
  // A value used but not found by identity was copied or transformed by the parser: not safe to template.
  if (usedValues.every((name) => found.has(name))) {
    if (cache.size >= MAX_ENTRIES) cache.clear();
    cache.set(key, { tree: templateTree, usedNames, usedValues });
  }
  return tree;
};

/** Replaces each parser module's `parse` with the caching one (dynalite calls `parser.parse` at request time). */
export const cacheExpressionParses = (parsers: ExpressionParser[]) => {
  parsers.forEach((parser, index) => {
    if (parserIds.has(parser)) return;
    parserIds.set(parser, index + 1);
    const parse = parser.parse;
    parser.parse = (input, options) => cachedParse(parser, parse, input, options);
  });
};

/** Parses answered from the cache and parsed afresh since start, in this process (the tests read it). */
export const expressionCacheStats = () => ({ hits, misses, entries: cache.size });
