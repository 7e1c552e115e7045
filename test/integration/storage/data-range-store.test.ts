import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoDataRangeStore } from '../../../shared/adapters/dynamo/data-range-store.js';
import { DynamoFeedbackStore } from '../../../shared/adapters/dynamo/feedback-store.js';
import { ingestFeedback } from '../../../shared/feedback/ingest.js';
import { createTestTable } from '../../support/dynamo.js';

let client: DynamoDBClient;
let tableName: string;

/** Counts the DynamoDB calls `client` sends from now on. */
const countCalls = (c: DynamoDBClient) => {
  const counter = { calls: 0 };
  c.middlewareStack.add(
    (next) => async (args) => {
      counter.calls++;
      return next(args);
    },
    { step: 'initialize', name: `callCounter${Math.random()}` },
  );
  return counter;
};

/** Counts the UpdateItem calls `client` sends from now on (the range's writes). */
const countUpdates = (c: DynamoDBClient) => {
  const counter = { calls: 0 };
  c.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'UpdateItemCommand') counter.calls++;
      return next(args);
    },
    { step: 'initialize', name: `updateCounter${Math.random()}` },
  );
  return counter;
};

beforeEach(async () => {
  ({ client, tableName } = await createTestTable('koe-range'));
});

describe('DynamoDataRangeStore', () => {
  it('widens the stored range and never narrows it', async () => {
    // Prepare
    const store = new DynamoDataRangeStore(client, tableName);
    // Act
    await store.widen('2026-01-10T00:00:00Z', '2026-01-20T00:00:00Z');
    await store.widen('2026-01-12T00:00:00Z', '2026-01-15T00:00:00Z');
    await store.widen('2026-01-05T00:00:00Z', '2026-01-08T00:00:00Z');
    // Assess
    expect(await store.get()).toEqual({ first: '2026-01-05T00:00:00Z', last: '2026-01-20T00:00:00Z' });
  });

  it('sends nothing for a batch inside the range it has already stored, and only the bound that moves otherwise', async () => {
    // Prepare: the ingest path widens on every request; most batches fall inside the range.
    const store = new DynamoDataRangeStore(client, tableName);
    await store.widen('2026-01-10T00:00:00Z', '2026-01-20T00:00:00Z');
    const counter = countCalls(client);
    // Act
    await store.widen('2026-01-11T00:00:00Z', '2026-01-19T00:00:00Z');
    const inside = counter.calls;
    await store.widen('2026-01-11T00:00:00Z', '2026-01-25T00:00:00Z');
    const later = counter.calls - inside;
    // Assess
    expect(inside).toBe(0);
    expect(later).toBe(1);
    expect(await store.get()).toEqual({ first: '2026-01-10T00:00:00Z', last: '2026-01-25T00:00:00Z' });
  });

  it('still widens what another writer stored beyond what this one knows', async () => {
    // Prepare: two processes (two Lambdas, or the stack and a CLI) share the item.
    const mine = new DynamoDataRangeStore(client, tableName);
    const theirs = new DynamoDataRangeStore(client, tableName);
    await mine.widen('2026-01-10T00:00:00Z', '2026-01-20T00:00:00Z');
    await theirs.widen('2026-01-01T00:00:00Z', '2026-01-31T00:00:00Z');
    // Act: outside what `mine` knows, inside what is stored: the condition keeps the wider range.
    await mine.widen('2026-01-05T00:00:00Z', '2026-01-25T00:00:00Z');
    // Assess
    expect(await mine.get()).toEqual({ first: '2026-01-01T00:00:00Z', last: '2026-01-31T00:00:00Z' });
  });

  it('does not take a failed write for stored: the next call writes again', async () => {
    // Prepare: a write the store refuses (the table is missing).
    const store = new DynamoDataRangeStore(client, `${tableName}-missing`);
    // Act
    const first = await store.widen('2026-01-10T00:00:00Z', '2026-01-20T00:00:00Z').catch((e: Error) => e);
    const counter = countCalls(client);
    const second = await store.widen('2026-01-10T00:00:00Z', '2026-01-20T00:00:00Z').catch((e: Error) => e);
    // Assess
    expect(first).toBeInstanceOf(Error);
    expect(second).toBeInstanceOf(Error);
    expect(counter.calls).toBeGreaterThan(0);
  });

  it('writes nothing for live comments on a day it has stored, and still reads their exact first and last', async () => {
    // Prepare: comments through the real ingest, which stores each item before it widens the range
    const range = new DynamoDataRangeStore(client, tableName);
    const ingest = (occurredAt: string) =>
      ingestFeedback([{ text: 'The parcel is late again.', source: 'range-test', channel: 'chat', occurredAt }], {
        store: new DynamoFeedbackStore(client, tableName),
        queue: { send: async () => {} },
        dataRange: range,
        now: () => new Date(),
      });
    await ingest('2026-01-10T09:00:00.000Z');
    const writes = countUpdates(client);
    // Act: a later and an earlier comment on the same day
    await ingest('2026-01-10T17:30:00.000Z');
    await ingest('2026-01-10T06:15:00.000Z');
    const afterSameDay = writes.calls;
    await ingest('2026-01-11T00:05:00.000Z');
    // Assess
    expect(afterSameDay).toBe(0);
    expect(writes.calls).toBe(1);
    expect(await new DynamoDataRangeStore(client, tableName).get()).toEqual({
      first: '2026-01-10T06:15:00.000Z',
      last: '2026-01-11T00:05:00.000Z',
    });
  });
});
