import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReport } from '../../../cli/commands/report.js';
import { runSubscriptions } from '../../../cli/commands/subscriptions.js';
import type { CliIo } from '../../../cli/lib/api.js';
import { eventually } from '../../../infra/local/spawn.js';
import { type LocalStack, startLocalStack } from '../../../infra/local/stack.js';

// The local stack as `npm start --data DIR` runs it: HTTP, dynalite, the scheduler, the real renderer, the outbox.
let stack: LocalStack;
let dataDir: string;
const KEY = `koe_digest_${Date.now()}_0123456789abcdef`;
const auth = { authorization: `Bearer ${KEY}` };
const outbox = () => join(dataDir, 'outbox', 'email');

const cliIo = () => {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    env: { KOE_URL: stack.url, KOE_API_KEY: KEY },
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    fetch: globalThis.fetch,
  };
  return { io, out, err };
};

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'koe-digest-stack-'));
  stack = await startLocalStack({
    port: 0,
    dataDir,
    env: { ...process.env, KOE_BOOTSTRAP_KEY: KEY, KOE_TIMEZONE: 'Asia/Tokyo', KOE_MAIL_FROM: 'Koe <koe@example.jp>' },
  });
});

afterAll(async () => {
  await stack?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('e-mail digests in the local stack', () => {
  it('creates a subscription over HTTP, and the scheduled job writes the digest of the past day to the outbox', async () => {
    // Prepare: one rated comment yesterday (Tokyo), analyzed and rolled up
    const yesterday = new Date(Date.now() - 86_400_000);
    const posted = await fetch(`${stack.url}/v1/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify({
        text: '配送が遅すぎて困っています。',
        source: 'digest-e2e',
        channel: 'email',
        ratings: { nps: 2 },
        occurredAt: yesterday.toISOString(),
      }),
    });
    const { id } = (await posted.json()) as { id: string };
    await eventually(
      async () => {
        const res = await fetch(`${stack.url}/v1/feedback/${id}`, { headers: auth });
        return ((await res.json()) as { status: string }).status === 'analyzed' ? true : undefined;
      },
      30_000,
      'the analysis',
    );
    await stack.scheduler.runNow('rollup-daily-close');
    // A schedule that fires every minute: the job run as of two minutes after the subscription was made finds
    // the fires since then due (none before it: a subscription gets no digest for a fire it never saw).
    const created = await fetch(`${stack.url}/v1/subscriptions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify({
        recipients: ['ops@example.jp'],
        language: 'ja',
        period: 'daily',
        schedule: 'cron(* * * * ? *)',
        timezone: 'Asia/Tokyo',
      }),
    });
    const subscription = (await created.json()) as { id: string; createdAt: string };
    const createdAt = Date.parse(subscription.createdAt);
    const runAt = new Date(createdAt + 120_000);
    const firstFire = Math.floor(createdAt / 60_000) * 60_000 + 60_000; // the next whole minute
    // Act
    const run = await stack.scheduler.runNow('reports', runAt);
    const rerun = await stack.scheduler.runNow('reports', runAt);
    const shown = await fetch(`${stack.url}/v1/subscriptions/${subscription.id}`, { headers: auth });
    // Assess: each fire reports the Tokyo day before it; when Tokyo's midnight falls within those two minutes,
    // the fires span two days and both days before them are due, each once.
    const tokyoDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' });
    const pastDay = (ms: number) => tokyoDay.format(new Date(ms - 86_400_000));
    const day = tokyoDay.format(yesterday);
    const dueDays = [...new Set([pastDay(firstFire), pastDay(runAt.getTime())])].sort();
    expect(dueDays).toContain(day);
    expect(created.status).toBe(201);
    expect(run).toEqual({ status: 'succeeded' });
    expect(rerun).toEqual({ status: 'succeeded' });
    const files = (await readdir(outbox())).filter((f) => f.includes(subscription.id));
    const fileOf = new RegExp(`${subscription.id}-(\\d{4}-\\d{2}-\\d{2})-1\\.eml$`);
    expect(files.map((f) => fileOf.exec(f)?.[1]).sort()).toEqual(dueDays);
    const dayFile = files.find((f) => fileOf.exec(f)?.[1] === day) ?? '';
    const mail = await simpleParser(await readFile(join(outbox(), dayFile)), { keepCidLinks: true });
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : '').toBe('ops@example.jp');
    expect(mail.subject).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/); // a Japanese subject, decoded
    expect(mail.text?.length).toBeGreaterThan(0);
    const cids = [...String(mail.html).matchAll(/src="cid:([^"]+)"/g)].map((m) => m[1]);
    expect(cids.length).toBeGreaterThan(0);
    for (const cid of cids) expect(mail.attachments.map((a) => a.contentId)).toContain(`<${cid}>`);
    const view = (await shown.json()) as { deliveries: Array<{ period: string; status: string; attempts: number }> };
    expect(view.deliveries.map((d) => d.period).sort()).toEqual(dueDays);
    for (const delivery of view.deliveries) expect(delivery).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('manages subscriptions with koe subscriptions and sends one now with koe report --send', async () => {
    // Prepare
    const create = cliIo();
    const code = await runSubscriptions(
      ['create', '--to', 'a@example.com,b@example.com', '--language', 'en', '--period', 'weekly', '--json'],
      create.io,
    );
    const id = (JSON.parse(create.out.join('')) as { id: string }).id;
    const bad = cliIo();
    const badCode = await runSubscriptions(
      ['create', '--to', 'nobody', '--language', 'en', '--period', 'daily', '--timezone', 'Tokyo'],
      bad.io,
    );
    // Act
    const send = cliIo();
    const sendCode = await runReport(['--send', '--subscription', id, '--date', '2026-11-18'], send.io);
    const again = cliIo();
    await runReport(['--send', '--subscription', id, '--date', '2026-11-22'], again.io);
    const update = cliIo();
    await runSubscriptions(['update', id, '--skip-empty', '--schedule', 'cron(30 7 ? * FRI *)'], update.io);
    const show = cliIo();
    await runSubscriptions(['show', id], show.io);
    const list = cliIo();
    await runSubscriptions(['list'], list.io);
    const del = cliIo();
    const delCode = await runSubscriptions(['delete', id], del.io);
    // Assess
    expect(code).toBe(0);
    expect(badCode).toBe(1);
    expect(bad.err.join('')).toMatch(/recipients\[0\] 'nobody' is not an e-mail address/);
    expect(bad.err.join('')).toMatch(/timezone 'Tokyo' is not an IANA time zone/);
    expect(sendCode).toBe(0);
    expect(send.out.join('')).toMatch(new RegExp(`^sent ${id} 2026-W47 \\(attempt 1, message .*\\.eml\\)`));
    expect(again.out.join('')).toMatch(/2026-W47 was already sent at .*; --force sends it again/);
    expect(update.out.join('')).toMatch(/cron\(30 7 \? \* FRI \*\) Asia\/Tokyo/);
    expect(show.out.join('')).toMatch(/empty periods: skipped/);
    expect(show.out.join('')).toMatch(/2026-W47\s+sent\s+1/);
    expect(list.out.join('')).toContain(id);
    expect(delCode).toBe(0);
    const files = await readdir(outbox());
    expect(files.filter((f) => f.includes(`${id}-2026-W47`))).toHaveLength(1);
  });
});
