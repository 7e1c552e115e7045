import type { DigestRenderer } from '../../shared/reports/delivery-ports.js';
import { parsePreviewRequest } from '../../shared/reports/preview-request.js';
import { httpHandler } from '../lib/handlers.js';
import { json, readJsonBody } from '../lib/http.js';
import { logger } from '../lib/powertools.js';

/** What the preview route needs: the content side (gather + render), the defaults, a clock. */
export interface DigestPreviewDeps {
  render: DigestRenderer;
  timezone: string;
  dashboardUrl?: string;
  now: () => Date;
}

/** POST /v1/reports/preview (admin): one digest rendered now, images base64 encoded; nothing is sent. */
export const makeHandler = (deps: DigestPreviewDeps) =>
  httpHandler(async (event) => {
    const request = parsePreviewRequest(
      event.body ? readJsonBody(event) : {},
      { timezone: deps.timezone, ...(deps.dashboardUrl ? { dashboardUrl: deps.dashboardUrl } : {}) },
      deps.now(),
    );
    const started = Date.now();
    const digest = await deps.render(request);
    logger.info('digest preview', {
      period: request.period.key,
      language: request.language,
      empty: digest.empty,
      images: digest.images.length,
      ms: Date.now() - started,
    });
    return json(200, {
      period: request.period,
      digest: { ...digest, images: digest.images.map((i) => ({ ...i, content: i.content.toString('base64') })) },
    });
  });
