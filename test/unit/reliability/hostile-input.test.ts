import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/errors.js';
import { parseFeedbackRequest } from '../../../shared/feedback/validate.js';

// Found by the route fuzzer: metadata {"constructor": "z"} reached DynamoDB's marshaller, which refused the
// object, and the caller got 503 "DynamoDB is unavailable"; "__proto__" was dropped without a word.
const parse = (raw: string) => {
  try {
    return parseFeedbackRequest(JSON.parse(raw), '2026-12-01T00:00:00.000Z');
  } catch (error) {
    return error;
  }
};

describe('prototype keys in feedback', () => {
  it.each(['__proto__', 'constructor', 'prototype'])('refuses metadata key %s with a 400 naming metadata', (key) => {
    const outcome = parse(`{"text":"x","source":"s","metadata":{"ok":"1",${JSON.stringify(key)}:"y"}}`);
    expect(outcome).toBeInstanceOf(ValidationError);
    expect((outcome as ValidationError).issues).toEqual([
      { path: 'metadata', message: 'must not use the keys __proto__, constructor or prototype' },
    ]);
  });

  it('refuses them in a batch item too, with the item index', () => {
    const outcome = parse(
      '{"items":[{"text":"x","source":"s"},{"text":"x","source":"s","metadata":{"constructor":"z"}}]}',
    );
    expect((outcome as ValidationError).issues?.[0]?.path).toBe('items[1].metadata');
  });

  it('refuses a top-level __proto__ or constructor as an unknown field', () => {
    for (const key of ['__proto__', 'constructor']) {
      const outcome = parse(`{"text":"x","source":"s",${JSON.stringify(key)}:{"admin":true}}`);
      expect(outcome).toBeInstanceOf(ValidationError);
    }
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('keeps ordinary metadata', () => {
    const outcome = parse('{"text":"x","source":"s","metadata":{"orderId":"o-1","toString":"fine"}}') as {
      inputs: Array<{ metadata?: Record<string, string> }>;
    };
    expect({ ...outcome.inputs[0]?.metadata }).toEqual({ orderId: 'o-1', toString: 'fine' });
  });
});
