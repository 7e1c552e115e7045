import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startLocalProcess } from '../../../infra/local/spawn.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const main = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'infra/local/main.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });

describe('npm start (infra/local/main.ts)', () => {
  it('prints the usage for --help and exits 0', () => {
    // Act
    const result = main(['--help']);
    // Assess
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('--memory');
  });

  it('exits 2 with a clear message and the usage for a bad flag', () => {
    // Act
    const result = main(['--port', 'abc']);
    // Assess
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("--port must be a port number 0-65535, got 'abc'");
    expect(result.stderr).toContain('usage:');
  });

  it('prints its URL and mode, and on SIGINT drains and exits 0', { timeout: 90_000 }, async () => {
    // Prepare
    const stack = await startLocalProcess(['--memory', '--port', '0']);
    const health = await fetch(`${stack.url}/health`);
    // Act
    const code = await stack.stop('SIGINT');
    // Assess
    expect(health.status).toBe(200);
    expect(stack.output()).toMatch(/Koe is listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(stack.output()).toContain('memory mode');
    expect(stack.output()).toContain('draining');
    expect(code).toBe(0);
  });
});
