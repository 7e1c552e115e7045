import { beforeAll, describe, expect, it } from 'vitest';
import { redactPii } from '../../../shared/analysis/pii/redact.js';
import { measureRatios, repeat } from '../../support/cpu-ratio.js';
import { GROWTH_BOUND, ORDINARY_BOUND, WORST } from './pii-linearity.cases.js';

// Issue 12, finding 3: `+1` and 33 digits and a space, repeated, cost ~286 ms per comment in the old
// PHONE_INTL (nested quantifiers) and froze the server. Not a timing threshold: the *ratio* of the work
// for n and 4n characters, measured in a process of its own (./pii-linearity.cases.ts).

let ratios: Record<string, number>;

beforeAll(async () => {
  ratios = await measureRatios(new URL('./pii-linearity.cases.ts', import.meta.url));
}, 240_000);

describe('redactPii: linear in the length of the text', () => {
  it.each(Object.keys(WORST))(`%s: 4× the text costs < ${GROWTH_BOUND}× the work`, (name) => {
    expect(ratios[`growth: ${name}`]).toBeLessThan(GROWTH_BOUND);
  });

  it.each(Object.keys(WORST))(`%s: costs < ${ORDINARY_BOUND}× an ordinary comment of the same length`, (name) => {
    expect(ratios[`ordinary: ${name}`]).toBeLessThan(ORDINARY_BOUND);
  });

  it('the worst input of the issue is redacted whole or left, never cut', () => {
    const text = repeat(`+1${'4'.repeat(33)} `, 2_000);
    expect(redactPii(text).text).toBe(text);
  });
});
