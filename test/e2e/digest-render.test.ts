import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Digest } from '../../shared/reports/digest.js';
import { renderDigest } from '../../shared/reports/render-digest.js';
import { sampleDigestData, sampleRequest } from '../unit/reports/digest-fixture.js';
import { type Browser, chromiumMissing, launchChromium } from './support/browser.js';

/** The digest as a person sees it: rendered by Chromium, with the mail's inline images as data: URIs. */
const SHOTS = fileURLToPath(new URL('../../test-results/digest/', import.meta.url));
const LONG_TOPIC = '配送業者の再配達依頼の受付窓口が分かりにくく何度も電話がつながらない問題';

let browser: Browser;

beforeAll(async () => {
  const missing = chromiumMissing();
  if (missing) throw new Error(missing);
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchChromium();
  await browser.page.setViewportSize({ width: 720, height: 900 });
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
  /** Blocks (and their cells) whose content is wider than the block, or that stick out of the 640 px page. */
  overflowing: string[];
  pageWidth: number;
}

const layoutOf = async (html: string): Promise<Layout> => {
  const { page } = browser;
  await page.setContent(html, { waitUntil: 'load' });
  return page.evaluate(() => {
    const content = document.querySelector('table[width="640"]') as HTMLElement;
    const right = content.getBoundingClientRect().right;
    const overflowing: string[] = [];
    for (const block of Array.from(document.querySelectorAll('.koe-block')) as HTMLElement[]) {
      for (const el of [block, ...(Array.from(block.querySelectorAll('td,div,a')) as HTMLElement[])]) {
        const tooWide = el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1;
        const outside = el.getBoundingClientRect().right > right + 0.5;
        if (tooWide || outside) overflowing.push(`${block.className}: ${(el.textContent ?? '').slice(0, 40)}`);
      }
    }
    return {
      images: Array.from(document.images).map((i) => ({
        src: i.src.slice(0, 30),
        naturalWidth: i.naturalWidth,
        width: i.width,
      })),
      figures: (Array.from(document.querySelectorAll('.koe-figure')) as HTMLElement[]).map(
        (b) => b.dataset.metric ?? '',
      ),
      overflowing,
      pageWidth: document.documentElement.scrollWidth,
    };
  });
};

describe('digest HTML in headless Chromium', () => {
  for (const language of ['ja', 'en'] as const) {
    it(`${language}: charts load, all five figure blocks are there, no text overflows (long Japanese names)`, async () => {
      // Prepare
      const data = sampleDigestData({ long: true });
      const digest = await renderDigest(data, sampleRequest(language), {
        topicLabels: { redelivery_window: LONG_TOPIC },
      });
      // Act
      const layout = await layoutOf(inlined(digest));
      await browser.page.screenshot({ path: `${SHOTS}digest-${language}.png`, fullPage: true });
      // Assess
      expect(digest.images.length).toBe(6);
      expect(layout.images.length).toBe(digest.images.length);
      for (const image of layout.images) {
        expect(image.src.startsWith('data:image/png')).toBe(true);
        expect(image.naturalWidth).toBeGreaterThan(0);
        // PNGs are drawn at 2× their display size, so they stay sharp.
        expect(image.naturalWidth).toBe(image.width * 2);
      }
      expect(layout.figures).toEqual(['volume', 'nps', 'csat', 'ces', 'sentiment']);
      expect(layout.overflowing).toEqual([]);
      expect(layout.pageWidth).toBeLessThanOrEqual(720);
    });
  }

  it('the overflow check catches a block whose text does not fit', async () => {
    // Prepare: a figure label that cannot wrap
    const digest = await renderDigest(sampleDigestData(), sampleRequest('en'));
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
    const digest = await renderDigest(data, sampleRequest('ja'));
    // Act
    const layout = await layoutOf(inlined(digest));
    await browser.page.screenshot({ path: `${SHOTS}digest-empty-ja.png`, fullPage: true });
    // Assess
    expect(digest.empty).toBe(true);
    expect(layout.images).toEqual([]);
    expect(layout.figures).toEqual([]);
    expect(layout.overflowing).toEqual([]);
  });
});
