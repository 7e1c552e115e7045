import { describe, expect, it } from 'vitest';
import { runThemes } from '../../../cli/commands/themes.js';
import { recordingIo } from '../../support/recording-cli-io.js';

const topic = {
  id: 'headphone_jack',
  label: 'Headphone jacks',
  labelJa: 'イヤホンジャック',
  cues: { en: ['headphone jack'], ja: ['イヤホン'] },
  fromTheme: 'emergent:headphone jack',
  promotedAt: '2026-12-04T00:00:00.000Z',
};

describe('koe themes', () => {
  it('promote posts the theme, the id, the labels and the cues, and says what happens to history', async () => {
    // Prepare
    const { io, requests, out } = recordingIo(() => ({ status: 201, body: { topic } }));
    // Act
    const code = await runThemes(
      [
        'promote',
        'headphone',
        'jack',
        '--as',
        'headphone_jack',
        '--label',
        'Headphone jacks',
        '--label-ja',
        'イヤホンジャック',
        '--cue',
        'イヤホン',
      ],
      io,
    );
    // Assess
    expect(code).toBe(0);
    expect(requests[0]?.method).toBe('POST');
    expect(requests[0]?.url.pathname).toBe('/v1/themes/promote');
    expect(requests[0]?.body).toEqual({
      theme: 'headphone jack',
      id: 'headphone_jack',
      label: 'Headphone jacks',
      labelJa: 'イヤホンジャック',
      cues: ['イヤホン'],
    });
    expect(out.join('')).toContain('promoted "headphone jack" as topic headphone_jack');
    expect(out.join('')).toContain('comments analysed before keep the discovered theme');
  });

  it('refuses a promotion without --as, and prints the API error once when the id is taken', async () => {
    // Prepare
    const { io, err, requests } = recordingIo(() => ({
      status: 409,
      body: { error: { code: 'ConflictError', message: 'The taxonomy already has a topic delivery' } },
    }));
    // Act
    const missing = await runThemes(['promote', 'wifi'], io);
    const taken = await runThemes(['promote', 'wifi', '--as', 'delivery'], io);
    // Assess
    expect(missing).toBe(2);
    expect(err[0]).toContain('--as');
    expect(requests).toHaveLength(1);
    expect(taken).toBe(1);
    expect(err[1]).toContain('already has a topic delivery');
  });

  it('lists the promoted topics', async () => {
    // Prepare
    const { io, out, requests } = recordingIo(() => ({ status: 200, body: { topics: [topic] } }));
    // Act
    const code = await runThemes(['list'], io);
    // Assess
    expect(code).toBe(0);
    expect(requests[0]?.url.pathname).toBe('/v1/taxonomy/promoted');
    expect(out.join('')).toMatch(/headphone_jack\s+Headphone jacks\s+イヤホンジャック\s+headphone jack/);
  });
});
