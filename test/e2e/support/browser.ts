import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

/** SIGKILLs every process whose command line holds `needle` (Linux /proc; no procps needed). */
const killProcessesMentioning = (needle: string) => {
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(needle)) process.kill(Number(pid), 'SIGKILL');
    } catch {} // gone already, or not ours
  }
};

/** Where a system Chromium lives (Debian's first: .ci/run installs `chromium fonts-noto-cjk`). */
const SYSTEM_CHROMIUM = [
  process.env.KOE_CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
].filter((p): p is string => Boolean(p));

const require = createRequire(import.meta.url);
/** The Chromium shipped inside an npm package (a devDependency; a brotli-packed build for Linux x64). */
const packagedChromium = (): string | undefined => {
  if (process.platform !== 'linux' || process.arch !== 'x64') return undefined;
  try {
    return require.resolve('@sparticuz/chromium');
  } catch {
    return undefined;
  }
};

/** The one command that gives this machine a browser for the tests. */
const FIX =
  process.platform === 'linux'
    ? '`apt-get install -y chromium fonts-noto-cjk` (as .ci/run does)'
    : 'install Chromium and set KOE_CHROMIUM_PATH to its binary';

/** Why browser tests cannot run here (with the command that fixes it), or undefined when they can. */
export const chromiumMissing = (): string | undefined =>
  SYSTEM_CHROMIUM.some((p) => existsSync(p)) || packagedChromium()
    ? undefined
    : `no Chromium: none of ${SYSTEM_CHROMIUM.join(', ')} exists and @sparticuz/chromium (npm install) does not run on ${process.platform}-${process.arch}: run ${FIX}`;

/** The system Chromium if there is one, else the npm package's (unpacked to the temp folder on first use). */
const chromiumExecutable = async (): Promise<{ executablePath: string; args: string[] }> => {
  const system = SYSTEM_CHROMIUM.find((p) => existsSync(p));
  if (system) return { executablePath: system, args: [] };
  const name = '@sparticuz/chromium'; // a devDependency that may be absent: no static import
  const { default: packaged } = (await import(name)) as {
    default: { executablePath(): Promise<string>; args: string[] };
  };
  return { executablePath: await packaged.executablePath(), args: packaged.args };
};

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
  const { executablePath, args } = await chromiumExecutable();
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    // The package's own flags (for its Lambda-shaped build), then ours; headless mode is Playwright's.
    args: [...args.filter((a) => !a.startsWith('--headless')), ...ARGS],
    viewport: { width: 1360, height: 900 },
    // The dashboard's CSP allows only its own scripts; the test injects axe-core on top.
    bypassCSP: true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      // A chromium that does not close within 15 s (seen on a loaded CI machine) is killed: the next
      // file's browser and the stack's stop must not wait on it.
      const closed = await Promise.race([context.close().then(() => true), sleep(15_000, false, { ref: false })]);
      if (!closed) killProcessesMentioning(userDataDir);
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
};

const AXE_PATH = require.resolve('axe-core/axe.min.js');

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

/**
 * Signs in by the tab's storage, as the sign-in form leaves it (`key`, `lang`, no filters kept), then opens
 * `hash`. The storage is written on /health (same origin, no page to load), so the dashboard loads once.
 */
export const signIn = async (page: Page, baseUrl: string, key: string, lang: string, hash = '#/queue') => {
  await page.goto(`${baseUrl}/health`);
  await page.evaluate(
    ([k, l]) => {
      sessionStorage.setItem('koe.key', k as string);
      sessionStorage.removeItem('koe.filters');
      localStorage.setItem('koe.lang', l as string);
    },
    [key, lang],
  );
  await page.goto(`${baseUrl}/${hash}`);
};
