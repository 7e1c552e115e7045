import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../infra/local/stack.js';
import { type Browser, chromiumMissing, launchChromium, seriousAxeViolations, signIn } from './support/browser.js';

// The dashboard at a phone's and a laptop's size, in Japanese and English, against an in-process local
// stack (so the test can hold the analysis queue to see the backlog banner). Screenshots go to
// test-results/dashboard-layout/ for a person to look at.
const SHOTS = fileURLToPath(new URL('../../test-results/dashboard-layout/', import.meta.url));
const BOOTSTRAP = `koe_e2e_${randomBytes(16).toString('hex')}`;
const POLL = { timeout: 15_000 };
const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 800 },
] as const;
const LANGS = ['ja', 'en'] as const;

// Where the data is: 2015, so the default "last four weeks" holds none of it.
const COMMENTS = [
  'My flight was cancelled and nobody at the gate would help. Three hours on hold & still no refund.',
  'The seat was broken and the cabin crew were rude when I asked to move.',
  'Lost my bag again. This is the third time this year, I want compensation now!',
  '荷物が届かず、問い合わせても三日間返事がありません。返金してください。',
  '予約サイトがエラーで決済できない。何度やっても同じです。',
  'スタッフの対応がとても丁寧で助かりました。ありがとうございます。',
  'The app keeps logging me out and the check-in page is slow.',
  'Smoke in the cabin and the crew ignored it. That is a safety risk.',
];

let stack: LocalStack;
let browser: Browser;
let page: Page;
let readKey: string;
let managerKey: string;

/** Latin words the Japanese strings use on purpose (NPS, CSAT, API …): not a missed translation. */
let JA_LATIN: Set<string>;
/** Elements whose text is data (feedback, ids, names, sources, period keys), which stays as written. */
const DATA = [
  '.row-link',
  '#item-text',
  '.evidence-line .quote',
  '#ov-topics',
  '.item-id',
  '.details dd',
  '.history strong',
  '.history .muted',
  '.chip.discovered',
  '.chart-card tbody th',
  '#queue-rows .col-assignee',
  'select#lang',
  'script',
  'style',
];

const api = async <T>(path: string, init: { method?: string; body?: unknown } = {}) => {
  const res = await fetch(`${stack.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${BOOTSTRAP}` },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return (await res.json()) as T;
};
const createKey = async (name: string, scopes: string[]) =>
  (await api<{ key: string }>('/v1/keys', { method: 'POST', body: { name, scopes } })).key;

/** 64 comments over three weeks of February 2015, analyzed. */
const seed = async (prefix: string, count: number) => {
  const items = Array.from({ length: count }, (_, i) => ({
    text: COMMENTS[i % COMMENTS.length],
    source: 'airline-e2e',
    externalId: `${prefix}-${i}`,
    channel: 'social',
    metadata: { airline: 'Virgin America' },
    occurredAt: new Date(Date.UTC(2015, 1, 3 + (i % 21), 9, i % 60)).toISOString(),
  }));
  await api('/v1/feedback', { method: 'POST', body: { items } });
};

/** Signs in with `key` in `lang` at `viewport`'s size. */
const open = async (viewport: { width: number; height: number }, lang: string, key: string, hash = '#/queue') => {
  await page.setViewportSize({ width: viewport.width, height: viewport.height });
  await signIn(page, stack.url, key, lang, hash);
};

