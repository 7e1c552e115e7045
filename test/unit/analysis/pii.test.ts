import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { luhnValid, myNumberValid } from '../../../shared/analysis/pii/checksums.js';
import { redactPii } from '../../../shared/analysis/pii/redact.js';

const PLACEHOLDER = /\[(EMAIL|PHONE|CARD|POSTAL_CODE|MY_NUMBER|IP_ADDRESS)\]/g;
const countPlaceholders = (text: string): number => text.match(PLACEHOLDER)?.length ?? 0;
const totalFound = (found: Record<string, number | undefined>): number =>
  Object.values(found).reduce<number>((a, b) => a + (b ?? 0), 0);

describe('redactPii: what it redacts', () => {
  it.each([
    ['mail me at john.doe+vip@example.co.jp today', 'mail me at [EMAIL] today', 'EMAIL'],
    ['call 090-1234-5678 please', 'call [PHONE] please', 'PHONE'],
    ['電話は03-1234-5678です', '電話は[PHONE]です', 'PHONE'],
    ['フリーダイヤル0120-123-456まで', 'フリーダイヤル[PHONE]まで', 'PHONE'],
    ['携帯は０９０－１２３４－５６７８です', '携帯は[PHONE]です', 'PHONE'],
    ['携帯は090ー1234ー5678です', '携帯は[PHONE]です', 'PHONE'],
    ['(03)1234-5678', '[PHONE]', 'PHONE'],
    ['09012345678', '[PHONE]', 'PHONE'],
    ['reach me on +81 90 1234 5678.', 'reach me on [PHONE].', 'PHONE'],
    ['US office +1 (415) 555-1234', 'US office [PHONE]', 'PHONE'],
    ['call 415-555-1234 or 1-800-555-1234', 'call [PHONE] or [PHONE]', 'PHONE'],
    ['card 4111 1111 1111 1111 exp 12/27', 'card [CARD] exp 12/27', 'CARD'],
    ['card 5555-5555-5555-4444', 'card [CARD]', 'CARD'],
    ['amex 3782 822463 10005', 'amex [CARD]', 'CARD'],
    ['カード番号４１１１１１１１１１１１１１１１', 'カード番号[CARD]', 'CARD'],
    ['〒123-4567 東京都港区', '〒[POSTAL_CODE] 東京都港区', 'POSTAL_CODE'],
    ['〒１２３４５６７', '〒[POSTAL_CODE]', 'POSTAL_CODE'],
    ['郵便番号：123-4567', '郵便番号：[POSTAL_CODE]', 'POSTAL_CODE'],
    ['123-4567 大阪府大阪市', '[POSTAL_CODE] 大阪府大阪市', 'POSTAL_CODE'],
    ['マイナンバーは1234 5678 9018です', 'マイナンバーは[MY_NUMBER]です', 'MY_NUMBER'],
    ['123456789018', '[MY_NUMBER]', 'MY_NUMBER'],
    ['from 192.168.0.1 today', 'from [IP_ADDRESS] today', 'IP_ADDRESS'],
    ['v6 2001:db8::8a2e:370:7334 and ::1', 'v6 [IP_ADDRESS] and [IP_ADDRESS]', 'IP_ADDRESS'],
    ['full 2001:0db8:0000:0000:0000:ff00:0042:8329', 'full [IP_ADDRESS]', 'IP_ADDRESS'],
  ])('%s', (input, expected, type) => {
    // Prepare / Act
    const result = redactPii(input);
    // Assess
    expect(result.text).toBe(expected);
    expect(result.found[type as 'EMAIL']).toBe(countPlaceholders(expected));
  });

  it('counts several kinds in one text', () => {
    const result = redactPii('a@b.io, 090-1234-5678, 4111111111111111 and 10.0.0.1');
    expect(result.text).toBe('[EMAIL], [PHONE], [CARD] and [IP_ADDRESS]');
    expect(result.found).toEqual({ EMAIL: 1, PHONE: 1, CARD: 1, IP_ADDRESS: 1 });
  });
});

describe('redactPii: what it leaves alone', () => {
  it.each([
    'order #12345 shipped',
    'order #123456789012 is late',
    'on 2024-01-15 at 12:30:45',
    '2015-02-24 11:35:52 -0800',
    'it cost $1,299.00 after tax',
    '3,000円でした',
    '¥12,000,000 budget',
    'flight UA 1234 was late',
    'version 1.2.3.4.5 of the app',
    'code 123-4567 is not an address',
    'ratio 10:30:50',
    'bag tags 0016 964012, 0016 964077',
    'Luhn-invalid 4111 1111 1111 1112',
    'not a My Number 123456789012',
    'ids 1234567890',
    'std::vector and Foo::bar',
  ])('%s', (input) => {
    // Prepare / Act
    const result = redactPii(input);
    // Assess
    expect(result.text).toBe(input);
    expect(result.found).toEqual({});
  });

  it('keeps a Luhn-invalid international number as a phone, not a card', () => {
    const result = redactPii('call +44 20 7946 0958 123');
    expect(result.found.CARD).toBeUndefined();
    expect(result.found.PHONE).toBe(1);
  });

  it('never leaves part of a number behind', () => {
    // Prepare: numbers glued to more digits by separators or letters.
    const inputs = ['090-1234-56789', '1090-1234-5678', 'x4111111111111111', '4111111111111111-2', '192.168.0.1.5'];
    for (const input of inputs) {
      // Act
      const { text } = redactPii(input);
      // Assess: either untouched, or no digit touches a placeholder.
      expect(text).not.toMatch(/\d\[[A-Z_]+\]|\[[A-Z_]+\]\d/);
    }
  });
});

