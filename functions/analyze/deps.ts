import { createKoeRules } from '../../shared/adapters/comprehend/rules.js';
import { createAnalyzer } from '../../shared/adapters/create-analyzer.js';
import { DynamoAlertMarks } from '../../shared/adapters/dynamo/alert-marks.js';
import { DynamoFeedbackStore } from '../../shared/adapters/dynamo/feedback-store.js';
import { DynamoTaxonomyStore } from '../../shared/adapters/dynamo/taxonomy-store.js';
import { loadJapaneseTokenizer } from '../../shared/analysis/japanese/tokenizer.js';
import { createLocalAnalyzer } from '../../shared/analysis/local-analyzer.js';
import { loadModels } from '../../shared/analysis/model/load.js';
import { installationAnalyzer } from '../../shared/themes/promotion.js';
import { parseSla } from '../../shared/triage/sla.js';
import type { Config } from '../lib/config.js';
import type { Platform } from '../lib/platform.js';
import { logger } from '../lib/powertools.js';
import type { AnalyzeHandlerDeps } from './handler.js';

/** functions/analyze's dependencies, on AWS and locally: the analyzer the mode names, the SLA, alerts. */
export const analyzeDeps = (
  config: Config,
  platform: Pick<Platform, 'dynamo' | 'now' | 'alertSender' | 'comprehend'>,
): AnalyzeHandlerDeps => {
  const models = loadModels(config.KOE_MODEL_DIR, (message) => logger.warn(message));
  // The installation's taxonomy: Koe's default plus the topics promoted from discovered themes.
  const local = installationAnalyzer(
    (taxonomy) =>
      createLocalAnalyzer({
        ...(config.KUROMOJI_DICT_PATH ? { kuromojiDictPath: config.KUROMOJI_DICT_PATH } : {}),
        onStageError: (stage, error) => logger.warn('analysis stage failed', { stage, error: (error as Error).name }),
        models,
        taxonomy,
      }),
    new DynamoTaxonomyStore(platform.dynamo, config.TABLE_NAME),
    { onError: (error) => logger.warn('taxonomy read failed; kept the current one', { error: (error as Error).name }) },
  );
  const analyzer = createAnalyzer(config.ANALYZER_MODE, {
    local,
    ...(config.ANALYZER_MODE === 'local' ? {} : { comprehend: platform.comprehend, rules: createKoeRules() }),
    hybridThreshold: config.HYBRID_CONFIDENCE_THRESHOLD,
    onRemoteError: (error, documents) =>
      logger.warn('comprehend failed; kept the local analysis', { error: (error as Error).name, documents }),
  });
  return {
    store: new DynamoFeedbackStore(platform.dynamo, config.TABLE_NAME),
    analyzer,
    // The same dictionary (and, loaded once per process, the same tokenizer) as the local analyzer's.
    japanese: () => loadJapaneseTokenizer(config.KUROMOJI_DICT_PATH ? { dictPath: config.KUROMOJI_DICT_PATH } : {}),
    sla: parseSla(config.KOE_SLA_MINUTES),
    now: platform.now,
    maxReceiveCount: config.ANALYSIS_MAX_RECEIVE_COUNT,
    // Without a sender (no ALERTS_TOPIC_ARN on AWS) analysis alerts no one.
    alerts: platform.alertSender
      ? {
          store: new DynamoAlertMarks(platform.dynamo, config.TABLE_NAME),
          sender: platform.alertSender,
          dashboardUrl: config.DASHBOARD_URL,
        }
      : undefined,
  };
};
