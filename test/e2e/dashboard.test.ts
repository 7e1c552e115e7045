import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type LocalProcess, startLocalProcess } from '../../infra/local/spawn.js';
import { type Browser, chromiumMissing, launchChromium, seriousAxeViolations, signIn } from './support/browser.js';

// The managers' dashboard in real Chromium against the local stack as `npm start` runs it.
// One stack and one browser for the file; every test signs in on its own (the tab's storage, as the sign-in
// form leaves it) and works on its own item, so the tests pass alone and in any order.
const SHOTS = fileURLToPath(new URL('../../test-results/dashboard/', import.meta.url));
const BOOTSTRAP = `koe_e2e_${randomBytes(16).toString('hex')}`;
const CRITICAL_TEXT = 'The charger caught fire and burned my hand. Call me on 090-1234-5678, I want a refund today.';
const CLAIMED_TEXT = 'The heater started smoking and burned the carpet. This is dangerous, replace it now.';
const RESOLVED_TEXT = 'The kettle exploded and burned my arm. I want a refund today.';
// Waiting for the UI (a refresh, an action's answer), not a timing assertion.
const POLL = { timeout: 10_000 };
const NORMAL_TEXT = 'The app is confusing and the checkout page is slow.';

let stack: LocalProcess;
let browser: Browser;
let page: Page;
let managerKey: string;
/** The day every seed occurred (one instant, so a run across midnight still rolls them into one day). */
let seedDay: string;
let criticalId: string;
let normalId: string;
let claimedId: string;
let resolvedId: string;
let evidenceText: string;

interface Reason {
  code: string;
  level: string;
  evidence?: { start: number; end: number };
}
type Item = { id: string; status: string; text: string; analysis?: { urgency: { level: string; reasons: Reason[] } } };

const api = async <T>(path: string, init: { method?: string; body?: unknown; key?: string } = {}) => {
  const res = await fetch(`${stack.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${init.key ?? BOOTSTRAP}` },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: res.status, body: (await res.json()) as T };
};

const createKey = async (name: string) =>
  (await api<{ key: string }>('/v1/keys', { method: 'POST', body: { name, scopes: ['read', 'triage'] } })).body.key;

const ingest = async (text: string, externalId: string, extra: Record<string, unknown> = {}) =>
  (await api<{ id: string }>('/v1/feedback', { method: 'POST', body: { text, source: 'e2e', externalId, ...extra } }))
    .body.id;

const analyzed = (id: string) =>
  eventually(
    async () => {
      const res = await api<Item>(`/v1/feedback/${id}`);
      return res.body.status === 'analyzed' ? res.body : undefined;
    },
    20_000,
    `analysis of ${id}`,
  );

const rowIds = () =>
  page.locator('#queue-rows tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.id));
const shot = (name: string) => page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });
const queueOrder = async (query = '') =>
  (await api<{ items: Array<{ id: string }> }>(`/v1/queue${query}`)).body.items.map((i) => i.id);

/** Signs in as the manager in `lang` and waits for the queue's first row. */
const open = async (lang: 'en' | 'ja', hash = '#/queue') => {
  await signIn(page, stack.url, managerKey, lang, hash);
  await page.locator('#queue-rows tr').first().waitFor();
};

