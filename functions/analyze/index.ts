import { ComprehendClient } from '@aws-sdk/client-comprehend';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createKoeRules } from '../../shared/adapters/comprehend/rules.js';
import { createAnalyzer } from '../../shared/adapters/create-analyzer.js';
import { DynamoAlertMarks } from '../../shared/adapters/dynamo/alert-marks.js';
import { DynamoFeedbackStore } from '../../shared/adapters/dynamo/feedback-store.js';
import { createLocalAnalyzer } from '../../shared/analysis/local-analyzer.js';
import { parseSla } from '../../shared/triage/sla.js';
import { loadConfig } from '../lib/config.js';
import { logger } from '../lib/powertools.js';
import { snsAlerts } from './alerts.js';
import { makeHandler } from './handler.js';

const config = loadConfig();
const dynamo = new DynamoDBClient({});
const store = new DynamoFeedbackStore(dynamo, config.TABLE_NAME);
const analyzer = createAnalyzer(config.ANALYZER_MODE, {
  local: createLocalAnalyzer({
    ...(config.KUROMOJI_DICT_PATH ? { kuromojiDictPath: config.KUROMOJI_DICT_PATH } : {}),
    onStageError: (stage, error) => logger.warn('analysis stage failed', { stage, error: (error as Error).name }),
  }),
  ...(config.ANALYZER_MODE === 'local' ? {} : { comprehend: new ComprehendClient({}), rules: createKoeRules() }),
  hybridThreshold: config.HYBRID_CONFIDENCE_THRESHOLD,
  onRemoteError: (error, documents) =>
    logger.warn('comprehend failed; kept the local analysis', { error: (error as Error).name, documents }),
});

export const handler = makeHandler({
  store,
  analyzer,
  sla: parseSla(config.KOE_SLA_MINUTES),
  now: () => new Date(),
  maxReceiveCount: config.ANALYSIS_MAX_RECEIVE_COUNT,
  alerts: snsAlerts(config, new DynamoAlertMarks(dynamo, config.TABLE_NAME)),
});
