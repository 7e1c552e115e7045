/**
 * Koe's business metrics (CloudWatch namespace `Koe`, dimension `service`), named once for the
 * handlers that emit them and the CDK dashboard that draws them. No imports: infra reads this file.
 */
export const METRIC_NAMESPACE = 'Koe';
/** Powertools' default dimension; POWERTOOLS_SERVICE_NAME on every function. */
export const METRIC_SERVICE = 'koe';

export const BUSINESS_METRICS = {
  /** Feedback items and conversations analyzed (Count). */
  itemsAnalyzed: 'ItemsAnalyzed',
  /** Documents Comprehend failed on, kept with the local analysis (Count). */
  comprehendFallbacks: 'ComprehendFallbacks',
  /** Digests that could not be sent (Count). */
  digestsFailed: 'DigestsFailed',
  /** Critical-item and pain-point spike alerts sent (Count). */
  alertsSent: 'AlertsSent',
} as const;
