import { describe, expect, it } from 'vitest';
import { resvgChartRenderer } from '../../../shared/adapters/charts/resvg-charts.js';
import { renderDigest } from '../../../shared/reports/render-digest.js';
import { figures, sampleDigestData, sampleRequest } from './digest-fixture.js';

const charts = resvgChartRenderer();

describe('renderDigest', () => {
  it('writes Japanese throughout: 件, 前期比, 目標, dates in the period time zone, ▲ changes', async () => {
    // Act
    const digest = await renderDigest(sampleDigestData(), sampleRequest('ja'), charts);
    // Assess
    expect(digest.subject).toBe('Koe 週次レポート｜2026/11/16～2026/11/22｜129件');
    expect(digest.text).toContain('件数: 129  ▲ +7 (+6%) 前期比');
    expect(digest.text).toContain('CSAT 4.20以上: 3.95 — 未達');
    expect(digest.html).toContain('<html lang="ja">');
    expect(digest.html).toContain('配送'); // topic id → Japanese name
    expect(digest.html).not.toMatch(/<script|<link|<style/i);
    for (const image of digest.images) {
      expect(digest.html).toContain(`src="cid:${image.cid}"`);
      expect(image.content.subarray(1, 4).toString('latin1')).toBe('PNG');
    }
  });

  it('writes English, links into the dashboard, and carries pain points and the queue in the text part', async () => {
    // Act
    const digest = await renderDigest(sampleDigestData(), sampleRequest('en'), charts);
    // Assess
    expect(digest.subject).toBe('Koe weekly digest · Nov 16 – 22, 2026 · 129 comments');
    expect(digest.text).toContain('NPS: +24  ▲ +2 vs previous period');
    expect(digest.text).toContain('Delivery: 41 mentions · 31.8% of comments (usually 12.0%)');
    expect(digest.text).toContain('> Still no refund after 10 days.');
    // A discovered theme is drawn from complaints: its line gives count and share, not a negative share.
    expect(digest.text).toContain('“seat assignment” [discovered]: 14 mentions · 11.0% of comments\n');
    expect(digest.text).not.toMatch(/of comments · [\d.]+% negative/);
    expect(digest.text).toContain('3 critical · 11 high open');
    expect(digest.text).toContain('https://koe.example.com/#/item/fb_7');
    expect(digest.html).toContain('href="https://koe.example.com/#/queue"');
  });

  it('leaves out the CES chart when nobody answered CES, and shows — instead of a number', async () => {
    // Act
    const digest = await renderDigest(sampleDigestData({ noCes: true }), sampleRequest('en'), charts);
    // Assess
    expect(digest.images.map((i) => i.filename)).toEqual([
      'chart-volume.png',
      'chart-nps.png',
      'chart-csat.png',
      'chart-sentiment.png',
      'chart-topics.png',
    ]);
    expect(digest.text).toContain('CES: —');
  });

  it('says the SLA and the waiting ages count from receipt (an import of 2015 data is minutes old in the queue)', async () => {
    // Act
    const ja = await renderDigest(sampleDigestData(), sampleRequest('ja'), charts);
    const en = await renderDigest(sampleDigestData(), sampleRequest('en'), charts);
    // Assess
    expect(ja.text).toContain('SLA超過 4件（受信時刻から）');
    expect(ja.text).toContain('最も長く待っている項目: 受信から2日');
    expect(en.text).toContain('4 past their SLA (timed from receipt)');
    expect(en.text).toContain('longest waiting: received 2 days ago');
    expect(ja.html).toContain('受信から2日');
  });

  it('compares no volume with a previous period that had no comments (the first week of an import)', async () => {
    // Prepare
    const data = sampleDigestData();
    data.previousFigures = figures(0, null, null, null, null);
    // Act
    const ja = await renderDigest(data, sampleRequest('ja'), charts);
    const en = await renderDigest(data, sampleRequest('en'), charts);
    // Assess
    expect(ja.text).toMatch(/件数: 129 +— 前期比 {2}\(ネガティブ 32%, 前期のデータなし\)/);
    expect(en.text).toContain('no comments in the previous period');
    expect(en.text).not.toContain('▲ +129');
  });

  it('escapes quotes so redacted text cannot inject markup', async () => {
    // Prepare
    const data = sampleDigestData();
    data.painPoints[0]!.quotes = [{ id: 'x', text: '<img src=x onerror=alert(1)> "quoted"' }];
    // Act
    const digest = await renderDigest(data, sampleRequest('en'), charts);
    // Assess
    expect(digest.html).toContain('&lt;img src=x onerror=alert(1)&gt; &quot;quoted&quot;');
    expect(digest.html).not.toContain('<img src=x');
  });
});
