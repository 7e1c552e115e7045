import type { TaxonomyStore } from '../themes/promotion.js';
import type { ChartRenderer } from './charts.js';
import type { DigestRenderer } from './delivery-ports.js';
import type { DigestLanguage } from './digest.js';
import { type GatherDigestDeps, type GatherOptions, gatherDigest } from './gather-digest.js';
import { type RenderOptions, renderDigest } from './render-digest.js';

/** Names of the installation's promoted topics in the digest's language (the default taxonomy names its own). */
const promotedLabels = async (
  taxonomy: Pick<TaxonomyStore, 'get'> | undefined,
  language: DigestLanguage,
): Promise<Record<string, string>> =>
  taxonomy
    ? Object.fromEntries(
        (await taxonomy.get()).topics.map((t) => [t.id, language === 'ja' ? (t.labelJa ?? t.label) : t.label]),
      )
    : {};

/**
 * The content side as delivery sees it: gather the figures, then render HTML, text and PNG charts.
 * With `taxonomy`, topics promoted from discovered themes are named by their labels.
 */
export const makeDigestRenderer =
  (
    deps: GatherDigestDeps & { taxonomy?: Pick<TaxonomyStore, 'get'> },
    charts: ChartRenderer,
    options: { gather?: GatherOptions; render?: RenderOptions } = {},
  ): DigestRenderer =>
  async (request) =>
    renderDigest(await gatherDigest(request, deps, options.gather), request, charts, {
      ...options.render,
      topicLabels: { ...(await promotedLabels(deps.taxonomy, request.language)), ...options.render?.topicLabels },
    });
