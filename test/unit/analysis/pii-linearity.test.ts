import { describe, expect, it } from 'vitest';
import { redactPii } from '../../../shared/analysis/pii/redact.js';
import { cpuCost, lowestRatio, repeat } from '../../support/cpu-ratio.js';

// Issue 12, finding 3: `+1` and 33 digits and a space, repeated, cost ~286 ms per comment in the old
// PHONE_INTL (nested quantifiers) and froze the server. Not a timing threshold: the *ratio* of the work
// for n and 4n characters. Linear work gives ≈ 4; quadratic gives 16; the old pattern gave far more.
// CPU time (not wall time) of the fastest of several batches, and up to three measurements of a ratio: a busy
// machine (a GC or a preemption in one batch) can only raise a ratio, so a ratio under the bound once is
// enough, where quadratic work never gets under 16.

const cost = (text: string, tries?: number) => cpuCost(redactPii, text, tries);

const WORST: Record<string, (length: number) => string> = {
  "'+1' and 33 digits and a space": (n) => repeat(`+1${'4'.repeat(33)} `, n),
  'one long digit run': (n) => '7'.repeat(n),
  'digits and single separators': (n) => repeat('1-2 3.4 ', n),
  'e-mail-like run': (n) => repeat('a.b@c.', n),
  "dots before '@'": (n) => `${'a.'.repeat(n / 2)}@b`,
  'spoken e-mail words': (n) => repeat('john at example dot ', n),
  'capitalised words after cues': (n) => repeat('Dear John Smith Mr Jones ', n),
  'kanji before a block number': (n) => `${repeat('東京都港区', n)}1-2-3`,
  honorifics: (n) => repeat('山田様', n),
  'full-width and kanji digits': (n) => repeat('０１２\u200b三四ー', n),
  'role cues and capitalised words': (n) => repeat('Caller Ann Lee Customer Bo Kim its Al Bo. ', n),
  'names before an e-mail bracket': (n) => repeat('Ann Lee Bo Kim (', n),
  'streets before five digits': (n) => repeat('Elm Drive, Rue de la Paix, 12345 ', n),
  'kana after surnames before です': (n) => repeat('の上田みゆきです御中 森です', n),
  'signature lines and relations': (n) => repeat('。\n山田 太郎\n父の田中', n),
};

describe('redactPii: linear in the length of the text', () => {
  it.each(Object.entries(WORST))('%s: 4× the text costs < 8× the work', (_name, make) => {
    // Prepare: warm the regular expressions up; grow n until its cost is well above the timer's and the
    // scheduler's noise (a cheap pattern at 20,000 characters costs ~0.3 ms, where one preemption is 10 %).
    redactPii(make(1000));
    let n = 20_000;
    while (n < 320_000 && cost(make(n), 3) < 2_000) n *= 2;
    // Act
    const ratio = lowestRatio(() => cost(make(4 * n), 7) / cost(make(n), 7), 8);
    // Assess
    expect(ratio).toBeLessThan(8);
  });

  it.each(Object.entries(WORST))('%s: costs < 10× an ordinary comment of the same length', (_name, make) => {
    // Prepare: ordinary feedback, digits and names included, as long as the hostile text, long enough
    // that the baseline is well above the noise (at 20,000 characters it costs ~1 ms).
    const ordinaryOf = (n: number) =>
      repeat('My order 1234 from Tokyo arrived late; call 090-1234-5678. 荷物が届きません。 ', n);
    redactPii(make(1000));
    redactPii(ordinaryOf(1000));
    let n = 20_000;
    while (n < 320_000 && cost(ordinaryOf(n), 3) < 4_000) n *= 2;
    // Act
    const ratio = lowestRatio(() => cost(make(n), 7) / cost(ordinaryOf(n), 7), 10);
    // Assess: before the fix, '+1' and 33 digits cost ~100× an ordinary comment.
    expect(ratio).toBeLessThan(10);
  });

  it('the worst input of the issue is redacted whole or left, never cut', () => {
    const text = repeat(`+1${'4'.repeat(33)} `, 2_000);
    expect(redactPii(text).text).toBe(text);
  });
});
