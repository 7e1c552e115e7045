import { describe, expect, it } from 'vitest';
import {
  type ColumnMapping,
  contentKey,
  decodeEntities,
  mapRow,
  normalizeDate,
  withDefaultColumns,
} from '../../../cli/lib/import-mapping.js';

const TWEETS: ColumnMapping = { text: 'text', externalId: 'tweet_id', date: 'tweet_created', metadata: [] };

describe('normalizeDate', () => {
  it.each([
    ['2015-02-24 11:35:52 -0800', '2015-02-24T19:35:52.000Z'],
    ['2026-11-22T09:30:00Z', '2026-11-22T09:30:00.000Z'],
    ['2026-11-22T09:30:00+09:00', '2026-11-22T00:30:00.000Z'],
    ['2026/11/22 9:30', '2026-11-22T09:30:00.000Z'],
    ['2026-11-22', '2026-11-22T00:00:00.000Z'],
    ['1764000000', '2025-11-24T16:00:00.000Z'],
  ])('%s → %s', (raw, iso) => {
    expect(normalizeDate(raw)).toBe(iso);
  });

  it('applies the offset given for dates without one, and refuses what is not a date', () => {
    expect(normalizeDate('2026/11/22 9:30', '+09:00')).toBe('2026-11-22T00:30:00.000Z');
    expect(normalizeDate('2026-02-31')).toBeUndefined();
    expect(normalizeDate('yesterday')).toBeUndefined();
    expect(normalizeDate('22/11/2026')).toBeUndefined();
  });
});

describe('mapRow', () => {
  it('maps an airline tweet: id, text, date, constant channel and source, metadata', () => {
    // Prepare
    const row = {
      tweet_id: '570306133677760513',
      text: '  @VirginAmerica What @dhepburn said. ',
      tweet_created: '2015-02-24 11:35:52 -0800',
      airline: 'Virgin America',
    };
    const mapping = { ...TWEETS, metadata: [{ key: 'airline', column: 'airline' }] };
    // Act
    const mapped = mapRow(row, mapping, { source: 'twitter-airline', channel: 'social' });
    // Assess
    expect(mapped).toEqual({
      ok: true,
      item: {
        text: '@VirginAmerica What @dhepburn said.',
        source: 'twitter-airline',
        externalId: '570306133677760513',
        channel: 'social',
        occurredAt: '2015-02-24T19:35:52.000Z',
        metadata: { airline: 'Virgin America' },
      },
    });
  });

  it('keys a row without an external id by a hash of source, text and date, the same on every run', () => {
    // Prepare
    const mapping: ColumnMapping = { text: 'comment', date: 'when', metadata: [] };
    const row = { comment: 'Late again', when: '2026-11-22' };
    // Act
    const a = mapRow(row, mapping, { source: 'survey-2026' });
    const b = mapRow({ ...row }, mapping, { source: 'survey-2026' });
    const other = mapRow(row, mapping, { source: 'survey-2025' });
    // Assess
    expect(a.ok && a.item.externalId).toBe(contentKey('survey-2026', 'Late again', '2026-11-22'));
    expect(a.ok && a.item.externalId).toMatch(/^content:[A-Za-z0-9_-]{32}$/);
    expect(b).toEqual(a);
    expect(other.ok && other.item.externalId).not.toBe(a.ok && a.item.externalId);
  });

  it('rejects a giant cell, an empty text, a bad date and a rating that is not a number, naming each', () => {
    // Prepare
    const mapping: ColumnMapping = { text: 'text', date: 'date', nps: 'nps', metadata: [] };
    // Act
    const giant = mapRow({ text: 'x'.repeat(20_001), date: '', nps: '' }, mapping, { source: 's' });
    const empty = mapRow({ text: '  ', date: '', nps: '' }, mapping, { source: 's' });
    const both = mapRow({ text: 'ok', date: 'soon', nps: 'ten' }, mapping, { source: 's' });
    const mojibake = mapRow({ text: '\uFFFD\uFFFD', date: '', nps: '' }, mapping, { source: 's' });
    // Assess
    expect(giant).toEqual({
      ok: false,
      reason: "text (column 'text') has 20,001 characters; the limit is 20,000",
    });
    expect(empty).toEqual({ ok: false, reason: "text (column 'text') is empty" });
    expect(both.ok).toBe(false);
    expect(!both.ok && both.reason).toContain('date "soon"');
    expect(!both.ok && both.reason).toContain('nps "ten"');
    expect(!mojibake.ok && mojibake.reason).toContain('--encoding');
  });

  it('reads ratings, customer and metadata from JSON Lines in the API body shape without flags', () => {
    // Prepare
    const mapping = { ...withDefaultColumns({}, undefined), metadata: [] } as ColumnMapping;
    const row = {
      text: 'Support never called back',
      externalId: 'T-9',
      occurredAt: '2026-11-20T10:00:00Z',
      channel: 'Chat',
      ratings: { nps: 2, csat: 1 },
      customer: { id: 'C-1', tier: 'enterprise' },
      metadata: { plan: 'pro', seats: 40 },
    };
    // Act
    const mapped = mapRow(row, mapping, { source: 'zendesk-export' });
    // Assess
    expect(mapped).toEqual({
      ok: true,
      item: {
        text: 'Support never called back',
        source: 'zendesk-export',
        externalId: 'T-9',
        channel: 'chat',
        occurredAt: '2026-11-20T10:00:00.000Z',
        ratings: { nps: 2, csat: 1 },
        customer: { id: 'C-1', tier: 'enterprise' },
        metadata: { plan: 'pro', seats: '40' },
      },
    });
  });

  it('finds CSV columns named like Koe fields, and leaves flags as given', () => {
    expect(withDefaultColumns({ text: 'body' }, ['body', 'text', 'external_id', 'occurredAt', 'nps'])).toEqual({
      text: 'body',
      externalId: 'external_id',
      date: 'occurredAt',
      nps: 'nps',
    });
  });
});

describe('decodeEntities', () => {
  it('decodes the entities web exports leave in text, once, and leaves unknown ones and bare ampersands alone', () => {
    // Act
    const decoded = [
      'Bags lost &amp; no reply',
      'I &lt;3 this crew &#39;really&#x27;',
      '&amp;lt; stays &lt;',
      'AT&T & Co &copy;',
    ].map(decodeEntities);
    // Assess
    expect(decoded).toEqual(['Bags lost & no reply', "I <3 this crew 'really'", '&lt; stays <', 'AT&T & Co &copy;']);
  });
});
