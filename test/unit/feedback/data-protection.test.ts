import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/errors.js';
import { PSEUDONYM, pseudonymize } from '../../../shared/feedback/ids.js';
import { ingestFeedback, toRedactedItem, YIELD_EVERY_CHARS } from '../../../shared/feedback/ingest.js';
import type { FeedbackItem } from '../../../shared/feedback/model.js';
import type { FeedbackStore } from '../../../shared/feedback/ports.js';
import { parseFeedbackRequest } from '../../../shared/feedback/validate.js';
import { parseTranscriptRequest } from '../../../shared/transcripts/validate.js';

// Issue 12: identifiers, pseudonyms, strict dates, redaction of every free-text field, the CPU budget.
const NOW = '2026-11-22T09:30:00.000Z';
const KEY = new Uint8Array(32).fill(7);
const issuesOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  return [];
};
const one = (body: Record<string, unknown>) => parseFeedbackRequest({ text: 'hello', source: 's', ...body }, NOW);

describe('identifiers are validated, never redacted', () => {
  it('stores a Luhn-valid numeric externalId as sent (it used to become [CARD])', () => {
    // Prepare
    const { inputs } = one({ externalId: '4111111111111111' });
    // Act
    const item = toRedactedItem(inputs[0] as (typeof inputs)[0], NOW);
    // Assess
    expect(item.externalId).toBe('4111111111111111');
    expect(item.redacted).toEqual({});
  });

  it.each([
    [{ externalId: 'John Smith' }, 'externalId'],
    [{ externalId: 'jane@example.com' }, 'externalId'],
    [{ externalId: 'x'.repeat(201) }, 'externalId'],
    [{ source: 'my survey' }, 'source'],
    [{ source: 'a\u0000b' }, 'source'],
    [{ customer: { id: 'a\u0007b' } }, 'customer.id'],
  ])('%j is a 400 naming %s', (body, field) => {
    const issues = issuesOf(() => one(body));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(new RegExp(`^${field.replace('.', '\\.')}: `));
  });

  it('names the item of a batch', () => {
    const issues = issuesOf(() =>
      parseFeedbackRequest(
        {
          items: [
            { text: 'a', source: 's' },
            { text: 'b', source: 's', externalId: 'a b' },
          ],
        },
        NOW,
      ),
    );
    expect(issues[0]).toMatch(/^items\[1\]\.externalId: must be letters, digits/);
  });

  it('accepts the ids tools send', () => {
    for (const externalId of ['567890123456789012', 'zendesk:123', 'content:AbC-_x', 'INC-2026/11#4', 'チケット-12']) {
      expect(one({ externalId }).inputs[0]?.externalId).toBe(externalId);
    }
  });
});

describe('customer ids: keyed pseudonyms', () => {
  it('HMAC-SHA256 with the installation key: stable, key-dependent, not the bare hash', () => {
    // Prepare
    const phone = '+81 90 1234 5678';
    // Act
    const a = pseudonymize(KEY, phone);
    // Assess
    expect(a).toMatch(PSEUDONYM);
    expect(pseudonymize(KEY, phone)).toBe(a);
    expect(pseudonymize(new Uint8Array(32).fill(8), phone)).not.toBe(a);
    // The old pseudonym was an unsalted SHA-256: anyone could recompute it from a guessed number.
    expect(a).not.toBe(`anon_${createHash('sha256').update(JSON.stringify(phone)).digest('base64url').slice(0, 22)}`);
  });

  it('every customer id is pseudonymised (not only the ones that look like personal data); a pseudonym is kept', () => {
    const { inputs } = parseFeedbackRequest(
      {
        items: [
          { text: 'a', source: 's', customer: { id: 'cust-42' } },
          { text: 'b', source: 's', customer: { id: 'anon_AAAAAAAAAAAAAAAAAAAAAA' } },
        ],
      },
      NOW,
    );
    const [a, b] = inputs.map((input) => toRedactedItem(input, NOW, KEY));
    expect(a?.customer?.id).toMatch(PSEUDONYM);
    expect(a?.customer?.id).not.toContain('cust-42');
    expect(b?.customer?.id).toBe('anon_AAAAAAAAAAAAAAAAAAAAAA');
  });

  it('refuses to store a customer id without the key', () => {
    const { inputs } = one({ customer: { id: 'jane@example.com' } });
    expect(() => toRedactedItem(inputs[0] as (typeof inputs)[0], NOW)).toThrow(/pseudonym key/);
  });
});

