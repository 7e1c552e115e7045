/**
 * Koe's business metrics (CloudWatch namespace `Koe`, dimension `service`), named once for the
 * handlers that report them (functions/lib/handlers.ts emits) and the CDK dashboard that draws them.
 * No imports: infra reads this file.
 */
export const METRIC_NAMESPACE = 'Koe';
/** Powertools' default dimension; POWERTOOLS_SERVICE_NAME on every function. */
export const METRIC_SERVICE = 'koe';

export const BUSINESS_METRICS = {
  /** Feedback items and conversations accepted for analysis (new or changed; duplicates not counted) (Count). */
  itemsIngested: 'ItemsIngested',
  /** Feedback items and conversations analyzed (Count). */
  itemsAnalyzed: 'ItemsAnalyzed',
  /** Documents Comprehend failed on, kept with the local analysis (hybrid mode) (Count). */
  comprehendFallbacks: 'ComprehendFallbacks',
  /** Digests sent, by the hourly job or on request (Count). */
  digestsSent: 'DigestsSent',
  /** Digests that could not be sent (recorded and retried) (Count). */
  digestsFailed: 'DigestsFailed',
  /** Critical-item and pain-point spike alerts sent (Count). */
  alertsSent: 'AlertsSent',
} as const;

/** A business metric's key in {@link BUSINESS_METRICS}. */
export type BusinessMetric = keyof typeof BUSINESS_METRICS;
