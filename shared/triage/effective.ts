import type { Analysis } from '../analysis/types.js';
import type { TriageState } from '../feedback/model.js';
import { dueAt, type SlaMinutes } from './sla.js';

/**
 * The triage state after a (re-)analysis: the analyzer's level, topics and sentiment, except
 * where a manager's override says otherwise — an override always wins over the analyzer.
 */
export const triageAfterAnalysis = (
  current: TriageState | undefined,
  analysis: Analysis,
  receivedAt: string,
  sla: SlaMinutes,
): TriageState => {
  const override = current?.override;
  const level = override?.level ?? analysis.urgency.level;
  return {
    ...current,
    status: current?.status ?? 'open',
    level,
    score: analysis.urgency.score,
    topics: override?.topics ?? [...new Set(analysis.topics.map((t) => t.topic))],
    sentiment: override?.sentiment ?? analysis.sentiment.label,
    dueAt: dueAt(receivedAt, level, sla),
    version: (current?.version ?? 0) + 1,
  };
};
