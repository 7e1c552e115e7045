import { redactPii } from '../../../shared/analysis/pii/redact.js';
import { cpuCost, type RatioCase, repeat } from '../../support/cpu-ratio.js';

// Measured by test/unit/analysis/pii-linearity.test.ts in a process of its own (test/support/cpu-ratio.ts).
// CPU time (not wall time) of the fastest of several batches, and up to three measurements of a ratio: a busy
// machine (a GC or a preemption in one batch) can only raise a ratio, so a ratio under the bound once is
// enough, where quadratic work never gets under 16.

const cost = (text: string, tries?: number) => cpuCost(redactPii, text, tries);

/** The hostile inputs, each a text of about `length` characters. */
export const WORST: Record<string, (length: number) => string> = {
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

/** Linear work gives ≈ 4 for 4× the text; quadratic gives 16; the old PHONE_INTL gave far more. */
export const GROWTH_BOUND = 8;
/** Against ordinary feedback of the same length: before the fix, '+1' and 33 digits cost ~100×. */
export const ORDINARY_BOUND = 10;

const ordinaryOf = (n: number) =>
  repeat('My order 1234 from Tokyo arrived late; call 090-1234-5678. 荷物が届きません。 ', n);

export const ratioCases: RatioCase[] = Object.entries(WORST).flatMap(([name, make]) => [
  {
    name: `growth: ${name}`,
    bound: GROWTH_BOUND,
    measure: () => {
      // Warm the regular expressions up; grow n until its cost is well above the timer's and the scheduler's
      // noise (a cheap pattern at 20,000 characters costs ~0.3 ms, where one preemption is 10 %).
      redactPii(make(1000));
      let n = 20_000;
      while (n < 320_000 && cost(make(n), 3) < 2_000) n *= 2;
      return cost(make(4 * n), 7) / cost(make(n), 7);
    },
  },
  {
    name: `ordinary: ${name}`,
    bound: ORDINARY_BOUND,
    measure: () => {
      // Ordinary feedback, digits and names included, as long as the hostile text, long enough that the
      // baseline is well above the noise (at 20,000 characters it costs ~1 ms).
      redactPii(make(1000));
      redactPii(ordinaryOf(1000));
      let n = 20_000;
      while (n < 320_000 && cost(ordinaryOf(n), 3) < 4_000) n *= 2;
      return cost(make(n), 7) / cost(ordinaryOf(n), 7);
    },
  },
]);
