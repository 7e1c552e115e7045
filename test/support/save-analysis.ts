import type { Analysis } from '../../shared/analysis/types.js';
import type { FeedbackStore } from '../../shared/feedback/ports.js';
import { triageAfterAnalysis } from '../../shared/triage/effective.js';
import { DEFAULT_SLA, type SlaMinutes } from '../../shared/triage/sla.js';

/** Seeds an analysis as the analyze use case writes it: read, triage decided from it, one compare-and-set write. */
export const saveAnalysisFor = async (
  store: Pick<FeedbackStore, 'get' | 'saveAnalysis'>,
  id: string,
  revision: number,
  analysis: Analysis,
  analyzedAt: string,
  sla: SlaMinutes = DEFAULT_SLA,
): Promise<boolean> => {
  const item = await store.get(id);
  if (!item || item.revision !== revision || (item.analyzedRevision ?? 0) >= revision) return false;
  const triage = triageAfterAnalysis(item.triage, analysis, item.receivedAt, sla);
  return store.saveAnalysis(item, analysis, triage, analyzedAt);
};
