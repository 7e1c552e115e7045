import type { Mailer } from './delivery-ports.js';

/**
 * The mailer of a deployment with no sender configured: every send fails with `reason`, so the
 * subscriptions API still works and each due digest is recorded as failed with a message saying why.
 */
export class RefusingMailer implements Mailer {
  constructor(private readonly reason: string) {}

  async send(): Promise<never> {
    throw new Error(this.reason);
  }
}
