import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SpikeAlerter, SpikeNotice } from '../../alerts/spike-alerter.js';
import { spikeHeadline, spikeSlackPayload } from '../../alerts/spike-message.js';

/** Where local spike alerts go: a folder (one JSON file each), a log line, and/or a webhook. */
export interface LocalSpikeAlerterOptions {
  /** `<dataDir>/outbox/spikes`; absent = no files. */
  outboxDir?: string | undefined;
  /** KOE_SPIKE_WEBHOOK_URL: receives a Slack-compatible `{text}` (or the notice as is with `json`). */
  webhookUrl?: string | undefined;
  webhookFormat?: 'slack' | 'json';
  log?: (message: string, fields: Record<string, unknown>) => void;
  fetch?: typeof fetch;
}

/** The local stack's spike channel: outbox files, a log line and an optional webhook; throws if a target fails. */
export class LocalSpikeAlerter implements SpikeAlerter {
  constructor(private readonly options: LocalSpikeAlerterOptions) {}

  async send(notice: SpikeNotice): Promise<void> {
    const { outboxDir, webhookUrl, webhookFormat = 'slack', log } = this.options;
    log?.(spikeHeadline(notice), { dedupKey: notice.dedupKey, period: notice.period, term: notice.term });
    if (outboxDir) {
      await mkdir(outboxDir, { recursive: true });
      const safe = notice.dedupKey.replace(/[^\p{L}\p{N}_-]+/gu, '_').slice(0, 120);
      await writeFile(
        join(outboxDir, `${notice.at.replace(/[:.]/g, '-')}-${safe}.json`),
        `${JSON.stringify(notice, null, 2)}\n`,
      );
    }
    if (webhookUrl) {
      const res = await (this.options.fetch ?? fetch)(webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(webhookFormat === 'slack' ? spikeSlackPayload(notice) : notice),
        signal: AbortSignal.timeout(5_000),
      });
      if (!res.ok) throw new Error(`spike webhook answered ${res.status}`);
    }
  }
}
