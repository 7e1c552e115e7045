import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's chromium, installed by .ci/run (`apt-get install -y chromium fonts-noto-cjk`). */
export const CHROMIUM_PATH = process.env.KOE_CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Why browser tests cannot run here, or undefined when they can. */
export const chromiumMissing = (): string | undefined =>
  existsSync(CHROMIUM_PATH)
    ? undefined
    : `no chromium at ${CHROMIUM_PATH}: run \`apt-get install -y chromium fonts-noto-cjk\` (as .ci/run does)`;

// Quiet, deterministic, offline: nothing in the browser talks to anything but the local stack.
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** One chromium with a fresh profile; `close` also removes the profile. */
export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Launches chromium once (per test file) with a fresh user-data dir. */
export const launchChromium = async (): Promise<Browser> => {
  const userDataDir = await mkdtemp(join(tmpdir(), 'koe-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ARGS,
    viewport: { width: 1360, height: 900 },
    // The dashboard's CSP allows only its own scripts; the test injects axe-core on top.
    bypassCSP: true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
};

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** One axe-core finding, trimmed to what a failing assertion should show. */
export interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Runs axe-core (WCAG 2 A/AA and best practices) on the page; returns serious and critical findings. */
export const seriousAxeViolations = async (page: Page): Promise<AxeFinding[]> => {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_PATH });
  const violations = await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected as a global at run time
    const axe = (window as any).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map(
      (v: { id: string; impact: string | null; help: string; nodes: Array<{ target: string[] }> }) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map((n) => n.target.join(' ')),
      }),
    );
  });
  return (violations as AxeFinding[]).filter((v) => v.impact === 'serious' || v.impact === 'critical');
};
