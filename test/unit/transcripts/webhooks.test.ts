import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/errors.js';
import { mapIntercom } from '../../../shared/webhooks/intercom.js';
import { parseWebhookSecrets } from '../../../shared/webhooks/secrets.js';
import {
  REPLAY_WINDOW_MS,
  signGeneric,
  signIntercom,
  signZendesk,
  verifyGeneric,
  verifyIntercom,
  verifyZendesk,
} from '../../../shared/webhooks/signatures.js';
import { mapZendesk } from '../../../shared/webhooks/zendesk.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/webhooks/${name}`, import.meta.url));
const SECRET = 'whsec_test_0123456789';
const NOW = new Date('2026-11-30T10:12:10Z');
const body = Buffer.from('{"hello":"world"}');

describe('webhook signatures', () => {
  it('accepts Zendesk base64(HMAC-SHA256(timestamp + body)) with its ISO timestamp, any of several secrets', () => {
    const headers = signZendesk(SECRET, body, '2026-11-30T10:12:07Z');
    expect(verifyZendesk(headers, body, ['old-secret-xyz', SECRET], NOW)).toEqual({ ok: true });
  });

  it('refuses Zendesk replays outside 5 minutes, a changed body, a wrong secret and missing headers', () => {
    // Prepare
    const stale = new Date(NOW.getTime() - REPLAY_WINDOW_MS - 1000).toISOString();
    // Act + Assess
    expect(verifyZendesk(signZendesk(SECRET, body, stale), body, [SECRET], NOW)).toEqual({
      ok: false,
      reason: 'stale',
    });
    const headers = signZendesk(SECRET, body, '2026-11-30T10:12:07Z');
    expect(verifyZendesk(headers, Buffer.from('{"hello":"World"}'), [SECRET], NOW).ok).toBe(false);
    expect(verifyZendesk(headers, body, ['another-secret'], NOW)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyZendesk({}, body, [SECRET], NOW)).toEqual({ ok: false, reason: 'missing' });
    // A signature made for another timestamp does not verify with this one.
    const moved = { ...headers, 'x-zendesk-webhook-signature-timestamp': '2026-11-30T10:12:08Z' };
    expect(verifyZendesk(moved, body, [SECRET], NOW)).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('accepts Intercom sha1=hex HMAC-SHA1 and refuses a truncated or foreign one', () => {
    const header = signIntercom(SECRET, body);
    expect(header).toMatch(/^sha1=[0-9a-f]{40}$/);
    expect(verifyIntercom({ 'x-hub-signature': header }, body, [SECRET])).toEqual({ ok: true });
    expect(verifyIntercom({ 'x-hub-signature': header.slice(0, -2) }, body, [SECRET])).toEqual({
      ok: false,
      reason: 'malformed',
    });
    expect(verifyIntercom({ 'x-hub-signature': signIntercom('nope-nope', body) }, body, [SECRET]).ok).toBe(false);
  });

  it('accepts the generic t=…,v1=… scheme, with several v1 during a rotation, and refuses a stale t', () => {
    // Prepare
    const t = Math.floor(NOW.getTime() / 1000);
    const good = signGeneric(SECRET, body, t);
    const rotated = `${good},v1=${'0'.repeat(64)}`;
    // Act + Assess
    expect(verifyGeneric({ 'x-koe-signature': good }, body, [SECRET], NOW)).toEqual({ ok: true });
    expect(verifyGeneric({ 'x-koe-signature': rotated }, body, [SECRET], NOW)).toEqual({ ok: true });
    expect(verifyGeneric({ 'x-koe-signature': signGeneric(SECRET, body, t - 301) }, body, [SECRET], NOW)).toEqual({
      ok: false,
      reason: 'stale',
    });
    expect(verifyGeneric({ 'x-koe-signature': 'v1=abc' }, body, [SECRET], NOW)).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });

  it('compares in constant time: equal-length wrong digests cost about what right ones do', () => {
    // Not a timing assertion: it checks that a digest differing only in its last byte is refused,
    // which a prefix comparison with an early exit would also do; the constant time comes from
    // crypto.timingSafeEqual, used for every comparison (see signatures.ts).
    const header = signIntercom(SECRET, body);
    const last = header.at(-1) === '0' ? '1' : '0';
    expect(verifyIntercom({ 'x-hub-signature': header.slice(0, -1) + last }, body, [SECRET]).ok).toBe(false);
  });
});

describe('webhook payload mapping (fixtures follow the tools’ documented shapes)', () => {
  it('maps a Zendesk ticket.comment_added event to one customer turn of the ticket', () => {
    // Act
    const mapped = mapZendesk(JSON.parse(fixture('zendesk-comment-added.json').toString()));
    // Assess
    expect(mapped.kind).toBe('transcript');
    if (mapped.kind !== 'transcript') return;
    expect(mapped.input).toMatchObject({
      source: 'zendesk',
      conversationId: '5158',
      customer: { id: 'zendesk:8447388090494' },
      metadata: { subject: 'My order never arrived', status: 'open' },
    });
    expect(mapped.input.turns).toEqual([
      {
        role: 'customer',
        text: 'Still nothing. I want to speak to a manager. Call me on 090-1234-5678.',
        at: '2026-11-30T10:12:07.672Z',
        id: '10001',
      },
    ]);
  });

  it('maps a Zendesk ticket with its comments: requester = customer, internal notes left out, CSAT good = 5', () => {
    const mapped = mapZendesk(JSON.parse(fixture('zendesk-ticket-comments.json').toString()));
    if (mapped.kind !== 'transcript') throw new Error('not mapped');
    expect(mapped.input.turns.map((t) => [t.role, t.id])).toEqual([
      ['customer', '1274'],
      ['agent', '1275'],
      ['customer', '1277'],
    ]);
    expect(mapped.input.ratings).toEqual({ csat: 5 });
    expect(mapped.input.channel).toBe('email');
  });

  it('maps an Intercom conversation.admin.replied notification: the first message and comment parts, no notes, HTML stripped', () => {
    const mapped = mapIntercom(JSON.parse(fixture('intercom-admin-replied.json').toString()));
    if (mapped.kind !== 'transcript') throw new Error('not mapped');
    expect(mapped.input.conversationId).toBe('215474343849634');
    expect(mapped.input.turns).toEqual([
      {
        role: 'customer',
        text: 'I was charged twice for my subscription.',
        at: new Date(1796032800_000).toISOString(),
        id: '2470000001',
      },
      {
        role: 'agent',
        text: 'Sorry about that! I have refunded the second charge.',
        at: new Date(1796033400_000).toISOString(),
        id: '45763812690',
      },
    ]);
    expect(mapped.input.customer).toEqual({ id: 'intercom:5f7a1d' });
  });

  it('ignores events without a message: an Intercom ping, a Zendesk status change', () => {
    expect(mapIntercom({ type: 'notification_event', topic: 'ping', data: { item: {} } }).kind).toBe('ignored');
    expect(mapZendesk({ type: 'zen:event-type:ticket.status_changed', detail: { id: '1' } }).kind).toBe('ignored');
  });

  it('names every missing field of a body that is not the tool’s shape', () => {
    const issuesOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        if (e instanceof ValidationError) return e.issues.map((i) => i.path);
      }
      return [];
    };
    expect(issuesOf(() => mapZendesk({ type: 'zen:event-type:ticket.comment_added', detail: {} }))).toEqual(
      expect.arrayContaining(['detail.id', 'event.comment.body', 'event.comment.id']),
    );
    expect(issuesOf(() => mapZendesk({ tickets: [] }))).toEqual(['ticket.id', 'ticket.requester_id', 'comments']);
    expect(issuesOf(() => mapIntercom({ hello: 1 }))).toEqual(['type', 'topic']);
    expect(
      issuesOf(() =>
        mapIntercom({ type: 'notification_event', topic: 'conversation.user.replied', data: { item: {} } }),
      ),
    ).toEqual(['data.item.id']);
  });

  it('reads the secrets document and refuses unknown tools and short secrets', () => {
    expect(parseWebhookSecrets({ zendesk: 'abcdefgh', intercom: ['new-secret', 'old-secret'] })).toEqual({
      zendesk: ['abcdefgh'],
      intercom: ['new-secret', 'old-secret'],
    });
    expect(() => parseWebhookSecrets({ freshdesk: 'abcdefgh' })).toThrow(/unknown tool/);
    expect(() => parseWebhookSecrets({ generic: 'short' })).toThrow(/8 characters/);
  });
});