/** Elements reaching past the right edge of the viewport (visually hidden helpers excepted), and the page's own overflow. */
const overflow = (p: Page) =>
  p.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide = Array.from(document.querySelectorAll('body *'))
      .filter((el) => {
        const style = getComputedStyle(el);
        if (style.display === 'none' || style.visibility === 'hidden' || style.position === 'absolute') return false;
        const box = el.getBoundingClientRect();
        return box.width > 0 && box.right > width + 1;
      })
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${Array.from(el.classList).join('.')}`);
    return { pageWider: document.documentElement.scrollWidth > width, wide: [...new Set(wide)].slice(0, 10) };
  });

/** Assignee cells whose one word ("未割り当て", "Unassigned", a short name) wraps onto a second line. */
const wrappedAssignees = (p: Page) =>
  p.evaluate(() =>
    Array.from(document.querySelectorAll('#queue-rows td.col-assignee'))
      .filter((cell) => {
        const text = cell.textContent?.trim() ?? '';
        if (text === '' || text.length > 12) return false;
        // The text's own box: taller than one and a half lines means it wrapped.
        const range = document.createRange();
        range.selectNodeContents(cell);
        const textHeight = range.getBoundingClientRect().height;
        return textHeight > 1.5 * Number.parseFloat(getComputedStyle(cell).fontSize) * 1.5;
      })
      .map((cell) => cell.textContent),
  );

/**
 * Filter controls whose text is cut: a select too narrow for any one of its options (each would be cut when
 * chosen: a select's scrollWidth never shows it, so each option is measured in a free-sized copy of the
 * select), an input whose value or placeholder is wider than its box (scrollWidth > clientWidth, or the
 * text measured in the input's font).
 */
const clippedControls = (p: Page) =>
  p.evaluate(() => {
    const cut: string[] = [];
    const canvas = document.createElement('canvas').getContext('2d');
    for (const control of Array.from(
      document.querySelectorAll<HTMLElement>('form.filters select, form.filters input'),
    )) {
      if (!control.getClientRects().length) continue;
      if (control instanceof HTMLSelectElement) {
        for (const option of Array.from(control.options)) {
          const copy = control.cloneNode(false) as HTMLSelectElement;
          copy.append(option.cloneNode(true));
          copy.removeAttribute('id');
          copy.style.cssText = 'position:absolute;visibility:hidden;width:auto;min-width:0;max-width:none';
          control.parentElement?.append(copy);
          const needed = copy.getBoundingClientRect().width;
          copy.remove();
          if (needed > control.getBoundingClientRect().width + 1) cut.push(`#${control.id}: ${option.text}`);
        }
      } else if (control instanceof HTMLInputElement && control.type !== 'checkbox') {
        const style = getComputedStyle(control);
        const room = control.clientWidth - Number.parseFloat(style.paddingLeft) - Number.parseFloat(style.paddingRight);
        const text = control.value || control.placeholder;
        if (canvas) canvas.font = style.font;
        const width = control.type === 'text' && canvas ? canvas.measureText(text).width : 0;
        if (control.scrollWidth > control.clientWidth || width > room + 1) cut.push(`#${control.id}: ${text}`);
      }
    }
    return cut;
  });

/** Latin words in visible text outside data, which the Japanese UI should not show. */
const englishWords = (p: Page) =>
  p.evaluate(
    ([dataSelectors, allowed]) => {
      const skip = (dataSelectors as string[]).join(',');
      const words = new Set<string>();
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || parent.closest(skip) || parent.closest('[hidden]') || !parent.getClientRects().length) continue;
        if (getComputedStyle(parent).display === 'none') continue;
        for (const word of node.textContent?.match(/[A-Za-z][A-Za-z-]+/g) ?? [])
          if (!(allowed as string[]).includes(word)) words.add(word);
      }
      // Attributes a person reads too: placeholders, titles, labels.
      for (const el of Array.from(document.querySelectorAll('[placeholder], [title], [aria-label]'))) {
        if (el.closest(skip)) continue;
        for (const name of ['placeholder', 'title', 'aria-label'])
          for (const word of el.getAttribute(name)?.match(/[A-Za-z][A-Za-z-]+/g) ?? [])
            if (!(allowed as string[]).includes(word)) words.add(word);
      }
      return [...words];
    },
    [DATA, [...JA_LATIN]],
  );

const shot = (name: string) => page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: false });

