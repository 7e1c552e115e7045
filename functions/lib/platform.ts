import type { ComprehendClient } from '@aws-sdk/client-comprehend';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AlertSender } from '../../shared/alerts/ports.js';
import type { SpikeAlerter } from '../../shared/alerts/spike-alerter.js';
import type { PseudonymKey } from '../../shared/feedback/ids.js';
import type { AnalysisBacklogSource, AnalysisQueue, DeadLetterQueue } from '../../shared/feedback/ports.js';
import type { Mailer } from '../../shared/reports/delivery-ports.js';

/**
 * What differs between AWS and the local stack: the I/O a function's deps builder (functions/<fn>/deps.ts)
 * is given. Everything else — stores, settings read from config (SLA, timezone, dashboard URL, …) — the
 * builder derives from the config itself, once, for both. A builder asks only for the parts it uses
 * (`Pick<Platform, …>`), so a Lambda's index.ts builds (and bundles) only those.
 */
export interface Platform {
  dynamo: DynamoDBClient;
  now: () => Date;
  /** SQS on AWS, the in-process queue locally. */
  analysisQueue: AnalysisQueue;
  /** The analysis queue's dead letters (list, replay). */
  deadLetters: DeadLetterQueue;
  /** The analysis backlog (/v1/status; /health locally): SQS counters on AWS, the in-process queue locally. */
  analysisBacklog?: AnalysisBacklogSource;
  /** Keys customer-id pseudonyms: KOE_PSEUDONYM_KEY or its SSM parameter (AWS), else the data folder's key file. */
  pseudonymKey: PseudonymKey;
  /** Critical-item alerts: SNS on AWS when ALERTS_TOPIC_ARN is set, the outbox (and webhook) locally. */
  alertSender?: AlertSender | undefined;
  /** Pain-point spike alerts. */
  spikeAlerter: SpikeAlerter;
  /** Digest e-mail: SES v2 on AWS (refusing, saying why, without a sender), the outbox (and SMTP) locally. */
  mailer: Mailer;
  /** Sender when KOE_MAIL_FROM is unset. */
  defaultMailFrom: string;
  /** Comprehend, for ANALYZER_MODE comprehend and hybrid (AWS). */
  comprehend?: ComprehendClient | undefined;
}
