import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildFunctionBundle } from '../../infra/aws/bundle.js';
import { CJK_FONT, chartBundling, cjkFontCheck, KOE_BUNDLING } from '../../infra/aws/constructs/koe-function.js';

/** Issue 14, item 6: what ships is what was meant — no source maps, and no chart function without its font. */
describe('reproducible bundles', () => {
  // Inside the repository, as infra/aws/bundle.ts asks (the bundle resolves the SDK from node_modules).
  const outDir = mkdtempSync(join(process.cwd(), '.bundling-test-'));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('builds a function without a source map, inline or beside it', async () => {
    // Act: a small function, bundled with the options the CDK uses (KOE_BUNDLING)
    const file = await buildFunctionBundle('status', outDir);
    // Assess
    expect(KOE_BUNDLING.sourceMap).toBe(false);
    expect(readdirSync(outDir)).toEqual(['index.mjs']);
    expect(readFileSync(file, 'utf8')).not.toContain('sourceMappingURL');
  });

  it('fails a chart function’s bundling when the deploying machine has no CJK font, saying how to fix it', () => {
    // Act
    const missing = spawnSync('sh', ['-c', cjkFontCheck(join(outDir, 'no-such-font.ttc'))], { encoding: 'utf8' });
    const steps = chartBundling().commandHooks!.afterBundling('/in', '/out');
    // Assess
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('apt-get install fonts-noto-cjk');
    expect(steps).toContain(cjkFontCheck(CJK_FONT));
    // The check comes before the copy, so a missing font never becomes a silent English fallback.
    expect(steps.indexOf(cjkFontCheck(CJK_FONT))).toBeLessThan(steps.findIndex((s) => s.includes('/out/fonts/')));
  });
});