beforeAll(async () => {
  const missing = chromiumMissing();
  if (missing) throw new Error(missing);
  mkdirSync(SHOTS, { recursive: true });
  [stack, browser] = await Promise.all([
    startLocalStack({ port: 0, env: { ...process.env, KOE_BOOTSTRAP_KEY: BOOTSTRAP } }),
    launchChromium(),
  ]);
  page = browser.page;
  const strings = '../../web/app/strings/ja.js'; // plain JS without types: imported by path
  const ja: Record<string, string> = (await import(strings)).default;
  JA_LATIN = new Set(Object.values(ja).flatMap((s) => s.match(/[A-Za-z][A-Za-z-]+/g) ?? []));
  readKey = await createKey('yui', ['read']);
  managerKey = await createKey('hana', ['read', 'triage']);
  await seed('layout', 64);
  await stack.queue.idle();
  // Roll up those days and weeks, as `koe rollup --from --to` does after an import of old data.
  // The route works within a time budget and answers where to go on (`next`), as the CLI follows it.
  for (let from: string | undefined = '2015-02-01'; from; ) {
    const answer: { next?: string } = await api<{ next?: string }>('/v1/rollups/run', {
      method: 'POST',
      body: { from, to: '2015-02-28' },
    });
    from = answer.next;
  }
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
}, 300_000);

