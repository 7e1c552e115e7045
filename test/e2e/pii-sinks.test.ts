import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { paginateScan } from '@aws-sdk/client-dynamodb';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynalite } from '../../infra/local/dynalite.js';
import { eventually, type LocalProcess, startLocalProcess } from '../../infra/local/spawn.js';

// Known personal data pushed through every way in (feedback, batch with metadata and customer id, transcript,
// signed webhook) and every way out that exists (alert outbox, export, digest .eml, the API), then every sink
// searched: the raw DynamoDB table, the process's logs, the queue and dead-letter files, the outbox, the
// export output and the decoded e-mails. None of the raw values may appear anywhere.
const EMAIL = 'hanako.yamada@example.co.jp';
const PHONE_JP = '090-8765-4321';
const PHONE_INTL = '+44 20 7946 0958';
const CARD = '4242 4242 4242 4242'; // Luhn-valid test card
const RAW = [EMAIL, PHONE_JP, PHONE_INTL, CARD];
// The same values as they may be re-formatted on the way: digits only, other separators.
const FORMS = [...RAW, '09087654321', '442079460958', '4242424242424242', '4242-4242-4242-4242', 'hanako.yamada'];
const TEXT = `The charger caught fire and burned my hand! Charge on card ${CARD} is wrong too. Call ${PHONE_JP} or ${PHONE_INTL}, or mail ${EMAIL}.`;

const KEY = `koe_pii_${randomBytes(24).toString('base64url')}`;
const SECRET = `whsec_${randomBytes(16).toString('hex')}`;
const dataDir = mkdtempSync(join(tmpdir(), 'koe-pii-'));
let stack: LocalProcess;
const outputs: string[] = [];

