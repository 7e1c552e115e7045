import type { ChartRenderer } from './charts.js';
import type { DigestRenderer } from './delivery-ports.js';
import { type GatherDigestDeps, type GatherOptions, gatherDigest } from './gather-digest.js';
import { type RenderOptions, renderDigest } from './render-digest.js';

/** The content side as delivery sees it: gather the figures, then render HTML, text and PNG charts. */
export const makeDigestRenderer =
  (
    deps: GatherDigestDeps,
    charts: ChartRenderer,
    options: { gather?: GatherOptions; render?: RenderOptions } = {},
  ): DigestRenderer =>
  async (request) =>
    renderDigest(await gatherDigest(request, deps, options.gather), request, charts, options.render);