describe.each(VIEWPORTS)('dashboard at $name size ($width×$height)', (viewport) => {
  it.each(LANGS)(
    'queue, item and metrics in %s: nothing wider than the screen, the item in view, no stray English',
    async (lang) => {
      // Prepare
      await open(viewport, lang, managerKey);
      const rows = page.locator('#queue-rows tr');
      await expect.poll(() => rows.count(), POLL).toBeGreaterThan(30);
      // Act: the queue
      const queueOverflow = await overflow(page);
      const queueEnglish = lang === 'ja' ? await englishWords(page) : [];
      const queueAxe = await seriousAxeViolations(page);
      const brokenAssignees = await wrappedAssignees(page);
      const queueClipped = await clippedControls(page);
      const occurred = await page.locator('#queue-rows tr').first().locator('.occurred').textContent();
      await shot(`${viewport.name}-${lang}-1-queue`);
      // Act: an item far down the list
      const target = page.locator('#queue-rows a.row-link').nth(30);
      await target.scrollIntoViewIfNeeded();
      await shot(`${viewport.name}-${lang}-2-queue-scrolled`);
      await target.click();
      const title = page.locator('#item-title');
      await title.waitFor();
      await page.locator('#item-text').waitFor();
      const titleBox = await title.boundingBox();
      const details = await page.locator('.details').textContent();
      const itemOverflow = await overflow(page);
      const itemEnglish = lang === 'ja' ? await englishWords(page) : [];
      const itemAxe = await seriousAxeViolations(page);
      await shot(`${viewport.name}-${lang}-3-item`);
      // Act: back to the list (the phone's back button; Esc beside the list)
      if (viewport.name === 'phone') await page.locator('#item-back').click();
      else await page.keyboard.press('Escape');
      await expect.poll(() => page.url(), POLL).toMatch(/#\/queue$/);
      const rowAfterBack = await page.locator('#queue-rows a.row-link').nth(30).boundingBox();
      // Act: metrics
      await page.locator('nav a[data-route="metrics"]').click();
      await page.locator('#data-range').filter({ hasText: /2015/ }).waitFor();
      await page.locator('.chart-card canvas').first().waitFor();
      const npsEmpty = await page.locator('.chart-card .empty').count();
      const metricsOverflow = await overflow(page);
      const metricsEnglish = lang === 'ja' ? await englishWords(page) : [];
      const metricsAxe = await seriousAxeViolations(page);
      const from = await page.locator('#m-from').inputValue();
      const metricsClipped = await clippedControls(page);
      const trendsNote = await page.locator('#trends-empty').textContent();
      // The volume chart's x axis as drawn: which period labels show, and how (canvas text is not in the DOM).
      const volumeAxis = await page.evaluate(() => {
        // biome-ignore lint/suspicious/noExplicitAny: the page's ECharts global
        const echarts = (window as any).echarts;
        const axis = echarts.getInstanceByDom(document.querySelector('.chart')).getOption().xAxis[0];
        return (axis.data as string[])
          .filter((_, i) => axis.axisLabel.interval(i))
          .map((key) => axis.axisLabel.formatter(key));
      });
      await shot(`${viewport.name}-${lang}-4-metrics`);
      // Assess
      expect(queueOverflow).toEqual({ pageWider: false, wide: [] });
      expect(brokenAssignees).toEqual([]);
      expect([...queueClipped, ...metricsClipped]).toEqual([]);
      // Imported 2015 comments received today: the row says when the customer wrote, not only the receipt.
      expect(occurred).toContain('2015');
      // The week of the range's last day has three weeks before it: too few to call anything rising, and the
      // panel says so with the week's dates instead of "no trends yet".
      expect(trendsNote).toContain(lang === 'ja' ? '2015/02/23～2015/03/01' : 'Feb 23 – Mar 1, 2015');
      // Short dates, and the newest day always labelled (ECharts' spacing left the last bar without one).
      expect(volumeAxis.at(-1)).toBe('2/23');
      expect(volumeAxis.length).toBeLessThanOrEqual(10);
      expect(trendsNote).toContain(lang === 'ja' ? '3週分しかない' : 'only 3 week(s) before it');
      expect(itemOverflow).toEqual({ pageWider: false, wide: [] });
      expect(metricsOverflow).toEqual({ pageWider: false, wide: [] });
      expect(titleBox).not.toBeNull();
      expect(details).toContain('airline: Virgin America'); // what the import attached: which airline
      expect(details).toMatch(/airline-e2e · layout-\d+/); // the source with the sender's own id
      expect(titleBox?.y).toBeGreaterThanOrEqual(0);
      expect((titleBox?.y ?? 0) + (titleBox?.height ?? 0)).toBeLessThanOrEqual(viewport.height);
      expect(rowAfterBack?.y).toBeGreaterThanOrEqual(0);
      expect(rowAfterBack?.y).toBeLessThanOrEqual(viewport.height);
      expect(from.startsWith('2015-02')).toBe(true); // opened where the data is, not on an empty month
      expect(npsEmpty).toBe(2); // no ratings in the seed: NPS and CSAT/CES say so instead of drawing empty axes
      expect([...queueEnglish, ...itemEnglish, ...metricsEnglish]).toEqual([]);
      expect([...queueAxe, ...itemAxe, ...metricsAxe]).toEqual([]);
    },
  );
});

describe('filters on the narrowest phone (360 px)', () => {
  it.each(LANGS)('every choice of every filter is readable in %s', async (lang) => {
    // Prepare
    await open({ width: 360, height: 740 }, lang, managerKey);
    await expect.poll(() => page.locator('#queue-rows tr').count(), POLL).toBeGreaterThan(0);
    // Act
    const queueClipped = await clippedControls(page);
    const queueOverflow = await overflow(page);
    await shot(`phone360-${lang}-queue-filters`);
    await page.locator('nav a[data-route="metrics"]').click();
    await page.locator('#data-range').filter({ hasText: /2015/ }).waitFor();
    const metricsClipped = await clippedControls(page);
    const metricsOverflow = await overflow(page);
    // Assess
    expect([...queueClipped, ...metricsClipped]).toEqual([]);
    expect(queueOverflow).toEqual({ pageWider: false, wide: [] });
    expect(metricsOverflow).toEqual({ pageWider: false, wide: [] });
  });
});

describe('dashboard for a read-only key and during an import', () => {
  it('hides the actions from a key without the triage scope and says why', async () => {
    // Prepare
    await open(VIEWPORTS[1], 'ja', readKey);
    await page.locator('#queue-rows a.row-link').first().click();
    // Act
    const notice = page.locator('#actions-readonly');
    await notice.waitFor();
    await shot('desktop-ja-5-read-only');
    // Assess
    expect(await notice.textContent()).toContain('閲覧専用');
    expect(await page.locator('#act-claim, #act-resolve, #act-override').count()).toBe(0);
  });

  it('shows the backlog banner while imported comments wait for analysis', async () => {
    // Prepare: hold the analysis queue, as a busy one would be right after `koe import`.
    await stack.queue.drain();
    await seed('backlog', 12);
    // Act
    await open(VIEWPORTS[0], 'ja', managerKey);
    const banner = page.locator('#backlog');
    await expect.poll(() => banner.isVisible(), POLL).toBe(true);
    await shot('phone-ja-6-backlog');
    await page.getByLabel('言語').selectOption('en');
    await expect.poll(() => banner.textContent(), POLL).toContain('Analysis is still running');
    const overflowWithBanner = await overflow(page);
    // Assess
    expect(await banner.textContent()).toMatch(/12 comments waiting/);
    expect(overflowWithBanner).toEqual({ pageWider: false, wide: [] });
  });
});
