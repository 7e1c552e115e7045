import { describe, expect, it } from 'vitest';
import { formatProgress, type ProgressSample } from '../../../infra/local/progress.js';

const idle = { queued: 0, inFlight: 0, oldestWaitingSeconds: 0, deadLetters: 0 };
const sample = (at: number, fields: Partial<ProgressSample> = {}): ProgressSample => ({
  at,
  requests: 0,
  serverErrors: 0,
  accepted: 0,
  analysed: 0,
  backlog: idle,
  ...fields,
});

describe('the progress line of the local stack', () => {
  it('says what was accepted and analysed per second and what is still waiting', () => {
    // Prepare
    const before = sample(Date.UTC(2026, 0, 1, 10, 0, 0), { requests: 10, accepted: 100, analysed: 50 });
    const after = sample(Date.UTC(2026, 0, 1, 10, 0, 5), {
      requests: 60,
      serverErrors: 2,
      accepted: 2600,
      analysed: 2050,
      backlog: { queued: 540, inFlight: 10, oldestWaitingSeconds: 1.26, deadLetters: 1 },
    });
    // Act
    const line = formatProgress(before, after);
    // Assess
    expect(line).toBe(
      '10:00:05  requests 50 (2 failed)  ·  accepted 2,500 (500/s)  ·  analysed 2,000 (400/s)  ·  ' +
        'backlog 540 queued, 10 in flight, oldest 1.3 s, 1 dead letters',
    );
  });

  it('prints nothing while the stack is idle', () => {
    // Act
    const line = formatProgress(sample(0, { requests: 5 }), sample(5000, { requests: 5 }));
    // Assess
    expect(line).toBeUndefined();
  });
});
