import { describe, expect, it } from 'vitest';
import { runSubscriptions } from '../../../cli/commands/subscriptions.js';
import { type CliIo, columns, displayWidth } from '../../../cli/lib/api.js';

/** An I/O whose every request gets `status` and `body`. */
const answeringIo = (status: number, body: unknown) => {
  const err: string[] = [];
  const io: CliIo = {
    env: { KOE_URL: 'http://koe.test', KOE_API_KEY: 'koe_admin_key_123456' },
    out: () => {},
    err: (t) => err.push(t),
    fetch: (async () => new Response(JSON.stringify(body), { status })) as typeof fetch,
  };
  return { io, err: () => err.join('') };
};

describe('koe API errors', () => {
  it('prints each field issue once when the API message already lists it (koe subscriptions)', async () => {
    // Prepare: the subscriptions route words its message from its issues
    const { io, err } = answeringIo(400, {
      error: {
        code: 'INVALID_REQUEST',
        message: 'Invalid subscription: recipients.0 must be an e-mail address',
        issues: [{ path: 'recipients.0', message: 'must be an e-mail address' }],
      },
    });
    // Act
    const code = await runSubscriptions(['create', '--to', 'not-an-address'], io);
    // Assess
    expect(code).toBe(1);
    expect(err().match(/must be an e-mail address/g)).toHaveLength(1);
  });

  it('still lists issues the message does not name', async () => {
    // Prepare
    const { io, err } = answeringIo(400, {
      error: { code: 'INVALID_REQUEST', message: 'Invalid request', issues: [{ path: 'period', message: 'unknown' }] },
    });
    // Act
    await runSubscriptions(['create', '--to', 'a@example.com'], io);
    // Assess
    expect(err()).toContain('period: unknown');
  });
});

describe('columns', () => {
  it('aligns columns holding Japanese by display width (a wide character takes two cells)', () => {
    // Prepare
    const rows = [
      ['TOPIC', 'COUNT', 'NOTE'],
      ['配送', '12', 'rising'],
      ['delivery', '3', 'new'],
    ];
    // Act
    const lines = columns(rows).split('\n');
    // Assess: the second column starts at the same cell on every line
    const starts = lines.map((line) => displayWidth(line.slice(0, line.search(/\d|COUNT/))));
    expect(new Set(starts).size).toBe(1);
    expect(displayWidth('配送')).toBe(4);
  });
});
