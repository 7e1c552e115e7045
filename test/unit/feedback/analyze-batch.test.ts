import { describe, expect, it } from 'vitest';
import type { AlertMarks, AlertSender } from '../../../shared/alerts/ports.js';
import type { Analysis, AnalysisInput, Analyzer, UrgencyLevel } from '../../../shared/analysis/types.js';
import { type AnalysisDelivery, analyzeBatch } from '../../../shared/feedback/analyze.js';
import type { FeedbackItem, TriageState } from '../../../shared/feedback/model.js';
import type { FeedbackStore } from '../../../shared/feedback/ports.js';
import { analysisOf, itemOf } from '../../support/analysis-fixture.js';

const NOW = new Date('2026-11-22T10:00:00.000Z');

/** An in-memory store with the compare-and-set semantics of the Dynamo store, counting what it is asked. */
const memoryStore = (items: FeedbackItem[]) => {
  const byId = new Map(items.map((i) => [i.id, structuredClone(i)]));
  const calls = { get: 0, getMany: 0, saveAnalysis: 0, markFailed: 0 };
  const store: Pick<FeedbackStore, 'get' | 'getMany' | 'saveAnalysis' | 'markFailed'> & AlertMarks = {
    async get(id) {
      calls.get++;
      return structuredClone(byId.get(id));
    },
    async getMany(ids) {
      calls.getMany++;
      return new Map(ids.flatMap((id) => (byId.has(id) ? [[id, structuredClone(byId.get(id)!)] as const] : [])));
    },
    async saveAnalysis(read, analysis: Analysis, triage: TriageState, analyzedAt) {
      calls.saveAnalysis++;
      const current = byId.get(read.id);
      if (
        !current ||
        current.revision !== read.revision ||
        (current.analyzedRevision ?? 0) >= read.revision ||
        current.triage.version !== read.triage.version
      )
        return false;
      byId.set(read.id, {
        ...current,
        status: 'analyzed',
        analysis,
        analyzedRevision: read.revision,
        analyzedAt,
        triage,
      });
      return true;
    },
    async markFailed(id, revision, reason) {
      calls.markFailed++;
      const current = byId.get(id);
      if (current && current.revision === revision && current.status !== 'analyzed')
        byId.set(id, { ...current, status: 'failed', failure: reason });
    },
    async markAlerted(id, at) {
      const current = byId.get(id)!;
      if (current.alertSentAt || current.alertedAt) return false;
      current.alertedAt = at;
      return true;
    },
    async confirmAlerted(id, _at, sentAt) {
      byId.get(id)!.alertSentAt = sentAt;
    },
    async clearAlerted(id) {
      delete byId.get(id)!.alertedAt;
    },
  };
  return { store, calls, byId };
};

/** An analyzer that answers by keyword and records each call's inputs. */
const fakeAnalyzer = (fails: (text: string) => boolean = () => false) => {
  const calls: AnalysisInput[][] = [];
  const analyzer: Analyzer = {
    name: 'fake',
    version: '1',
    analyze: async (inputs) => {
      calls.push(inputs);
      if (inputs.some((i) => fails(i.text))) throw new Error('analyzer broke');
      return inputs.map((i) => {
        const level: UrgencyLevel = i.text.includes('fire') ? 'critical' : 'normal';
        return analysisOf(level, { score: level === 'critical' ? 97 : 40 });
      });
    },
  };
  return { analyzer, calls };
};

const delivery = (item: FeedbackItem, attempt = 1): AnalysisDelivery => ({
  message: { id: item.id, revision: item.revision },
  attempt,
});