describe('redactPii: bad input', () => {
  it.each([
    ['empty', ''],
    ['whitespace', ' \n\t '],
    ['emoji only', '😡😡🔥'],
    ['HTML', '<p>call <b>090-1234-5678</b></p>'],
    ['control characters', 'a\u0000b\u0007 090-1234-5678\u001b'],
    ['lone surrogates', '\ud800 090-1234-5678 \udfff'],
    ['mixed ja/en', '荷物が届かない, call me at 415-555-1234 ありがとう'],
  ])('%s: never throws, placeholders match counts', (_name, input) => {
    const result = redactPii(input);
    expect(typeof result.text).toBe('string');
    expect(countPlaceholders(result.text)).toBe(totalFound(result.found));
  });

  it('handles 100,000 characters', () => {
    const input = 'call 090-1234-5678 now. '.repeat(4200).slice(0, 100_000);
    const result = redactPii(input);
    expect(result.found.PHONE).toBe(countPlaceholders(result.text));
    expect(result.text).not.toMatch(/\d{3}-\d{4}-\d{4}/);
  });

  it('returns empty text for a non-string', () => {
    expect(redactPii(undefined as unknown as string)).toEqual({ text: '', found: {} });
  });
});

describe('checksums', () => {
  it('Luhn accepts test card numbers and rejects a changed digit', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('378282246310005')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
  });

  it('My Number check digit (worked example: Σ=212, 212 mod 11 = 3, check 8)', () => {
    expect(myNumberValid('123456789018')).toBe(true);
    expect(myNumberValid('123456789012')).toBe(false);
    expect(myNumberValid('12345678901')).toBe(false);
  });
});

/** A random Luhn-valid 16-digit number starting with 4, built by fixing the last digit. */
const luhnCard = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 14, maxLength: 14 }).map((body) => {
  const partial = `4${body.join('')}`;
  for (let d = 0; d <= 9; d++) if (luhnValid(partial + d)) return partial + d;
  return `${partial}0`;
});

describe('redactPii: properties', () => {
  const piiAlphabet = fc.constantFrom(...'0123456789０１２ -+().@a:#〒x円,/'.split(''));
  const piiLike = fc.array(piiAlphabet, { maxLength: 60 }).map((cs) => cs.join(''));

  it('never puts a digit next to a placeholder, and counts every placeholder', () => {
    fc.assert(
      fc.property(piiLike, (input) => {
        const { text, found } = redactPii(input);
        expect(text).not.toMatch(/[0-9０-９]\[[A-Z_]+\]|\[[A-Z_]+\][0-9０-９]/);
        expect(countPlaceholders(text)).toBe(totalFound(found));
      }),
      { numRuns: 2000 },
    );
  });

  it('redacts any Luhn-valid card whole, whatever text surrounds it', () => {
    fc.assert(
      fc.property(luhnCard, fc.string({ maxLength: 20 }), fc.boolean(), (card, prefix, grouped) => {
        const written = grouped ? card.replace(/(\d{4})(?=\d)/g, '$1 ') : card;
        // A group of four digits on its own just before reads as part of the number (see detect.ts), so the
        // prefix never ends in one; digits at the end of a word do not count ("ref7782 4111…" is a card).
        const lead = prefix.replace(/[\w#$@+/.-]$/, '').replace(/(?<![A-Za-z0-9_])\d{4}$/, '');
        const { text, found } = redactPii(`${lead} ${written} end`);
        expect(found.CARD).toBeGreaterThanOrEqual(1);
        expect(text).not.toContain(written);
        expect(text).not.toMatch(/\d{13,}/);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary strings and returns well-formed output', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (input) => {
        const { text, found } = redactPii(input);
        expect(typeof text).toBe('string');
        expect(countPlaceholders(text)).toBeLessThanOrEqual(totalFound(found) + countPlaceholders(input));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('redactPii: characters outside the Basic Multilingual Plane', () => {
  it.each([['𡉟掯'], ['𮘔𡉟山田'], ['😀東京'], ['電話 😀 090-1234-5678']])(
    'returns for %s (an empty match inside a surrogate pair once looped forever)',
    (input) => {
      // Act
      const result = redactPii(input);
      // Assess
      expect(result.text.length).toBeGreaterThan(0);
      expect([...result.text].every((c) => c.length === 1 || c.codePointAt(0)! > 0xffff)).toBe(true);
    },
  );
});

describe('redactPii: grouped numbers', () => {
  it('treats space-separated four-digit groups as one number', () => {
    // Prepare: the first 12 digits alone would pass the My Number check.
    const input = 'Luhn-invalid 1234 5678 9018 1112';
    // Act
    const result = redactPii(input);
    // Assess
    expect(result.text).toBe(input);
  });

  it('still redacts a card followed by a three-digit security code', () => {
    expect(redactPii('4111 1111 1111 1111 123').text).toBe('[CARD] 123');
  });
});
