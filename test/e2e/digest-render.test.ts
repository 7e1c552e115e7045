import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resvgChartRenderer } from '../../shared/adapters/charts/resvg-charts.js';
import type { Digest } from '../../shared/reports/digest.js';
import { renderDigest } from '../../shared/reports/render-digest.js';
import { sampleDigestData, sampleRequest } from '../unit/reports/digest-fixture.js';
import { type Browser, chromiumMissing, launchChromium } from './support/browser.js';

const charts = resvgChartRenderer();

/** The digest as a person sees it: rendered by Chromium, with the mail's inline images as data: URIs. */
const SHOTS = fileURLToPath(new URL('../../test-results/digest/', import.meta.url));
const LONG_TOPIC = '配送業者の再配達依頼の受付窓口が分かりにくく何度も電話がつながらない問題';

let browser: Browser;

beforeAll(async () => {
  const missing = chromiumMissing();
  if (missing) throw new Error(missing);
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

/** The HTML a mail client shows: every cid: reference replaced by its image as a data: URI. */
const inlined = (digest: Digest): string =>
  digest.images.reduce(
    (html, image) => html.split(`cid:${image.cid}`).join(`data:image/png;base64,${image.content.toString('base64')}`),
    digest.html,
  );

interface Layout {
  images: Array<{ src: string; naturalWidth: number; width: number }>;
  figures: string[];
  /** Figure blocks side by side in the first row, and trend charts. */
  figuresPerRow: number;
  chartsPerRow: number;
  /** Blocks (and their cells) whose content is wider than the block, or that stick out of the page. */
  overflowing: string[];
  /** Elements whose right edge is past the viewport. */
  wider: string[];
  pageWidth: number;
  contentWidth: number;
}

const layoutOf = async (html: string, width = 1280): Promise<Layout> => {
  const { page } = browser;
  await page.setViewportSize({ width, height: 900 });
  await page.setContent(html, { waitUntil: 'load' });
  return page.evaluate(() => {
    const content = document.querySelector('.koe-page') as HTMLElement;
    const right = content.getBoundingClientRect().right;
    const overflowing: string[] = [];
    for (const block of Array.from(document.querySelectorAll('.koe-block')) as HTMLElement[]) {
      for (const el of [block, ...(Array.from(block.querySelectorAll('td,div,a')) as HTMLElement[])]) {
        const tooWide = el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1;
        const outside = el.getBoundingClientRect().right > right + 0.5;
        if (tooWide || outside) overflowing.push(`${block.className}: ${(el.textContent ?? '').slice(0, 40)}`);
      }
    }
    const wider = (Array.from(document.body.querySelectorAll('*')) as HTMLElement[])
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}: ${(el.textContent ?? '').slice(0, 40)}`);
    const figures = Array.from(document.querySelectorAll('.koe-figure')) as HTMLElement[];
    const firstTop = figures[0]?.getBoundingClientRect().top;
    const lineCharts = Array.from(document.querySelectorAll('.koe-cell .koe-chart')) as HTMLElement[];
    const chartTop = lineCharts[0]?.getBoundingClientRect().top;
    return {
      images: Array.from(document.images).map((i) => ({
        src: i.src.slice(0, 30),
        naturalWidth: i.naturalWidth,
        width: i.width,
      })),
      figures: figures.map((b) => b.dataset.metric ?? ''),
      figuresPerRow: figures.filter((b) => b.getBoundingClientRect().top === firstTop).length,
      chartsPerRow: lineCharts.filter((c) => c.getBoundingClientRect().top === chartTop).length,
      overflowing,
      wider,
      pageWidth: document.documentElement.scrollWidth,
      contentWidth: content.getBoundingClientRect().width,
    };
  });
};

describe('digest HTML in headless Chromium', () => {
  for (const language of ['ja', 'en'] as const)
    for (const [device, width] of [
      ['phone', 390],
      ['desktop', 1280],
    ] as const) {
      it(`${language}, ${device} (${width} px): charts load and scale, five figure blocks, nothing wider than the screen (long Japanese names)`, async () => {
        // Prepare
        const data = sampleDigestData({ long: true });
        const digest = await renderDigest(data, sampleRequest(language), charts, {
          topicLabels: { redelivery_window: LONG_TOPIC },
        });
        // Act
        const layout = await layoutOf(inlined(digest), width);
        await browser.page.screenshot({ path: `${SHOTS}digest-${language}-${device}.png`, fullPage: true });
        // Assess
        expect(digest.images.length).toBe(6);
        expect(layout.images.length).toBe(digest.images.length);
        for (const image of layout.images) {
          expect(image.src.startsWith('data:image/png')).toBe(true);
          expect(image.naturalWidth).toBeGreaterThan(0);
          // PNGs are drawn at 2× their widest display size, so they stay sharp; on a phone they scale down.
          expect(image.width).toBeLessThanOrEqual(layout.contentWidth);
          expect(image.naturalWidth).toBeGreaterThanOrEqual(image.width * 2);
        }
        expect(layout.figures).toEqual(['volume', 'nps', 'csat', 'ces', 'sentiment']);
        expect(layout.overflowing).toEqual([]);
        expect(layout.wider).toEqual([]);
        expect(layout.pageWidth).toBeLessThanOrEqual(width);
        // Fluid up to 640 px; on a phone the blocks stack two to a row and the charts one.
        expect(layout.contentWidth).toBeLessThanOrEqual(640);
        expect(layout.figuresPerRow).toBe(device === 'phone' ? 2 : 3);
        expect(layout.chartsPerRow).toBe(device === 'phone' ? 1 : 2);
      });
    }

  it('is laid out in tables an Outlook-style client can render: no flex or grid, Outlook columns in conditional tables', async () => {
    // Act
    const digest = await renderDigest(sampleDigestData(), sampleRequest('ja'), charts);
    // Assess
    expect(digest.html).not.toMatch(/display:\s*(flex|grid)|<style|@media/i);
    expect(digest.html).toContain('<!--[if mso]><table role="presentation" width="640"');
    expect(digest.html).toMatch(/<img [^>]*style="display:block;width:100%;max-width:\d+px;height:auto;/);
  });

  it('the overflow check catches a block whose text does not fit', async () => {
    // Prepare: a figure label that cannot wrap
    const digest = await renderDigest(sampleDigestData(), sampleRequest('en'), charts);
    const broken = inlined(digest).replace(
      '>Comments<',
      `>Comments <span style="white-space:nowrap;overflow-wrap:normal;word-break:normal">${'W'.repeat(40)}</span><`,
    );
    // Act
    const layout = await layoutOf(broken);
    // Assess
    expect(layout.overflowing.length).toBeGreaterThan(0);
  });

  it('an empty period renders the short digest without images', async () => {
    // Prepare
    const data = { ...sampleDigestData({ empty: true }), topics: [], painPoints: [] };
    data.current = data.series.at(-1)!.figures;
    const digest = await renderDigest(data, sampleRequest('ja'), charts);
    // Act
    const layout = await layoutOf(inlined(digest), 390);
    await browser.page.screenshot({ path: `${SHOTS}digest-empty-ja.png`, fullPage: true });
    // Assess
    expect(digest.empty).toBe(true);
    expect(layout.images).toEqual([]);
    expect(layout.figures).toEqual([]);
    expect(layout.overflowing).toEqual([]);
    expect(layout.wider).toEqual([]);
  });
});
