import { NotFoundError } from '../../shared/errors.js';
import { parseMetricsQuery } from '../../shared/rollups/metrics-query.js';
import { readMetrics } from '../../shared/rollups/read-metrics.js';
import { parseRerunRequest, rerunRollups } from '../../shared/rollups/rerun-rollups.js';
import type { RollupDeps } from '../../shared/rollups/roll-up-period.js';
import { promoteTheme, type TaxonomyStore } from '../../shared/themes/promotion.js';
import type { TrendStore } from '../../shared/trends/ports.js';
import { parseTrendsQuery, readTrends } from '../../shared/trends/read-trends.js';
import { httpHandler } from '../lib/handlers.js';
import { json, readJsonBody } from '../lib/http.js';
import { logger } from '../lib/powertools.js';

/** What the metrics routes need: roll-up and trend storage, items (for re-runs), a clock, the time zone. */
export interface MetricsDeps extends RollupDeps {
  trends: TrendStore;
  /** The installation's promoted topics. */
  taxonomy: TaxonomyStore;
  timezone: string;
  /** Time one re-run call spends on days before it answers with `next` [RERUN_BUDGET_MS]. */
  budgetMs?: number;
}

/**
 * GET /v1/metrics and GET /v1/trends (read side of roll-ups); POST /v1/rollups/run (admin re-roll);
 * POST /v1/themes/promote (admin: a discovered theme becomes a taxonomy topic) and
 * GET /v1/taxonomy/promoted (the promoted topics).
 */
export const makeHandler = (deps: MetricsDeps) =>
  httpHandler(async (event) => {
    const params = event.queryStringParameters ?? {};
    switch (event.routeKey) {
      case 'GET /v1/metrics':
        return json(200, await readMetrics(parseMetricsQuery(params, deps.timezone, deps.now()), deps));
      case 'GET /v1/trends': {
        const query = parseTrendsQuery(params, deps.timezone);
        const trends = await readTrends(query, deps.timezone, deps);
        return json(200, { timezone: deps.timezone, granularity: query.granularity, trends });
      }
      case 'POST /v1/rollups/run': {
        const request = parseRerunRequest(event.body ? readJsonBody(event) : {}, deps.timezone, deps.now());
        const outcome = await rerunRollups(request, deps.timezone, deps);
        logger.info('roll-up re-run', {
          from: outcome.from,
          to: outcome.to,
          days: outcome.days.length,
          composites: outcome.composites.length,
          next: outcome.next,
        });
        return json(200, outcome);
      }
      case 'POST /v1/themes/promote': {
        const topic = await promoteTheme(readJsonBody(event), deps);
        logger.info('theme promoted', { id: topic.id, theme: topic.fromTheme });
        return json(201, { topic });
      }
      case 'GET /v1/taxonomy/promoted':
        return json(200, { topics: (await deps.taxonomy.get()).topics });
      default:
        throw new NotFoundError(`No route ${event.routeKey}`);
    }
  });
