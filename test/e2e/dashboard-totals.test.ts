import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../infra/local/stack.js';
import { type Browser, chromiumMissing, launchChromium, seriousAxeViolations, signIn } from './support/browser.js';

// Issue 13, what the last walk left: the queue header's true total ("50 of 55", 「55件中50件」), the override
// form's current topics whole on a phone, and every metrics chart's axes named and empty states specific,
// in both languages, in real Chromium against an in-process local stack.
const SHOTS = fileURLToPath(new URL('../../test-results/dashboard-totals/', import.meta.url));
const BOOTSTRAP = `koe_e2e_${randomBytes(16).toString('hex')}`;
const POLL = { timeout: 15_000 };
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const SEEDED = 55; // more than a page (50)

const COMMENTS = [
  'My flight was cancelled and nobody at the gate would help. Still no refund after three weeks.',
  'Lost my bag again and the website keeps crashing when I file the claim. I want compensation now!',
  '荷物が届かず、問い合わせても三日間返事がありません。返金してください。',
  '予約サイトがエラーで決済できない。何度やっても同じです。至急対応してください。',
  'Smoke in the cabin and the crew ignored it. That is a safety risk.',
  // A critical the analyzer reads as one (the crashing website above is not: a collision needs a vehicle).
  'Found a small screw in my soup tonight, my son nearly swallowed it.',
];

let stack: LocalStack;
let browser: Browser;
let page: Page;
let managerKey: string;
let strings: Record<'en' | 'ja', Record<string, string>>;

const api = async <T>(path: string, init: { method?: string; body?: unknown } = {}) => {
  const res = await fetch(`${stack.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${BOOTSTRAP}` },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return (await res.json()) as T;
};

const open = async (viewport: { width: number; height: number }, lang: 'en' | 'ja', hash = '#/queue') => {
  await page.setViewportSize(viewport);
  await signIn(page, stack.url, managerKey, lang, hash);
};

/** The string table's text with `{name}` filled in, as the page's t() does. */
const text = (lang: 'en' | 'ja', key: string, values: Record<string, string> = {}) =>
  (strings[lang][key] ?? '').replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? '');

beforeAll(async () => {
  const missing = chromiumMissing();
  if (missing) throw new Error(missing);
  mkdirSync(SHOTS, { recursive: true });
  [stack, browser] = await Promise.all([
    startLocalStack({ port: 0, env: { ...process.env, KOE_BOOTSTRAP_KEY: BOOTSTRAP } }),
    launchChromium(),
  ]);
  page = browser.page;
  const en = '../../web/app/strings/en.js'; // plain JS without types: imported by path
  const ja = '../../web/app/strings/ja.js';
  strings = { en: (await import(en)).default, ja: (await import(ja)).default };
  managerKey = (
    await api<{ key: string }>('/v1/keys', { method: 'POST', body: { name: 'hana', scopes: ['read', 'triage'] } })
  ).key;
  const now = Date.now();
  const items = Array.from({ length: SEEDED }, (_, i) => ({
    text: COMMENTS[i % COMMENTS.length],
    source: 'totals-e2e',
    externalId: `totals-${i}`,
    channel: i % 2 ? 'social' : 'email',
    occurredAt: new Date(now - (i % 5) * 86_400_000).toISOString(),
  }));
  await api('/v1/feedback', { method: 'POST', body: { items } });
  await stack.queue.idle();
  // Roll up those days, as the schedule would (the route answers `next` until the range is done).
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  for (let from: string | undefined = day(now - 6 * 86_400_000); from; ) {
    const answer: { next?: string } = await api('/v1/rollups/run', { method: 'POST', body: { from, to: day(now) } });
    from = answer.next;
  }
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
}, 300_000);

