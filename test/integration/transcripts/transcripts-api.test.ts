import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../../infra/local/spawn.js';
import { type LocalStack, startLocalStack } from '../../../infra/local/stack.js';
import { idForConversation } from '../../../shared/transcripts/build.js';
import { signGeneric, signZendesk } from '../../../shared/webhooks/signatures.js';

// The local stack as `npm start` runs it (real HTTP server, embedded dynalite, in-process queue),
// with Zendesk and generic webhook secrets configured and Intercom not.
const KEY = `koe_transcripts_${Date.now()}_0123456789`;
const ZENDESK_SECRET = 'zendesk-signing-secret-1';
const GENERIC_SECRET = 'generic-signing-secret-1';
const auth = { authorization: `Bearer ${KEY}` };
let stack: LocalStack;

interface Item {
  id: string;
  status: string;
  revision: number;
  analyzedRevision?: number;
  text: string;
  turns?: Array<{ role: string; text: string; analysis?: { sentiment: { label: string } } }>;
  analysis?: {
    urgency: { level: string; reasons: Array<{ code: string }> };
    conversation?: { customerTurns: number; escalations: unknown[] };
  };
}

const post = async (path: string, body: unknown, headers: Record<string, string> = auth) => {
  const res = await fetch(`${stack.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const get = async (id: string) => {
  const res = await fetch(`${stack.url}/v1/feedback/${id}`, { headers: auth });
  return { status: res.status, body: (await res.json()) as Item };
};
const analyzedAt = (id: string, revision: number) =>
  eventually(
    async () => {
      const { body } = await get(id);
      return body.status === 'analyzed' && body.analyzedRevision === revision ? body : undefined;
    },
    30_000,
    `analysis of ${id} r${revision}`,
  );
const genericHeaders = (raw: string) => ({
  'x-koe-signature': signGeneric(GENERIC_SECRET, raw, Math.floor(Date.now() / 1000)),
});

const transcript = {
  source: 'helpdesk',
  conversationId: 'conv-42',
  channel: 'chat',
  turns: [
    {
      role: 'customer',
      text: 'My order is a week late and nobody answers my mails at taro@example.jp.',
      at: '2026-11-30T10:00:00Z',
    },
    { role: 'agent', text: 'I am sorry, let me check.', at: '2026-11-30T10:01:00Z' },
  ],
};

beforeAll(async () => {
  stack = await startLocalStack({
    port: 0,
    env: {
      ...process.env,
      KOE_BOOTSTRAP_KEY: KEY,
      KOE_WEBHOOK_SECRET_ZENDESK: ZENDESK_SECRET,
      KOE_WEBHOOK_SECRET_GENERIC: GENERIC_SECRET,
    },
  });
});

afterAll(async () => {
  await stack?.stop();
});

describe('POST /v1/transcripts through the local stack', () => {
  // One conversation's life in order (each step needs the one before), so it is one test: tests stand alone.
  it('stores one redacted item and analyzes its customer turns, answers a redelivery as a duplicate, then updates it with new turns', async () => {
    // Act: first delivery
    const res = await post('/v1/transcripts', transcript);
    const id = res.body.id as string;
    const item = await analyzedAt(id, 1);
    // Assess
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'queued', revision: 1, turns: 2 });
    expect(id).toBe(idForConversation('helpdesk', 'conv-42'));
    expect(item.text).not.toContain('taro@example.jp');
    expect(item.turns?.map((t) => t.role)).toEqual(['customer', 'agent']);
    expect(item.turns?.[0]?.analysis?.sentiment.label).toBe('negative');
    expect(item.turns?.[1]?.analysis).toBeUndefined();
    expect(item.analysis?.conversation?.customerTurns).toBe(1);

    // Act: the same delivery again
    const again = await post('/v1/transcripts', transcript);
    // Assess: nothing written
    expect(again.body).toMatchObject({ id, status: 'duplicate', revision: 1 });
    expect((await get(id)).body.revision).toBe(1);

    // Act: a new customer turn
    const updated = await post('/v1/transcripts', {
      ...transcript,
      turns: [
        ...transcript.turns,
        { role: 'customer', text: 'This is useless. I want to speak to a manager.', at: '2026-11-30T10:05:00Z' },
      ],
    });
    const reanalyzed = await analyzedAt(id, 2);
    // Assess
    expect(updated.body).toMatchObject({ id, status: 'updated', revision: 2, turns: 3 });
    expect(reanalyzed.turns).toHaveLength(3);
    expect(reanalyzed.analysis?.conversation?.customerTurns).toBe(2);
    expect(reanalyzed.analysis?.urgency.reasons.map((r) => r.code)).toContain('escalation_request');
  }, 70_000);

  it('needs an API key with the ingest scope', async () => {
    expect((await post('/v1/transcripts', transcript, {})).status).toBe(401);
  });
});

describe('POST /v1/webhooks/{tool} through the local stack', () => {
  const zendesk = readFileSync(new URL('../../fixtures/webhooks/zendesk-comment-added.json', import.meta.url), 'utf8');
  const zendeskId = idForConversation('zendesk', '5158');
  const signed = (raw: string) => signZendesk(ZENDESK_SECRET, raw, new Date().toISOString());

  it('refuses a bad signature with 401 and stores nothing', async () => {
    // Prepare: a ticket no other test delivers, so "stores nothing" holds in any order
    const ticket = zendesk.replaceAll('5158', '9158');
    // Act
    const forged = await post('/v1/webhooks/zendesk', ticket, {
      'x-zendesk-webhook-signature': 'bm90IGEgc2lnbmF0dXJl',
      'x-zendesk-webhook-signature-timestamp': new Date().toISOString(),
    });
    const missing = await post('/v1/webhooks/zendesk', ticket, {});
    const stale = await post(
      '/v1/webhooks/zendesk',
      ticket,
      signZendesk(ZENDESK_SECRET, ticket, '2026-01-01T00:00:00Z'),
    );
    // Assess
    expect([forged.status, missing.status, stale.status]).toEqual([401, 401, 401]);
    expect((await get(idForConversation('zendesk', '9158'))).status).toBe(404);
  });

  it('takes a signed Zendesk comment without an API key, and its redelivery as a duplicate', async () => {
    // Act
    const first = await post('/v1/webhooks/zendesk', zendesk, signed(zendesk));
    const again = await post('/v1/webhooks/zendesk', zendesk, signed(zendesk));
    const item = await analyzedAt(zendeskId, 1);
    // Assess
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ id: zendeskId, status: 'queued' });
    expect(again.body).toMatchObject({ id: zendeskId, status: 'duplicate' });
    expect(item.text).toContain('[PHONE]');
    expect(item.text).not.toContain('090-1234-5678');
    expect(item.analysis?.urgency.reasons.map((r) => r.code)).toContain('escalation_request');
  });

  it('answers 404 for an unknown tool and for a tool without a configured secret', async () => {
    const unknown = await post('/v1/webhooks/freshdesk', '{}', {});
    const unconfigured = await post('/v1/webhooks/intercom', '{}', { 'x-hub-signature': `sha1=${'0'.repeat(40)}` });
    expect([unknown.status, unconfigured.status]).toEqual([404, 404]);
  });

  it('checks the signature before the shape: unsigned junk is 401, signed junk is 400 naming what is missing', async () => {
    // Prepare
    const junk = JSON.stringify({ source: 'tool-x' });
    // Act
    const unsigned = await post('/v1/webhooks/generic', junk, {});
    const signedJunk = await post('/v1/webhooks/generic', junk, genericHeaders(junk));
    const zendeskJunk = await post('/v1/webhooks/zendesk', '{"ticket":{}}', signed('{"ticket":{}}'));
    // Assess
    expect(unsigned.status).toBe(401);
    expect(signedJunk.status).toBe(400);
    const paths = (signedJunk.body.error as { issues: Array<{ path: string }> }).issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['conversationId', 'turns']));
    expect(zendeskJunk.status).toBe(400);
    expect(JSON.stringify(zendeskJunk.body)).toContain('ticket.id');
  });

  it('takes the generic scheme: the transcript model, signed', async () => {
    const raw = JSON.stringify({ ...transcript, source: 'tool-x', conversationId: 'g-1' });
    const res = await post('/v1/webhooks/generic', raw, genericHeaders(raw));
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ id: idForConversation('tool-x', 'g-1'), status: 'queued' });
  });
});
