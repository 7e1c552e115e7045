import { DynamoFeedbackStore } from '../../shared/adapters/dynamo/feedback-store.js';
import { DynamoRollupStore } from '../../shared/adapters/dynamo/rollup-store.js';
import { DynamoTrendStore } from '../../shared/adapters/dynamo/trend-store.js';
import type { DigestRenderer } from '../../shared/reports/delivery-ports.js';
import type { Config } from './config.js';
import type { Platform } from './platform.js';

/**
 * The digest renderer over the table's figures. echarts and resvg load on the first render (most of a
 * second of CPU), not at every start: the local stack starts fast and a Lambda's init stays small.
 */
export const digestRenderer = (config: Config, platform: Pick<Platform, 'dynamo' | 'now'>): DigestRenderer => {
  const deps = {
    rollups: new DynamoRollupStore(platform.dynamo, config.TABLE_NAME),
    trends: new DynamoTrendStore(platform.dynamo, config.TABLE_NAME),
    items: new DynamoFeedbackStore(platform.dynamo, config.TABLE_NAME),
    now: platform.now,
  };
  let renderer: Promise<DigestRenderer> | undefined;
  return async (request) => {
    renderer ??= Promise.all([
      import('../../shared/reports/digest-renderer.js'),
      import('../../shared/adapters/charts/resvg-charts.js'),
    ]).then(([m, charts]) => m.makeDigestRenderer(deps, charts.resvgChartRenderer()));
    return (await renderer)(request);
  };
};

/** How digests are rendered and sent, for the two functions that send them (`report`, `subscriptions`). */
export const digestDelivery = (
  config: Config,
  platform: Pick<Platform, 'dynamo' | 'now' | 'mailer' | 'defaultMailFrom'>,
) => ({
  render: digestRenderer(config, platform),
  mailer: platform.mailer,
  from: config.KOE_MAIL_FROM ?? platform.defaultMailFrom,
  dashboardUrl: config.DASHBOARD_URL,
});
