import type { Alert } from './ports.js';

/** A Slack-compatible incoming-webhook message for an alert: `text` for notifications, `blocks` for layout. */
export const toSlackPayload = (alert: Alert) => {
  const headline = `:rotating_light: ${alert.level.toUpperCase()} feedback ${alert.id} (${alert.channel}, ${alert.source})`;
  const reasons = alert.reasons.map(
    (r) => `• *${r.code}*${r.excerpt ? ` — “${r.excerpt}”` : r.detail ? ` — ${r.detail}` : ''}`,
  );
  return {
    text: `${headline}${alert.link ? ` ${alert.link}` : ''}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: `${alert.level.toUpperCase()} feedback needs attention` } },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `*${alert.id}* · ${alert.channel} · ${alert.source} · score ${alert.score ?? '–'}`,
        },
      },
      ...(reasons.length ? [{ type: 'section', text: { type: 'mrkdwn', text: reasons.join('\n') } }] : []),
      ...(alert.link
        ? [
            {
              type: 'actions',
              elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in Koe' }, url: alert.link }],
            },
          ]
        : []),
    ],
  };
};