describe('every stored free-text field is redacted', () => {
  it('metadata keys and values, and the customer tier', () => {
    // Prepare
    const { inputs } = one({
      metadata: { 'jane@example.com': 'vip', 'bob@example.com': 'call 090-1234-5678', plan: 'pro' },
      customer: { tier: 'gold (Mr. Tanaka)' },
    });
    // Act
    const item = toRedactedItem(inputs[0] as (typeof inputs)[0], NOW, KEY);
    // Assess
    expect(item.metadata).toEqual({ '[EMAIL]': 'vip', '[EMAIL] (2)': 'call [PHONE]', plan: 'pro' });
    expect(item.customer).toEqual({ tier: 'gold (Mr. [NAME])' });
    expect(item.redacted).toEqual({ EMAIL: 2, PHONE: 1, NAME: 1 });
  });
});

describe('strict dates', () => {
  it.each([
    '2026-02-30',
    '2026-02-29T10:00:00Z',
    '2026-13-01',
    '2026-04-31',
    '0000-01-01',
    '9999-12-31',
    '1999-12-31',
    '2026-01-01T24:00:00Z',
    '2026-01-01T10:00:00+15:00',
  ])('occurredAt %s is a 400 that says the rule', (occurredAt) => {
    const issues = issuesOf(() => one({ occurredAt }));
    expect(issues).toEqual([
      expect.stringMatching(/^occurredAt: must be a real ISO-8601 date .* from 2000-01-01 to 2100-12-31/),
    ]);
  });

  it.each(['2028-02-29', '2026-02-28T23:59:59Z', '2000-01-01', '2100-12-31T23:59:59.999+09:00'])(
    '%s is accepted',
    (occurredAt) => {
      expect(one({ occurredAt }).inputs).toHaveLength(1);
    },
  );

  it('a transcript turn at 2026-02-30 is a 400 naming the turn', () => {
    const issues = issuesOf(() =>
      parseTranscriptRequest({
        source: 's',
        conversationId: 'c',
        turns: [{ role: 'customer', text: 'hi', at: '2026-02-30T10:00:00Z' }],
      }),
    );
    expect(issues).toEqual([expect.stringMatching(/^turns\[0\]\.at: must be a real ISO-8601 date/)]);
  });
});

describe('transcript turn ids', () => {
  it('two turns with the same id are a 400 naming both indexes', () => {
    // Prepare
    const turn = (id: string, text: string) => ({ role: 'customer', text, at: '2026-11-22T09:00:00Z', id });
    // Act
    const issues = issuesOf(() =>
      parseTranscriptRequest({
        source: 's',
        conversationId: 'c',
        turns: [turn('m1', 'a'), turn('m2', 'b'), turn('m1', 'c')],
      }),
    );
    // Assess
    expect(issues).toEqual(["turns[2].id: repeats the id of turns[0] ('m1'); turn ids must be unique"]);
  });
});

describe('the per-request CPU budget', () => {
  it('gives the event loop back between comments: other work runs before the batch is redacted', async () => {
    // Prepare: a ticker on the event loop, and a store that notes how often it ticked before the first write
    let ticks = 0;
    let running = true;
    const tick = () => {
      ticks++;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    let ticksAtFirstWrite: number | undefined;
    const store = {
      putNew: async (item: FeedbackItem) => {
        ticksAtFirstWrite ??= ticks;
        return { status: 'created' as const, item };
      },
      remove: async () => undefined,
    } as unknown as FeedbackStore;
    const text = 'call +1 415 555 1234 about order 12345. '.repeat(500);
    const count = Math.ceil((4 * YIELD_EVERY_CHARS) / text.length);
    const { inputs } = parseFeedbackRequest(
      { items: Array.from({ length: count }, () => ({ text, source: 's' })) },
      NOW,
    );
    // Act
    await ingestFeedback(inputs, {
      store,
      queue: { send: async () => undefined },
      dataRange: { widen: async () => {} },
      now: () => new Date(NOW),
    });
    running = false;
    // Assess: before the fix every comment was redacted in one synchronous run: no tick before the first write.
    expect(ticksAtFirstWrite).toBeGreaterThanOrEqual(3);
  });
});