beforeAll(async () => {
  const missing = chromiumMissing();
  if (missing) throw new Error(missing);
  mkdirSync(SHOTS, { recursive: true });
  [stack, browser] = await Promise.all([
    startLocalProcess(['--memory', '--port', '0'], { KOE_BOOTSTRAP_KEY: BOOTSTRAP }),
    launchChromium(),
  ]);
  page = browser.page;
  managerKey = await createKey('hana');
  const occurredAt = new Date().toISOString();
  seedDay = occurredAt.slice(0, 10);
  [criticalId, normalId, claimedId, resolvedId] = await Promise.all([
    ingest(CRITICAL_TEXT, 'dash-critical', { channel: 'email', ratings: { nps: 1 }, occurredAt }),
    ingest(NORMAL_TEXT, 'dash-normal', { channel: 'review', occurredAt }),
    ingest(CLAIMED_TEXT, 'dash-claimed', { channel: 'email', occurredAt }),
    ingest(RESOLVED_TEXT, 'dash-resolved', { channel: 'email', occurredAt }),
  ]);
  const [critical, normal, claimed, resolved] = await Promise.all([
    analyzed(criticalId),
    analyzed(normalId),
    analyzed(claimedId),
    analyzed(resolvedId),
  ]);
  const levels = [critical, normal, claimed, resolved].map((i) => i.analysis?.urgency.level);
  if (levels.join() !== 'critical,normal,critical,critical') throw new Error(`seed levels changed: ${levels}`);
  const reason = critical.analysis?.urgency.reasons.find((r) => r.level === 'critical' && r.evidence);
  if (!reason?.evidence) throw new Error('the critical seed has no evidence span');
  evidenceText = critical.text.slice(reason.evidence.start, reason.evidence.end);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('dashboard in Chromium', () => {
  it('refuses a wrong key with the API message, then signs in and lists the queue in API order', async () => {
    // Prepare: a tab that has never signed in.
    await page.goto(stack.url);
    await page.evaluate(() => {
      sessionStorage.clear();
      localStorage.clear();
    });
    await page.reload();
    await page.getByLabel('Language').selectOption('en');
    const signInViolations = await seriousAxeViolations(page);
    // Act
    await page.getByLabel('API key').fill('koe_wrong_key_0000000000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const refusal = page.locator('#signin-error');
    await expect.poll(() => refusal.textContent(), POLL).toContain('was not accepted');
    await shot('1-sign-in-refused');
    await page.getByLabel('API key').fill(managerKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator(`#queue-rows tr[data-id="${criticalId}"]`).waitFor();
    const apiOrder = await queueOrder();
    // Assess
    expect(signInViolations).toEqual([]);
    expect(await refusal.count()).toBe(0);
    expect(await rowIds()).toEqual(apiOrder);
    expect(apiOrder).toContain(normalId);
    expect(apiOrder.indexOf(criticalId)).toBeLessThan(apiOrder.indexOf(normalId));
    expect(await page.evaluate(() => sessionStorage.getItem('koe.key'))).toBe(managerKey);
  });

  it('filters by level and keeps the page accessible', async () => {
    // Prepare
    await open('en');
    const criticalOrder = await queueOrder('?level=critical');
    // Act
    await page.locator('#f-level').selectOption('critical');
    await expect.poll(rowIds, POLL).toEqual(criticalOrder);
    const levels = await page
      .locator('#queue-rows tr')
      .evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.level));
    const violations = await seriousAxeViolations(page);
    await shot('2-queue-critical');
    // Assess
    expect(criticalOrder).toContain(criticalId);
    expect(criticalOrder).not.toContain(normalId);
    expect(levels).toEqual(criticalOrder.map(() => 'critical'));
    expect(violations).toEqual([]);
  });

  it('opens an item with its evidence highlighted as <mark> and the personal data redacted', async () => {
    // Prepare
    await open('en');
    // Act
    await page.locator(`a.row-link[data-id="${criticalId}"]`).click();
    await page.locator('#item-text').waitFor();
    const marks = await page
      .locator('#item-text mark')
      .evaluateAll((nodes) => nodes.map((n) => ({ text: n.textContent, reason: (n as HTMLElement).dataset.reason })));
    const itemText = await page.locator('#item-text').textContent();
    const violations = await seriousAxeViolations(page);
    await shot('3-item-evidence');
    // Assess
    expect(page.url()).toContain(`#/item/${criticalId}`);
    expect(marks).toContainEqual({ text: evidenceText, reason: expect.stringContaining('safety_risk') });
    expect(itemText).toContain('[PHONE]');
    expect(itemText).not.toContain('090-1234-5678');
    expect(violations).toEqual([]);
  });

  it('shows a 409 from the API as a message when the item is someone else’s', async () => {
    // Prepare: the item is open on the page; then another manager claims it first.
    await open('en');
    await page.locator(`a.row-link[data-id="${claimedId}"]`).click();
    await page.locator('#item-text').waitFor();
    const ken = await createKey('ken');
    await api(`/v1/feedback/${claimedId}/claim`, { method: 'POST', body: {}, key: ken });
    // Act
    await page.getByRole('button', { name: 'Claim' }).click();
    const error = page.locator('#action-error');
    await expect.poll(() => error.textContent(), POLL).toMatch(/ken/);
    // Assess
    expect(await error.textContent()).toMatch(/^Not done: /);
    expect((await api<{ triage: { assignee: string } }>(`/v1/feedback/${claimedId}`)).body.triage.assignee).toBe('ken');
    expect(await error.getAttribute('role')).toBe('alert');
  });

  it('resolves the item with a note; it leaves the open queue and the history records it', async () => {
    // Prepare
    await open('en');
    await page.locator(`a.row-link[data-id="${resolvedId}"]`).click();
    await page.locator('#item-text').waitFor();
    // Act
    await page.getByLabel('Resolution note (optional)').fill('Replacement sent; safety team informed.');
    await page.getByRole('button', { name: 'Resolve' }).click();
    await expect.poll(() => page.locator('#item-status').textContent(), POLL).toBe('Resolved');
    await expect.poll(rowIds, POLL).not.toContain(resolvedId);
    const history = await page.locator('#history').textContent();
    await shot('4-resolved');
    const stored = await api<{ triage: { status: string; resolution: string } }>(`/v1/feedback/${resolvedId}`);
    // Assess
    expect(await rowIds()).toContain(normalId);
    expect(history).toContain('resolved');
    expect(history).toContain('hana');
    expect(stored.body.triage).toMatchObject({
      status: 'resolved',
      resolution: 'Replacement sent; safety team informed.',
    });
  });

  it('shows a transcript as turns: role, time, redacted text, per-turn sentiment and the evidence marked', async () => {
    // Prepare: a conversation through POST /v1/transcripts, analyzed.
    const posted = await api<{ id: string }>('/v1/transcripts', {
      method: 'POST',
      body: {
        source: 'e2e',
        conversationId: 'dash-chat',
        turns: [
          { role: 'customer', text: 'My refund is late. Mail me at hana@example.jp', at: '2026-11-30T10:00:00Z' },
          { role: 'agent', text: 'Sorry, I will check.', at: '2026-11-30T10:01:00Z' },
          { role: 'customer', text: 'This is useless, let me talk to a manager.', at: '2026-11-30T10:02:00Z' },
        ],
      },
    });
    await analyzed(posted.body.id);
    await open('en');
    // Act
    await page.goto(`${stack.url}/#/item/${posted.body.id}`);
    await page.locator('#item-text li.turn').first().waitFor();
    const roles = await page
      .locator('#item-text li.turn')
      .evaluateAll((nodes) => nodes.map((n) => (n as HTMLElement).dataset.role));
    const marks = await page
      .locator('#item-text mark')
      .evaluateAll((nodes) => nodes.map((n) => ({ text: n.textContent, reason: (n as HTMLElement).dataset.reason })));
    const firstTurn = await page.locator('#item-text li.turn').first().textContent();
    const violations = await seriousAxeViolations(page);
    await shot('5b-transcript');
    // Assess
    expect(roles).toEqual(['customer', 'agent', 'customer']);
    // The escalation's evidence is marked whole with its reason (a word of it may carry a second reason too).
    expect(
      marks
        .filter((m) => m.reason?.includes('escalation_request'))
        .map((m) => m.text)
        .join(''),
    ).toBe('let me talk to a manager');
    expect(firstTurn).toContain('Customer');
    expect(firstTurn).toContain('[EMAIL]');
    expect(firstTurn).not.toContain('hana@example.jp');
    expect(await page.locator('#item-text li.turn-customer .badge').count()).toBe(2);
    expect(await page.locator('#item-text li.turn-agent .badge').count()).toBe(0);
    expect(violations).toEqual([]);
  });

  it('names a promoted topic by its label in the chosen language: the queue and item chips, the topic filter', async () => {
    // Prepare: a discovered theme promoted into the taxonomy, and an item whose topics a manager set to it.
    const promoted = await api('/v1/themes/promote', {
      method: 'POST',
      body: { theme: 'kickstand', id: 'kickstand', label: 'Kickstands', labelJa: 'キックスタンド' },
    });
    const overridden = await api(`/v1/feedback/${normalId}/override`, {
      method: 'POST',
      body: { topics: ['kickstand'], reason: 'about the kickstand' },
    });
    const chipsOf = (scope: string) =>
      page.locator(`${scope} .chip[data-topic="kickstand"]`).evaluateAll((nodes) => nodes.map((n) => n.textContent));
    // Act
    await open('ja', `#/item/${normalId}`);
    await page.locator('#item-text').waitFor();
    const itemJa = await chipsOf('main section');
    const rowJa = await chipsOf(`#queue-rows tr[data-id="${normalId}"]`);
    const optionsJa = await page
      .locator('#f-topic option')
      .evaluateAll((nodes) => nodes.map((n) => [(n as HTMLOptionElement).value, n.textContent]));
    await open('en', `#/item/${normalId}`);
    await page.locator('#item-text').waitFor();
    const itemEn = await chipsOf('main section');
    // Assess
    expect(promoted.status).toBe(201);
    expect(overridden.status).toBe(200);
    expect(itemJa).toContain('キックスタンド');
    expect(rowJa).toEqual(['キックスタンド']);
    expect(optionsJa).toContainEqual(['kickstand', 'キックスタンド']);
    expect(itemEn).toContain('Kickstands');
    expect(itemEn).not.toContain('kickstand');
  });

  it('switches to Japanese, remembers it across a reload, and formats dates in Japanese', async () => {
    // Prepare
    await open('en');
    // Act
    await page.getByLabel('Language').selectOption('ja');
    await page.reload();
    await page.locator('#queue-rows tr').first().waitFor();
    const heading = await page.locator('h1').first().textContent();
    const levelLabel = await page.locator('label[for="f-level"]').textContent();
    const htmlLang = await page.evaluate(() => document.documentElement.lang);
    const received = await page.locator('#queue-rows tr').first().locator('td').last().textContent();
    const violations = await seriousAxeViolations(page);
    await shot('5-queue-japanese');
    // Assess
    expect(heading).toBe('緊急度キュー');
    expect(levelLabel).toBe('緊急度');
    expect(htmlLang).toBe('ja');
    expect(received).toMatch(/\d{4}\/\d{1,2}\/\d{1,2}/);
    expect(violations).toEqual([]);
  });

  it("charts the seeds' day in the metrics view: the volume table counts all four items", async () => {
    // Prepare: roll up the seeds' day as the hourly schedule would (the admin route behind `koe rollup`).
    const rolled = await api('/v1/rollups/run', { method: 'POST', body: { date: seedDay, granularity: 'day' } });
    expect(rolled.status).toBe(200);
    await open('ja');
    // Act
    await page.getByRole('link', { name: '指標とトレンド' }).click();
    const volume = page.locator('.chart-card').first();
    await volume.waitFor();
    await page.locator('.chart-card canvas').first().waitFor();
    await shot('6-metrics');
    const seedDayRow = await volume.locator('tbody tr', { hasText: seedDay }).locator('td').allTextContents();
    // Assess
    expect(await page.locator('h1').first().textContent()).toBe('指標とトレンド');
    expect(seedDayRow).toEqual(['4']); // the four seeds; the transcript occurred days before
    expect(await page.locator('#metrics-empty').count()).toBe(0);
    expect(await page.locator('#trends-empty').count()).toBe(1); // one day has no baseline to rise against
  });
});
