import { describe, expect, it } from 'vitest';
import {
  ALERT_LEASE_MS,
  AlertInProgressError,
  alertIfCritical,
  buildAlert,
} from '../../../shared/alerts/alert-critical.js';
import type { Alert, AlertSender } from '../../../shared/alerts/ports.js';
import { toSlackPayload } from '../../../shared/alerts/slack-payload.js';
import type { FeedbackItem } from '../../../shared/feedback/model.js';
import { analysisOf, itemOf } from '../../support/analysis-fixture.js';

const AT = '2026-11-22T09:00:05.000Z';

/** A critical item whose raw text had an e-mail address and a phone number (redacted at ingest). */
const criticalItem = (): FeedbackItem => {
  const item = itemOf('My charger caught fire! Call 090-1234-5678 or mail taro@example.jp now.', `c-${Math.random()}`);
  const start = item.text.indexOf('caught fire');
  const analysis = analysisOf('critical', {
    score: 97,
    reasons: [
      { code: 'safety_hazard', level: 'critical', evidence: { start, end: start + 'caught fire'.length } },
      { code: 'low_nps', level: 'high', detail: 'NPS 0' },
    ],
  });
  return {
    ...item,
    customer: { id: 'cust-42', tier: 'gold' },
    status: 'analyzed',
    analysis,
    triage: { status: 'open', level: 'critical', score: 97 },
  };
};

/** In-memory store with the alert marks' semantics (conditional lease, confirmation, conditional clear). */
const memoryStore = (item: FeedbackItem) => ({
  item,
  async get(id: string) {
    return id === item.id ? structuredClone(this.item) : undefined;
  },
  async markAlerted(_id: string, at: string, staleBefore: string) {
    if (this.item.alertSentAt || (this.item.alertedAt && this.item.alertedAt >= staleBefore)) return false;
    this.item.alertedAt = at;
    return true;
  },
  async confirmAlerted(_id: string, at: string, sentAt: string) {
    if (this.item.alertedAt === at) this.item.alertSentAt ??= sentAt;
  },
  async clearAlerted(_id: string, at: string) {
    if (this.item.alertedAt === at) delete this.item.alertedAt;
  },
});

class RecordingSender implements AlertSender {
  sent: Alert[] = [];
  failures = 0;
  async send(alert: Alert) {
    if (this.failures > 0) {
      this.failures--;
      throw new Error('webhook down');
    }
    this.sent.push(alert);
  }
}

describe('buildAlert', () => {
  it('carries level, reason codes with excerpts of the redacted text and a dashboard link, and no personal data', () => {
    // Act
    const alert = buildAlert(criticalItem(), AT, 'https://koe.example.com/');
    // Assess
    expect(alert.level).toBe('critical');
    expect(alert.reasons).toEqual([
      { code: 'safety_hazard', level: 'critical', excerpt: 'caught fire' },
      { code: 'low_nps', level: 'high', detail: 'NPS 0' },
    ]);
    expect(alert.link).toBe(`https://koe.example.com/#/items/${alert.id}`);
    const text = JSON.stringify([alert, toSlackPayload(alert)]);
    expect(text).not.toContain('090-1234-5678');
    expect(text).not.toContain('taro@example.jp');
    expect(text).not.toContain('cust-42');
  });

  it('formats a Slack-compatible message with text and blocks', () => {
    const payload = toSlackPayload(buildAlert(criticalItem(), AT, 'https://koe.example.com'));
    expect(payload.text).toContain('CRITICAL');
    expect(payload.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'actions']);
    expect(JSON.stringify(payload.blocks)).toContain('safety_hazard');
  });
});

describe('alertIfCritical', () => {
  it('alerts a critical item once however often it is asked', async () => {
    // Prepare
    const store = memoryStore(criticalItem());
    const sender = new RecordingSender();
    const deps = { store, sender, now: () => new Date(AT) };
    // Act
    const outcomes = [
      await alertIfCritical(structuredClone(store.item), deps),
      await alertIfCritical(structuredClone(store.item), deps),
    ];
    // Assess
    expect(outcomes).toEqual(['alerted', 'already-alerted']);
    expect(sender.sent).toHaveLength(1);
    expect(store.item.alertSentAt).toBe(AT);
  });

  it('asks for a retry while another delivery holds a fresh lease, and takes over a stale one', async () => {
    // Prepare: a sender took the lease 10 s ago and has not confirmed (busy, or crashed).
    const item = { ...criticalItem(), alertedAt: '2026-11-22T08:59:55.000Z' };
    const store = memoryStore(item);
    const sender = new RecordingSender();
    // Act
    const whileFresh = alertIfCritical(structuredClone(store.item), { store, sender, now: () => new Date(AT) });
    await expect(whileFresh).rejects.toBeInstanceOf(AlertInProgressError);
    const later = new Date(Date.parse(AT) + ALERT_LEASE_MS);
    const afterExpiry = await alertIfCritical(structuredClone(store.item), { store, sender, now: () => later });
    // Assess
    expect(afterExpiry).toBe('alerted');
    expect(sender.sent).toHaveLength(1);
    expect(store.item.alertSentAt).toBe(later.toISOString());
  });

  it('clears the mark and throws when sending fails, so the retry sends it', async () => {
    // Prepare
    const store = memoryStore(criticalItem());
    const sender = new RecordingSender();
    sender.failures = 1;
    const deps = { store, sender, now: () => new Date(AT) };
    // Act
    const first = alertIfCritical(structuredClone(store.item), deps);
    await expect(first).rejects.toThrow('webhook down');
    const markAfterFailure = store.item.alertedAt;
    const retry = await alertIfCritical(structuredClone(store.item), deps);
    // Assess
    expect(markAfterFailure).toBeUndefined();
    expect(retry).toBe('alerted');
    expect(sender.sent).toHaveLength(1);
  });

  it('does not alert for an item below critical', async () => {
    const item = { ...criticalItem(), triage: { status: 'open' as const, level: 'high' as const, score: 70 } };
    const sender = new RecordingSender();
    expect(await alertIfCritical(item, { store: memoryStore(item), sender, now: () => new Date(AT) })).toBe(
      'not-critical',
    );
    expect(sender.sent).toHaveLength(0);
  });
});