describe('the queue header counts what the filters select', () => {
  it.each(['en', 'ja'] as const)('shows "50 of 55" in %s, then all of them after Load more', async (lang) => {
    // Prepare: every seeded comment lands on the default queue (critical, high, normal)
    const total = await api<{ items: unknown[]; total: { count: number; atLeast: boolean } }>('/v1/queue?limit=1');
    expect(total.total).toEqual({ count: SEEDED, atLeast: false });
    await open(DESKTOP, lang);
    const count = page.locator('#queue-count');
    // Act
    await expect.poll(() => page.locator('#queue-rows tr').count(), POLL).toBe(50);
    const first = await count.textContent();
    await page.screenshot({ path: `${SHOTS}desktop-${lang}-queue-total.png` });
    await page.locator('button', { hasText: text(lang, 'queue.more') }).click();
    await expect.poll(() => page.locator('#queue-rows tr').count(), POLL).toBe(SEEDED);
    const all = await count.textContent();
    // Assess
    expect(first).toBe(text(lang, 'queue.count.of', { shown: '50', total: '55' }));
    expect(first).toBe(lang === 'ja' ? '55件中50件' : '50 of 55');
    expect(all).toBe(text(lang, 'queue.count', { count: '55' }));
  });

  it('counts the filtered queue, not the whole one', async () => {
    // Prepare
    const critical = await api<{ total: { count: number } }>('/v1/queue?level=critical&limit=1');
    await open(DESKTOP, 'en');
    await expect.poll(() => page.locator('#queue-rows tr').count(), POLL).toBe(50);
    // Act
    await page.locator('#f-level').selectOption('critical');
    await page.locator('form.filters button[type="submit"]').click();
    // Assess: all of the filter's items fit on a page, so the header is the plain count
    await expect
      .poll(() => page.locator('#queue-count').textContent(), POLL)
      .toBe(
        critical.total.count === 1
          ? text('en', 'queue.count.one')
          : text('en', 'queue.count', { count: String(critical.total.count) }),
      );
    expect(critical.total.count).toBeGreaterThan(0);
    expect(critical.total.count).toBeLessThan(SEEDED);
  });
});

describe('a new filter while its answer is on the way', () => {
  it('clears the old rows at once instead of showing them under the new filter', async () => {
    // Prepare: hold the overdue filter's answer until the test has looked
    await open(DESKTOP, 'en');
    await expect.poll(() => page.locator('#queue-rows tr').count(), POLL).toBe(50);
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route(/\/v1\/queue\?.*overdue=true/, async (route) => {
      await held;
      await route.continue();
    });
    // Act
    await page.locator('#f-overdue').check();
    await page.locator('form.filters button[type="submit"]').click();
    await expect.poll(() => page.locator('#queue-count').textContent(), POLL).toBe(text('en', 'queue.loading'));
    const rowsWhileLoading = await page.locator('#queue-rows tr').count();
    release();
    // Assess: nothing is overdue (all received minutes ago), and the stale rows never showed under the filter
    await expect.poll(() => page.locator('p.empty').first().isVisible(), POLL).toBe(true);
    await page.unroute(/\/v1\/queue\?.*overdue=true/);
    expect(rowsWhileLoading).toBe(0);
    expect(await page.locator('#queue-rows tr').count()).toBe(0);
  });
});

describe('a refresh of the old filters that lands after a filter change', () => {
  it('is dropped: the rows stay those of the new filter', async () => {
    // Prepare: hold the next unfiltered page (a refresh) until the overdue filter has answered
    await open(DESKTOP, 'en');
    await expect.poll(() => page.locator('#queue-rows tr').count(), POLL).toBe(50);
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let refreshSent = false;
    const unfiltered = /\/v1\/queue\?(?!.*overdue=true)/;
    await page.route(unfiltered, async (route) => {
      refreshSent = true;
      await held;
      await route.continue();
    });
    await page.locator('button', { hasText: text('en', 'queue.refresh') }).click();
    await expect.poll(() => refreshSent, POLL).toBe(true);
    // Act: change the filter while the refresh is on its way, then let the refresh land
    await page.locator('#f-overdue').check();
    await page.locator('form.filters button[type="submit"]').click();
    await expect
      .poll(() => page.locator('#queue-count').textContent(), POLL)
      .toBe(text('en', 'queue.count', { count: '0' }));
    const landed = page.waitForResponse((res) => unfiltered.test(res.url()));
    release();
    await landed;
    await page.unroute(unfiltered);
    // Wait for the page to have handled that answer: the next frame after it
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
    // Assess
    expect(await page.locator('#queue-rows tr').count()).toBe(0);
    expect(await page.locator('#queue-count').textContent()).toBe(text('en', 'queue.count', { count: '0' }));
  });
});