describe('analyzeBatch', () => {
  it('reads the batch once, analyzes it in one call and writes each item once', async () => {
    // Prepare
    const items = ['Late again.', 'Fine, thanks.', 'Refund me.'].map((t, i) => itemOf(t, `b-${i}`));
    const { store, calls, byId } = memoryStore(items);
    const { analyzer, calls: analyzerCalls } = fakeAnalyzer();
    // Act
    const results = await analyzeBatch(
      items.map((i) => delivery(i)),
      { store, analyzer, now: () => NOW, maxReceiveCount: 5 },
    );
    // Assess
    expect(results.map((r) => r.ok && r.outcome)).toEqual(['analyzed', 'analyzed', 'analyzed']);
    expect(analyzerCalls.map((c) => c.length)).toEqual([3]);
    expect(calls).toEqual({ get: 0, getMany: 1, saveAnalysis: 3, markFailed: 0 });
    expect([...byId.values()].map((i) => i.triage)).toEqual(
      items.map(() => expect.objectContaining({ status: 'open', level: 'normal', score: 40, version: 1 })),
    );
  });

  it('alerts a critical item from what it just wrote, reading nothing again', async () => {
    // Prepare
    const item = itemOf('The charger caught fire!', 'fire');
    const { store, calls, byId } = memoryStore([item]);
    const sent: string[] = [];
    const sender: AlertSender = { send: async (alert) => void sent.push(alert.id) };
    // Act
    const [result] = await analyzeBatch([delivery(item)], {
      store,
      analyzer: fakeAnalyzer().analyzer,
      now: () => NOW,
      maxReceiveCount: 5,
      alerts: { store, sender },
    });
    // Assess
    expect(result).toEqual({ ok: true, outcome: 'analyzed', alert: 'alerted' });
    expect(sent).toEqual([item.id]);
    expect(calls.get).toBe(0);
    expect(byId.get(item.id)?.alertSentAt).toBe(NOW.toISOString());
  });

  it('analyzes the same message twice in one batch once, and says so once', async () => {
    const item = itemOf('Late again.', 'twice');
    const { store, calls } = memoryStore([item]);
    const results = await analyzeBatch([delivery(item), delivery(item, 2)], {
      store,
      analyzer: fakeAnalyzer().analyzer,
      now: () => NOW,
      maxReceiveCount: 5,
    });
    expect(results.map((r) => r.ok && r.outcome)).toEqual(['analyzed', 'already-analyzed']);
    expect(calls.saveAnalysis).toBe(1);
  });

  it('fails only the record the analyzer cannot take, and marks it failed at its last attempt', async () => {
    // Prepare
    const good = itemOf('Fine.', 'good');
    const bad = itemOf('POISON', 'bad');
    const { store, byId } = memoryStore([good, bad]);
    const { analyzer, calls } = fakeAnalyzer((t) => t.includes('POISON'));
    // Act
    const first = await analyzeBatch([delivery(good), delivery(bad, 1)], {
      store,
      analyzer,
      now: () => NOW,
      maxReceiveCount: 3,
    });
    const statusAfterFirst = byId.get(bad.id)?.status;
    const last = await analyzeBatch([delivery(bad, 3)], { store, analyzer, now: () => NOW, maxReceiveCount: 3 });
    // Assess: one batch call, then each alone; the good one is analyzed, the bad one fails alone
    expect(calls.map((c) => c.length)).toEqual([2, 1, 1, 1]);
    expect(first.map((r) => r.ok)).toEqual([true, false]);
    expect(statusAfterFirst).toBe('queued');
    expect(last).toEqual([expect.objectContaining({ ok: false, final: true })]);
    expect(byId.get(bad.id)?.status).toBe('failed');
    expect(byId.get(good.id)?.status).toBe('analyzed');
  });

  it('re-reads and decides again when a triage change lands between the read and the write: the override wins', async () => {
    // Prepare: a manager overrides the level while the batch is being analyzed
    const item = itemOf('The charger caught fire!', 'race');
    const { store, byId } = memoryStore([item]);
    const analyzer: Analyzer = {
      name: 'slow',
      version: '1',
      analyze: async (inputs) => {
        const current = byId.get(item.id)!;
        byId.set(item.id, {
          ...current,
          triage: {
            ...current.triage,
            override: { level: 'low', reason: 'a joke', by: 'alice', at: NOW.toISOString() },
            version: 1,
          },
        });
        return fakeAnalyzer().analyzer.analyze(inputs);
      },
    };
    // Act
    const [result] = await analyzeBatch([delivery(item)], { store, analyzer, now: () => NOW, maxReceiveCount: 5 });
    // Assess
    expect(result).toEqual({ ok: true, outcome: 'analyzed' });
    expect(byId.get(item.id)?.triage).toMatchObject({ level: 'low', score: 97, version: 2 });
  });

  it('skips a superseded revision and a missing item without analyzing them', async () => {
    const item = { ...itemOf('Late.', 'old'), revision: 2 };
    const { store } = memoryStore([item]);
    const { analyzer, calls } = fakeAnalyzer();
    const results = await analyzeBatch(
      [
        { message: { id: item.id, revision: 1 }, attempt: 1 },
        { message: { id: 'fb_missing', revision: 1 }, attempt: 1 },
      ],
      { store, analyzer, now: () => NOW, maxReceiveCount: 5 },
    );
    expect(results.map((r) => r.ok && r.outcome)).toEqual(['superseded', 'missing']);
    expect(calls).toHaveLength(0);
  });
});
