import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { NotFoundError, ValidationError } from '../../shared/errors.js';
import type { FeedbackStore } from '../../shared/feedback/ports.js';
import { installationTopicIds, type TaxonomyStore } from '../../shared/themes/promotion.js';
import { parseTriageCommand, performTriageAction } from '../../shared/triage/actions.js';
import { toLabelRow } from '../../shared/triage/labels.js';
import type { TriageStore } from '../../shared/triage/ports.js';
import type { SlaMinutes } from '../../shared/triage/sla.js';
import { actorOf } from '../lib/auth.js';
import { httpHandler } from '../lib/handlers.js';
import { json, readJsonBody } from '../lib/http.js';
import { logger } from '../lib/powertools.js';

/** What the triage routes need. */
export interface TriageHandlerDeps {
  store: Pick<FeedbackStore, 'get'> & TriageStore;
  sla: SlaMinutes;
  now: () => Date;
  /** The installation's promoted topics: an override may set them, labels name them. */
  taxonomy: Pick<TaxonomyStore, 'get'>;
}

const ACTION_ROUTE = /^POST \/v1\/feedback\/\{id\}\/(\w+)$/;

const bodyOf = (event: APIGatewayProxyEventV2) =>
  event.body === undefined || event.body === '' ? {} : readJsonBody(event);

const labelsLimit = (raw: string | undefined) => {
  const limit = raw === undefined ? 200 : Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500)
    throw new ValidationError('Invalid labels query', [
      { path: 'limit', message: 'must be a whole number from 1 to 500' },
    ]);
  return limit;
};

/** POST /v1/feedback/{id}/{claim|assign|acknowledge|resolve|override}, GET /v1/labels. */
export const makeHandler = (deps: TriageHandlerDeps) =>
  httpHandler(async (event) => {
    if (event.routeKey === 'GET /v1/labels') {
      const params = event.queryStringParameters ?? {};
      const [page, { topics: promoted }] = await Promise.all([
        deps.store.labelled(labelsLimit(params.limit), params.cursor),
        deps.taxonomy.get(),
      ]);
      const items = page.items.map((item) => toLabelRow(item, promoted));
      return json(200, { items, nextCursor: page.nextCursor ?? null });
    }
    const action = ACTION_ROUTE.exec(event.routeKey)?.[1];
    if (!action) throw new NotFoundError(`No route ${event.routeKey}`);
    const id = event.pathParameters?.id ?? '';
    const { topics: promoted } = await deps.taxonomy.get();
    const command = parseTriageCommand(action, bodyOf(event), installationTopicIds(promoted));
    const result = await performTriageAction(id, command, actorOf(event), deps);
    logger.info('triage action', { id, action, version: result.version, changed: result.changed });
    return json(200, result);
  });
