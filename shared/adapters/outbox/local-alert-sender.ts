import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Alert, AlertSender } from '../../alerts/ports.js';
import { toSlackPayload } from '../../alerts/slack-payload.js';

/** Where local alerts go: a folder (one JSON file per alert) and/or a webhook. */
export interface LocalAlertSenderOptions {
  /** `<dataDir>/outbox/alerts`; absent = no files. */
  outboxDir?: string | undefined;
  webhookUrl?: string | undefined;
  /** `slack` (`{text, blocks}`, default) or `json` (the alert as is). */
  webhookFormat?: 'slack' | 'json';
  fetch?: typeof fetch;
}

/** The local stack's alert channel: outbox files and an optional webhook; throws if any configured target fails. */
export class LocalAlertSender implements AlertSender {
  constructor(private readonly options: LocalAlertSenderOptions) {}

  async send(alert: Alert): Promise<void> {
    const { outboxDir, webhookUrl, webhookFormat = 'slack' } = this.options;
    if (outboxDir) {
      await mkdir(outboxDir, { recursive: true });
      const name = `${alert.at.replace(/[:.]/g, '-')}-${alert.id}.json`;
      await writeFile(join(outboxDir, name), `${JSON.stringify(alert, null, 2)}\n`);
    }
    if (webhookUrl) {
      const body = webhookFormat === 'slack' ? toSlackPayload(alert) : alert;
      const res = await (this.options.fetch ?? fetch)(webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(5_000),
      });
      if (!res.ok) throw new Error(`alert webhook answered ${res.status}`);
    }
  }
}
