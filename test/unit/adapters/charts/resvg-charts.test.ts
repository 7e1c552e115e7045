import { describe, expect, it } from 'vitest';
import { chartFont, chartSvg, niceAxis, resvgChartRenderer } from '../../../../shared/adapters/charts/resvg-charts.js';
import type { ChartSpec } from '../../../../shared/reports/charts.js';

const ticks = (a: ReturnType<typeof niceAxis>): string[] => {
  const out: string[] = [];
  for (let v = a.min; v <= a.max + a.interval / 1000; v += a.interval) out.push(v.toFixed(a.decimals));
  return out;
};

describe('digest chart axes', () => {
  it('labels every y tick differently, however narrow the range (sentiment −0.23 … −0.21)', () => {
    // Act
    const axis = niceAxis([-0.23, -0.226, -0.222, -0.21, null], {}, 1);
    // Assess
    const labels = ticks(axis);
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels.length).toBeGreaterThanOrEqual(2);
    expect(axis.min).toBeLessThanOrEqual(-0.23);
    expect(axis.max).toBeGreaterThanOrEqual(-0.21);
  });

  it('keeps fixed ends (CSAT 1–5) and gives a flat series a band to sit in', () => {
    // Act
    const csat = niceAxis([3.6, 3.7], { min: 1, max: 5 }, 1);
    const flat = niceAxis([-0.2, -0.2], {}, 1);
    // Assess
    expect([csat.min, csat.max]).toEqual([1, 5]);
    expect(new Set(ticks(flat)).size).toBe(ticks(flat).length);
    expect(flat.min).toBeLessThan(-0.2);
    expect(flat.max).toBeGreaterThan(-0.2);
  });

  it('labels the period the digest is about: the last bar of eight weeks keeps its date', () => {
    // Prepare: eight weekly bars in a 290 px trend chart, as the digest draws them
    const categories = ['12/29', '1/5', '1/12', '1/19', '1/26', '2/2', '2/9', '2/16'];
    // Act
    const svg = chartSvg(
      {
        kind: 'bar',
        title: 'Comments',
        categories,
        values: [0, 0, 0, 0, 0, 0, 0, 8985],
        color: '#2563eb',
        decimals: 0,
        width: 290,
        height: 170,
      },
      chartFont(),
    );
    // Assess: the current week's date is drawn (it was the one hidden as overlapping), every other one before it
    const drawn = categories.filter((c) => svg.includes(`>${c}</text>`));
    expect(drawn).toContain('2/16');
    expect(drawn).toEqual(['1/5', '1/19', '2/2', '2/16']);
  });

  it('groups the trend axis as the counts are grouped (10,000, not 10000)', () => {
    // Act
    const svg = chartSvg(
      {
        kind: 'bar',
        title: 'Comments',
        categories: ['2/9', '2/16'],
        values: [120, 8985],
        color: '#2563eb',
        decimals: 0,
        width: 290,
        height: 170,
      },
      chartFont(),
    );
    // Assess
    expect(svg).toContain('>10,000</text>');
    expect(svg).not.toContain('>10000</text>');
  });

  it('leaves a long topic name the room it needs instead of clipping its first letters', () => {
    // Act
    const svg = chartSvg(
      {
        kind: 'topics',
        title: 'Top topics',
        labels: ['Wait time and delays', 'Customer service'],
        values: [1200, 900],
        negativeShare: [0.7, 0.7],
        width: 600,
        height: 96,
      },
      chartFont(),
    );
    // Assess: the label is drawn whole, right-aligned at an x far enough from the left edge
    const label = /<text[^>]*transform="translate\(([\d.]+) [\d.]+\)"[^>]*>Wait time and delays<\/text>/.exec(svg);
    expect(label).not.toBeNull();
    expect(Number(label?.[1])).toBeGreaterThanOrEqual(20 * 0.64 * 11);
  });

  it('groups the bar counts as the value axis does (2,914 beside 3,000)', () => {
    // Act
    const svg = chartSvg(
      {
        kind: 'topics',
        title: '主なトピック',
        labels: ['カスタマーサービス', '予約'],
        values: [2914, 1220],
        negativeShare: [0.7, 0.2],
        width: 600,
        height: 120,
      },
      chartFont(),
    );
    // Assess
    expect(svg).toContain('>2,914</text>');
    expect(svg).toContain('>1,220</text>');
    expect(svg).not.toContain('>2914</text>');
  });

  it('gives the topic counts only as many ticks as fit, so they never run together (a week of 14,485 tweets)', () => {
    // Act: the digest's topic chart (400 px) with counts in the thousands
    const svg = chartSvg(
      {
        kind: 'topics',
        title: 'Top topics',
        labels: ['Customer service', 'Wait time and delays', 'Booking'],
        values: [3433, 2627, 1914],
        negativeShare: [0.6, 0.8, 0.6],
        width: 400,
        height: 122,
      },
      chartFont(),
    );
    // Assess: whole thousands (ECharts' default drew every 500: "1,0001,5002,000"), each tick far enough from the next
    const ticks = [...svg.matchAll(/<text[^>]*transform="translate\(([\d.]+) [\d.]+\)"[^>]*>([\d,]+)<\/text>/g)]
      .map((m) => ({ x: Number(m[1]), label: m[2] ?? '' }))
      .filter((t) => !['3,433', '2,627', '1,914'].includes(t.label));
    expect(ticks.map((t) => t.label)).toEqual(['0', '1,000', '2,000', '3,000', '4,000']);
    for (let i = 1; i < ticks.length; i++) {
      expect((ticks[i]?.x ?? 0) - (ticks[i - 1]?.x ?? 0)).toBeGreaterThan(5 * 0.64 * 10);
    }
  });

  it('draws Japanese with the npm package font alone, as on a machine without fonts-noto-cjk', async () => {
    // Prepare: only the npm font; two labels of different characters (missing glyphs would draw the same boxes)
    const font = chartFont(undefined, true);
    const renderer = resvgChartRenderer(font);
    const chart = (label: string): ChartSpec => ({
      kind: 'topics',
      title: '上位トピック',
      labels: [label],
      values: [3],
      negativeShare: [1],
      width: 300,
      height: 70,
    });
    // Act
    const [a, b] = await renderer.render([chart('配送遅延'), chart('返金対応')]);
    // Assess
    expect(font.files[0]).toMatch(/NotoSansJP_400Regular\.ttf$/);
    expect(renderer.cjk).toBe(true);
    expect(a?.subarray(0, 4).toString('latin1')).toBe('\x89PNG');
    expect(a?.equals(b as Buffer)).toBe(false);
  });
});