const api = async (path: string, init: RequestInit = {}) => {
  const res = await fetch(`${stack.url}${path}`, {
    ...init,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}`, ...(init.headers ?? {}) },
  });
  const text = await res.text();
  outputs.push(text);
  return { status: res.status, text, json: () => JSON.parse(text) as Record<string, unknown> };
};

const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });

const leaks = (haystack: string) => FORMS.filter((value) => haystack.includes(value));

beforeAll(async () => {
  stack = await startLocalProcess(['--data', dataDir, '--port', '0'], {
    KOE_BOOTSTRAP_KEY: KEY,
    POWERTOOLS_LOG_LEVEL: 'INFO',
    KOE_WEBHOOK_SECRET_GENERIC: SECRET,
    KOE_MAIL_FROM: 'koe@example.com',
  });
});

afterAll(async () => {
  await stack?.stop('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('personal data never reaches a sink', () => {
  it('pushes known PII through every path and finds none of it in the table, logs, queue, outbox, export or e-mails', {
    timeout: 120_000,
  }, async () => {
    // Prepare + Act: every way in
    const today = new Date().toISOString().slice(0, 10);
    // An identifier is stored as sent, never redacted (issue 12): one that is an e-mail address is refused.
    const emailAsId = await api('/v1/feedback', {
      method: 'POST',
      body: JSON.stringify({ text: TEXT, source: 'pii', externalId: `ext-${EMAIL}`, channel: 'email' }),
    });
    const single = await api('/v1/feedback', {
      method: 'POST',
      body: JSON.stringify({
        text: TEXT,
        source: 'pii',
        externalId: 'ext-1',
        channel: 'email',
        ratings: { nps: 0 },
      }),
    });
    const batch = await api('/v1/feedback', {
      method: 'POST',
      body: JSON.stringify({
        items: [
          {
            text: `Second note. ${TEXT}`,
            source: 'pii',
            externalId: 'ext-2',
            customer: { id: EMAIL, tier: 'gold' },
            metadata: { contact: PHONE_INTL, card: CARD },
          },
        ],
      }),
    });
    const transcript = await api('/v1/transcripts', {
      method: 'POST',
      body: JSON.stringify({
        source: 'pii-chat',
        conversationId: 'conv-1',
        channel: 'chat',
        turns: [
          { role: 'customer', text: TEXT, at: `${today}T01:00:00Z` },
          { role: 'agent', text: `We will call you on ${PHONE_JP}.`, at: `${today}T01:01:00Z` },
        ],
      }),
    });
    const webhookBody = JSON.stringify({
      source: 'pii-hook',
      conversationId: 'hook-1',
      channel: 'chat',
      turns: [{ role: 'customer', text: TEXT, at: `${today}T02:00:00Z` }],
    });
    const t = Math.floor(Date.now() / 1000);
    const signature = createHmac('sha256', SECRET).update(`${t}.${webhookBody}`).digest('hex');
    const webhook = await api('/v1/webhooks/generic', {
      method: 'POST',
      headers: { 'x-koe-signature': `t=${t},v1=${signature}`, authorization: '' },
      body: webhookBody,
    });
    const ids = [single.json().id, (batch.json().items as Array<{ id: string }>)[0]?.id, transcript.json().id];
    for (const id of ids) {
      await eventually(async () => ((await api(`/v1/feedback/${id}`)).json().status === 'analyzed' ? true : undefined));
    }
    // Every way out: the alert outbox (critical items), the export, a digest, the API.
    const exportJsonl = await api(`/v1/export?from=${today}&to=${today}&format=jsonl`);
    const exportCsv = await api(`/v1/export?from=${today}&to=${today}&format=csv`);
    const subscription = await api('/v1/subscriptions', {
      method: 'POST',
      body: JSON.stringify({
        recipients: ['ops@example.com'],
        language: 'en',
        period: 'daily',
        schedule: 'cron(0 9 * * ? *)',
        timezone: 'UTC',
      }),
    });
    const sent = await api('/v1/reports/send', {
      method: 'POST',
      body: JSON.stringify({ subscriptionId: subscription.json().id, date: today, force: true }),
    });
    await api('/v1/dlq');
    // Stop cleanly (the queue and the outbox are flushed), then read the table straight from its files.
    await stack.stop('SIGINT');
    const engine = await startDynalite({ path: join(dataDir, 'dynamo') });
    const client = engine.client();
    const rows: unknown[] = [];
    for await (const page of paginateScan({ client }, { TableName: 'koe' })) rows.push(...(page.Items ?? []));
    client.destroy();
    await engine.stop();
    const files = filesUnder(dataDir).filter((f) => !f.includes(`${join(dataDir, 'dynamo')}`));
    const emails = files.filter((f) => f.endsWith('.eml'));
    const decoded = await Promise.all(
      emails.map(async (f) => {
        const mail = await simpleParser(readFileSync(f));
        return `${mail.subject}\n${mail.text}\n${mail.html || ''}\n${mail.attachments.map((a) => a.filename).join()}`;
      }),
    );

    // Assess: every path was really taken
    expect([single.status, batch.status, transcript.status, webhook.status]).toEqual([202, 202, 202, 202]);
    expect(emailAsId.status).toBe(400);
    expect(exportJsonl.status).toBe(200);
    expect(exportJsonl.text).toContain('[EMAIL]');
    expect(exportCsv.status).toBe(200);
    expect(subscription.status).toBe(201);
    expect(sent.status).toBe(200);
    expect(emails.length).toBeGreaterThan(0);
    expect(files.some((f) => f.includes(join('outbox', 'alerts')))).toBe(true);
    expect(rows.length).toBeGreaterThan(5);
    // …and no raw value reached any sink.
    expect(leaks(JSON.stringify(rows)), 'DynamoDB table').toEqual([]);
    expect(leaks(stack.output()), 'logs').toEqual([]);
    for (const file of files) expect(leaks(readFileSync(file, 'utf8')), file).toEqual([]);
    for (const mail of decoded) expect(leaks(mail), 'decoded e-mail').toEqual([]);
    expect(leaks(exportJsonl.text), 'export jsonl').toEqual([]);
    expect(leaks(exportCsv.text), 'export csv').toEqual([]);
    expect(leaks(outputs.join('\n')), 'API answers').toEqual([]);
  });
});