describe('the override form on a phone', () => {
  it.each(['en', 'ja'] as const)('shows the current topics whole under the field in %s', async (lang) => {
    // Prepare: the second comment has two topics (baggage, website) at least
    const page1 = await api<{ items: Array<{ id: string; topics: string[] }> }>('/v1/queue?limit=50');
    const item = page1.items.reduce((a, b) => (b.topics.length > a.topics.length ? b : a));
    expect(item.topics.length).toBeGreaterThanOrEqual(2);
    await open(PHONE, lang, `#/item/${encodeURIComponent(item.id)}`);
    const hint = page.locator('#ov-topics-now');
    // Act
    await hint.scrollIntoViewIfNeeded();
    const box = await hint.boundingBox();
    const chips = await hint.locator('.chip').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.topic));
    const cut = await hint.evaluate((el) => el.scrollWidth > el.clientWidth);
    const describedBy = await page.locator('#ov-topics').getAttribute('aria-describedby');
    const axe = await seriousAxeViolations(page);
    await page.screenshot({ path: `${SHOTS}phone-${lang}-override-topics.png` });
    // Assess
    expect(chips).toEqual(item.topics);
    expect(cut).toBe(false);
    expect((box?.x ?? 0) + (box?.width ?? PHONE.width + 1)).toBeLessThanOrEqual(PHONE.width);
    expect(describedBy).toBe('ov-topics-now');
    expect(axe).toEqual([]);
  });
});

describe('metrics charts', () => {
  it.each(['en', 'ja'] as const)(
    'name every value axis in %s (the sentiment chart both) and say which ratings are missing',
    async (lang) => {
      // Prepare
      await open(DESKTOP, lang, '#/metrics');
      await page.locator('.chart-card canvas').first().waitFor();
      await expect.poll(() => page.locator('.chart-card canvas').count(), POLL).toBe(2);
      // Act: the value axes as drawn (canvas text is not in the DOM)
      const axes = await page.evaluate(() => {
        // biome-ignore lint/suspicious/noExplicitAny: the page's ECharts global
        const echarts = (window as any).echarts;
        return Array.from(document.querySelectorAll('.chart')).map((el) => ({
          title: el.closest('.chart-card')?.querySelector('h2')?.textContent,
          names: (echarts.getInstanceByDom(el).getOption().yAxis as Array<{ name?: string }>).map((a) => a.name ?? ''),
        }));
      });
      const empties = await page.locator('.chart-card .empty').allTextContents();
      const axe = await seriousAxeViolations(page);
      await page.screenshot({ path: `${SHOTS}desktop-${lang}-metrics-axes.png`, fullPage: true });
      // Assess
      expect(axes).toEqual([
        { title: text(lang, 'metrics.volume'), names: [text(lang, 'metrics.items')] },
        {
          title: text(lang, 'metrics.sentiment'),
          names: [text(lang, 'metrics.items'), text(lang, 'metrics.axis.sentimentMean')],
        },
      ]);
      expect(empties).toEqual([text(lang, 'metrics.noChartData.nps'), text(lang, 'metrics.noChartData.csatCes')]);
      expect(axe).toEqual([]);
    },
  );

  it.each(['en', 'ja'] as const)(
    'on a phone in %s: period labels that fit the plot, the newest labelled, a one-line legend',
    async (lang) => {
      // Prepare: the default range (four weeks of days) on a 390 px screen
      await open(PHONE, lang, '#/metrics');
      await expect.poll(() => page.locator('.chart-card canvas').count(), POLL).toBe(2);
      // Act: per chart, the labels drawn, the plot's width (ECharts' grid), the legend's kind
      const drawn = await page.evaluate(() => {
        // biome-ignore lint/suspicious/noExplicitAny: the page's ECharts global
        const echarts = (window as any).echarts;
        return Array.from(document.querySelectorAll('.chart')).map((el) => {
          const chart = echarts.getInstanceByDom(el);
          const option = chart.getOption();
          const axis = option.xAxis[0];
          const grid = option.grid[0];
          return {
            labels: (axis.data as string[]).filter((_, i) => axis.axisLabel.interval(i)),
            periods: axis.data as string[],
            plotWidth: chart.getWidth() - grid.left - grid.right,
            legend: option.legend?.[0]?.type ?? null,
          };
        });
      });
      await page.screenshot({ path: `${SHOTS}phone-${lang}-metrics-labels.png`, fullPage: true });
      // Assess: a short date ("12/4", "12/14") and the gap beside it need about 40 px
      expect(drawn).toHaveLength(2);
      for (const chart of drawn) {
        expect(chart.labels.length * 40).toBeLessThanOrEqual(chart.plotWidth);
        expect(chart.labels.at(-1)).toBe(chart.periods.at(-1));
      }
      expect(drawn[1]?.legend).toBe('scroll');
    },
  );
});
