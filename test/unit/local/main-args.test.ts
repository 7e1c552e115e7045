import { describe, expect, it } from 'vitest';
import { parseMainArgs, UsageError } from '../../../infra/local/main-args.js';

const CWD = '/home/me/koe';

describe('npm start flags', () => {
  it('defaults to port 8787 and .koe/ in the current folder', () => {
    // Act
    const options = parseMainArgs([], {}, CWD);
    // Assess
    expect(options).toEqual({ port: 8787, host: undefined, dataDir: '/home/me/koe/.koe', jsonLogs: false });
  });

  it('reads PORT and KOE_DATA_DIR, and flags win over them', () => {
    // Act
    const fromEnv = parseMainArgs([], { PORT: '9000', KOE_DATA_DIR: 'data' }, CWD);
    const fromFlags = parseMainArgs(['--port', '0', '--data', '/srv/koe'], { PORT: '9000', KOE_DATA_DIR: 'data' }, CWD);
    // Assess
    expect(fromEnv).toMatchObject({ port: 9000, dataDir: '/home/me/koe/data' });
    expect(fromFlags).toMatchObject({ port: 0, dataDir: '/srv/koe' });
  });

  it('--memory keeps nothing on disk, even with KOE_DATA_DIR set', () => {
    // Act
    const options = parseMainArgs(['--memory'], { KOE_DATA_DIR: 'data' }, CWD);
    // Assess
    expect(options?.dataDir).toBeUndefined();
  });

  it('--help asks for the usage only', () => {
    // Assess
    expect(parseMainArgs(['--help'], {}, CWD)).toBeUndefined();
  });

  it.each([
    [['--port', 'eighty'], /--port must be a port number/],
    [['--port', '70000'], /--port must be a port number/],
    [['--verbose'], /Unknown option '--verbose'/],
    [['extra'], /positional/],
    [['--memory', '--data', 'x'], /exclude each other/],
  ])('rejects %j with a UsageError', (argv, message) => {
    // Act
    const parse = () => parseMainArgs(argv, {}, CWD);
    // Assess
    expect(parse).toThrow(UsageError);
    expect(parse).toThrow(message);
  });

  it('rejects a bad PORT from the environment, naming it', () => {
    // Assess
    expect(() => parseMainArgs([], { PORT: 'x' }, CWD)).toThrow(/PORT must be a port number/);
  });

  it('says to put -- before the options when npm kept a flag for itself (npm start --port 9000)', () => {
    // Prepare: what npm 11 hands the script for `npm start --port 9000`
    const env = { npm_lifecycle_event: 'start', npm_config_port: 'true' };
    // Act
    const run = () => parseMainArgs(['9000'], env, CWD);
    // Assess
    expect(run).toThrow(UsageError);
    expect(run).toThrow('npm start -- --port 9000');
  });

  it('--json-logs asks for JSON request lines', () => {
    // Act
    const options = parseMainArgs(['--json-logs'], {}, CWD);
    // Assess
    expect(options?.jsonLogs).toBe(true);
  });
});
