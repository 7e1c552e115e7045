import type { Config } from '../lib/config.js';
import { digestRenderer } from '../lib/digest-delivery.js';
import type { Platform } from '../lib/platform.js';
import type { DigestPreviewDeps } from './handler.js';

/** functions/digest-preview's dependencies, on AWS and locally. */
export const digestPreviewDeps = (config: Config, platform: Pick<Platform, 'dynamo' | 'now'>): DigestPreviewDeps => ({
  render: digestRenderer(config, platform),
  timezone: config.KOE_TIMEZONE,
  ...(config.DASHBOARD_URL ? { dashboardUrl: config.DASHBOARD_URL } : {}),
  now: platform.now,
});
