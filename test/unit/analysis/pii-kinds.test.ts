import { describe, expect, it } from 'vitest';
import { ibanValid, ssnValid } from '../../../shared/analysis/pii/checksums.js';
import { normalizeForPii, originalSpan } from '../../../shared/analysis/pii/normalize.js';
import { redactPii } from '../../../shared/analysis/pii/redact.js';

// Issue 12, finding 4: kinds that were not detected at all, and the disguises that slipped through.
describe('redactPii: the kinds of issue 12', () => {
  it.each([
    // e-mail: Unicode local parts whole, disguised ones, invisible characters inside
    ['write to jöhn.müller@example.de today', 'write to [EMAIL] today'],
    ['mail john at example dot com please', 'mail [EMAIL] please'],
    ['mail john[at]example[dot]com please', 'mail [EMAIL] please'],
    ['mail john (at) example (dot) co (dot) uk', 'mail [EMAIL]'],
    ['mail jo\u00adhn@exam\u200bple.com now', 'mail [EMAIL] now'],
    ['ｊｏｈｎ＠ｅｘａｍｐｌｅ．ｃｏｍまで', '[EMAIL]まで'],
    // phones: bare US 10 digits, 7-digit local after a cue, kanji and full-width digits, invisible separators
    ['my cell 4155551234, call anytime', 'my cell [PHONE], call anytime'],
    ['call me on 555-1234 tonight', 'call me on [PHONE] tonight'],
    ['電話は123-4567までお願いします', '電話は[PHONE]までお願いします'],
    ['携帯は〇九〇―一二三四―五六七八です', '携帯は[PHONE]です'],
    ['携帯は０９０－１２３４－５６７８です', '携帯は[PHONE]です'],
    ['call 090\u200b-1234-5678', 'call [PHONE]'],
    ['call +81 90 1234 5678 2 times', 'call [PHONE] times'],
    // cards with dots, soft hyphens and zero-width characters
    ['card 4111.1111.1111.1111 declined', 'card [CARD] declined'],
    ['card 4111 11\u00ad11 1111 1111 declined', 'card [CARD] declined'],
    // IBAN, SSN, passport, date of birth
    ['IBAN DE89 3704 0044 0532 0130 00 please refund', 'IBAN [IBAN] please refund'],
    ['refund to GB29NWBK60161331926819', 'refund to [IBAN]'],
    ['my SSN is 123-45-6789', 'my SSN is [SSN]'],
    ['social security number 123 45 6789', 'social security number [SSN]'],
    ['passport number is AB1234567', 'passport number is [PASSPORT]'],
    ['パスポート番号はTK1234567です', 'パスポート番号は[PASSPORT]です'],
    ['DOB: 03/14/1985', 'DOB: [DOB]'],
    ['I was born on March 14, 1985', 'I was born on [DOB]'],
    ['生年月日は1985年3月14日です', '生年月日は[DOB]です'],
    ['生年月日：昭和60年3月14日', '生年月日：[DOB]'],
    // postcodes
    ['〒105-0011 東京都港区芝公園4-2-8', '〒[POSTAL_CODE] [ADDRESS]'],
    ['742 Evergreen Terrace, Springfield, IL 62704', '[ADDRESS], Springfield, IL [POSTAL_CODE]'],
    ['ship to 10 Downing Street, London SW1A 2AA', 'ship to [ADDRESS], London [POSTAL_CODE]'],
    // street addresses
    ['I live at 350 5th Avenue, Apt 4B and', 'I live at [ADDRESS] and'],
    ['住所は大阪府大阪市北区梅田1丁目2番3号です', '住所は[ADDRESS]です'],
    ['送付先：港区六本木六丁目10番1号', '送付先：[ADDRESS]'],
    // names
    ['my name is John Smith and my order is late', 'my name is [NAME] and my order is late'],
    ["Hi, I'm Sarah. The app crashes", "Hi, I'm [NAME]. The app crashes"],
    ['Mr. Tanaka at the desk was rude', 'Mr. [NAME] at the desk was rude'],
    ['Still waiting.\nThanks,\nJane Doe', 'Still waiting.\nThanks,\n[NAME]'],
    ['Sarah Johnson hung up on me', '[NAME] hung up on me'],
    ['私は山田太郎です。荷物が届きません', '私は[NAME]です。荷物が届きません'],
    ['佐藤花子様から連絡がありました', '[NAME]様から連絡がありました'],
    ['田中と申します。返金をお願いします', '[NAME]と申します。返金をお願いします'],
    ['担当の鈴木が対応しました', '担当の[NAME]が対応しました'],
    ['マイケルさんが親切でした', '[NAME]さんが親切でした'],
  ])('%s', (input, expected) => {
    // Prepare / Act
    const { text, found } = redactPii(input);
    // Assess
    expect(text).toBe(expected);
    expect(Object.values(found).reduce((a, b) => a + (b ?? 0), 0)).toBe(expected.match(/\[[A-Z_]+\]/g)?.length);
  });
});

describe('redactPii: look-alikes stay', () => {
  it.each([
    'The iPhone 15 Pro from Apple in New York costs $999',
    'Thanks United! Flight UA 1234 left on time',
    'order 4155551234 is late',
    'tracking number 9400111899223100012345',
    'visit us at example.com for help',
    'delivered on March 14, 2024 at 10am',
    '2024年3月14日に届きました',
    'お客様の仕様が変わった様子です',
    'スタッフさんは親切でした',
    '私は会社員です',
    'Model XPS 13 9310 and SKU AB-1234-CD',
    'I am Very disappointed with Amazon Prime',
    '新宿駅の3番線で待っていました',
    'room 1204 on the 12th floor',
  ])('%s', (input) => {
    expect(redactPii(input).text).toBe(input);
  });
});

describe('normalizeForPii', () => {
  it('maps full-width, kanji digits and dropped characters back to original offsets', () => {
    // Prepare
    const input = 'TEL：〇九〇\u200b１２３４';
    // Act
    const n = normalizeForPii(input);
    // Assess
    expect(n.text).toBe('TEL:0901234');
    expect(originalSpan(n, 4, 11)).toEqual({ start: 4, end: input.length });
  });

  it('leaves a plain text untouched, without offset maps', () => {
    expect(normalizeForPii('plain text 123')).toEqual({ text: 'plain text 123' });
  });
});

describe('checksums', () => {
  it('IBAN mod 97', () => {
    expect(ibanValid('DE89370400440532013000')).toBe(true);
    expect(ibanValid('DE89370400440532013001')).toBe(false);
  });
  it('SSN rules', () => {
    expect(ssnValid('123456789')).toBe(true);
    expect(ssnValid('666123456')).toBe(false);
    expect(ssnValid('123004567')).toBe(false);
  });
});
