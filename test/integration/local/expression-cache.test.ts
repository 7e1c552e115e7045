import { createRequire } from 'node:module';
import { type DynamoDBClient, PutItemCommand, QueryCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  cacheExpressionParses,
  type ExpressionParser,
  expressionCacheStats,
  type ParseContext,
} from '../../../infra/local/expression-cache.js';
import { createTestTable } from '../../support/dynamo.js';

const require = createRequire(import.meta.url);
/** dynalite's own generated parsers, as its validations load them. */
const real = (name: string) => require(`dynalite/db/${name}`) as ExpressionParser;

/** A caching copy of a real parser (the real module stays as it is). */
const cachingCopy = (name: string) => {
  const parser = real(name);
  const copy: ExpressionParser = { parse: parser.parse.bind(parser) };
  cacheExpressionParses([copy]);
  return copy;
};

/** The context dynalite's validations build for one request. */
const contextFor = (names: Record<string, string>, values: Record<string, object>): ParseContext => ({
  attrNames: names,
  attrVals: values,
  unusedAttrNames: Object.fromEntries(Object.keys(names).map((n) => [n, true])),
  unusedAttrVals: Object.fromEntries(Object.keys(values).map((n) => [n, true])),
  isReserved: (name: string) => name.toUpperCase() === 'STATUS',
  compare: () => false,
});

const parseBoth = (name: string, copy: ExpressionParser, input: string, makeContext: () => ParseContext) => {
  const freshContext = makeContext();
  const cachedContext = makeContext();
  let fresh: unknown;
  let cached: unknown;
  try {
    fresh = real(name).parse(input, { context: freshContext });
  } catch (error) {
    fresh = `error: ${(error as Error).message}`;
  }
  try {
    cached = copy.parse(input, { context: cachedContext });
  } catch (error) {
    cached = `error: ${(error as Error).message}`;
  }
  return { fresh, cached, freshContext, cachedContext };
};

describe('expression cache (dynalite parsers)', () => {
  it('answers a repeated expression with the new values, exactly as a fresh parse does', () => {
    // Prepare: Koe's analysis compare-and-set, three requests with different values.
    const copy = cachingCopy('updateParser');
    const conditionCopy = cachingCopy('conditionParser');
    const names = { '#rev': 'revision' };
    const before = expressionCacheStats().hits;
    for (const [n, rev] of [
      ['a', '1'],
      ['b', '2'],
      ['c', '3'],
    ] as const) {
      const values = {
        ':analysis': { S: `analysis ${n}` },
        ':expected': { N: rev },
        ':next': { N: `${Number(rev) + 1}` },
      };
      // Act
      const update = parseBoth('updateParser', copy, 'SET analysis = :analysis, #rev = :next', () =>
        contextFor(names, values),
      );
      const condition = parseBoth('conditionParser', conditionCopy, 'attribute_exists(pk) AND #rev = :expected', () =>
        contextFor(names, values),
      );
      // Assess
      expect(update.cached).toEqual(update.fresh);
      expect(condition.cached).toEqual(condition.fresh);
      expect(JSON.stringify(update.cached)).toContain(`analysis ${n}`);
      expect(update.cachedContext.unusedAttrVals).toEqual(update.freshContext.unusedAttrVals);
      expect(condition.cachedContext.unusedAttrNames).toEqual(condition.freshContext.unusedAttrNames);
    }
    expect(expressionCacheStats().hits - before).toBe(4);
  });

  it('checks the value types again when they change, and raises a bad expression every time', () => {
    // Prepare
    const copy = cachingCopy('updateParser');
    const input = 'SET total = total + :n';
    // Act
    const number = parseBoth('updateParser', copy, input, () => contextFor({}, { ':n': { N: '1' } }));
    const text = parseBoth('updateParser', copy, input, () => contextFor({}, { ':n': { S: 'one' } }));
    const bad = [1, 2].map(() =>
      parseBoth('updateParser', copy, 'SET = :n', () => contextFor({}, { ':n': { N: '1' } })),
    );
    // Assess
    expect(number.cached).toEqual(number.fresh);
    expect(text.fresh).toMatch(/Incorrect operand type/);
    expect(text.cached).toBe(text.fresh);
    for (const { fresh, cached } of bad) {
      expect(fresh).toMatch(/^error: Expected/);
      expect(cached).toBe(fresh);
    }
  });

  it('never caches BETWEEN: its bounds are compared, so the same text with swapped bounds still fails', () => {
    // Prepare
    const copy = cachingCopy('conditionParser');
    const input = 'gsi2pk = :pk AND gsi2sk BETWEEN :from AND :to';
    const context = (from: string, to: string) => ({
      ...contextFor({}, { ':pk': { S: 'DAY#1' }, ':from': { S: from }, ':to': { S: to } }),
      isKeyCondition: true,
      compare: (_op: string, x: { S: string }, y: { S: string }) => x.S > y.S,
    });
    // Act
    const good = parseBoth('conditionParser', copy, input, () => context('a', 'b'));
    const swapped = parseBoth('conditionParser', copy, input, () => context('b', 'a'));
    // Assess
    expect(good.cached).toEqual(good.fresh);
    expect(swapped.fresh).toMatch(/upper bound to be greater/);
    expect(swapped.cached).toBe(swapped.fresh);
  });
});

describe('expression cache (the engine, through the SDK)', () => {
  let client: DynamoDBClient;
  let tableName: string;
  beforeEach(async () => {
    ({ client, tableName } = await createTestTable('koe-exprcache'));
  });

  it('applies each request its own values: a compare-and-set passes once per revision', async () => {
    // Prepare
    await client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: { pk: { S: 'ITEM#1' }, sk: { S: 'ITEM' }, revision: { N: '1' } },
      }),
    );
    const casTo = (expected: number) =>
      client
        .send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: { pk: { S: 'ITEM#1' }, sk: { S: 'ITEM' } },
            UpdateExpression: 'SET note = :note, #rev = :next',
            ConditionExpression: 'attribute_exists(pk) AND #rev = :expected',
            ExpressionAttributeNames: { '#rev': 'revision' },
            ExpressionAttributeValues: {
              ':note': { S: `set at ${expected}` },
              ':expected': { N: String(expected) },
              ':next': { N: String(expected + 1) },
            },
            ReturnValues: 'ALL_NEW',
          }),
        )
        .then(
          (r) => r.Attributes?.note?.S ?? '',
          (error: Error) => error.name,
        );
    // Act
    const results = [await casTo(1), await casTo(1), await casTo(2), await casTo(5), await casTo(3)];
    // Assess
    expect(results).toEqual([
      'set at 1',
      'ConditionalCheckFailedException',
      'set at 2',
      'ConditionalCheckFailedException',
      'set at 3',
    ]);
  });

  it('queries each key the request names, and still refuses a value the expression does not use', async () => {
    // Prepare
    for (const pk of ['A', 'B'])
      await client.send(new PutItemCommand({ TableName: tableName, Item: { pk: { S: pk }, sk: { S: 'ITEM' } } }));
    const query = (values: Record<string, { S: string }>) =>
      client
        .send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: values,
          }),
        )
        .then(
          (r) => (r.Items ?? []).map((item) => item.pk?.S).join(','),
          (error: Error) => error.message,
        );
    // Act
    const a = await query({ ':pk': { S: 'A' } });
    const b = await query({ ':pk': { S: 'B' } });
    const extra = await query({ ':pk': { S: 'A' }, ':unused': { S: 'x' } });
    // Assess
    expect([a, b]).toEqual(['A', 'B']);
    expect(extra).toMatch(/unused in expressions.*:unused/);
  });
});
