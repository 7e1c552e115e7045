import type { SpikeNotice } from './spike-alerter.js';

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

/** One line describing a spike, for e-mail subjects, logs and chat. Names the term, never feedback text. */
export const spikeHeadline = (notice: SpikeNotice): string =>
  `${notice.status === 'new' ? 'New' : 'Rising'} ${notice.kind === 'theme' ? 'discovered theme' : 'topic'} "${notice.label.replace(/^emergent:/, '')}" in ${notice.period}: ` +
  `${notice.count} mentions (${percent(notice.share)}), expected ${notice.expected.toFixed(1)} ` +
  `(${percent(notice.baselineShare)}), q=${notice.qValue.toPrecision(2)}`;

/** A Slack-compatible incoming-webhook message for a spike. */
export const spikeSlackPayload = (notice: SpikeNotice) => ({
  text: `:chart_with_upwards_trend: ${spikeHeadline(notice)}${notice.link ? ` ${notice.link}` : ''}`,
});
