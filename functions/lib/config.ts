import { z } from 'zod';

/**
 * Every environment variable Koe reads, in one schema. Handlers call `loadConfig()` once at
 * module scope; a bad or missing variable fails fast with every problem listed.
 */
const schema = z.object({
  TABLE_NAME: z.string().min(1),
  /** SQS queue the ingest function sends ids to (AWS only; locally the in-process queue). */
  ANALYSIS_QUEUE_URL: z.string().url().optional(),
  /** Dead-letter queue of the analysis queue (AWS only), for `koe dlq`. */
  ANALYSIS_DLQ_URL: z.string().url().optional(),
  ANALYZER_MODE: z.enum(['local', 'comprehend', 'hybrid']).default('local'),
  /** Deliveries before a message is dead-lettered; must match the queue's redrive policy. */
  ANALYSIS_MAX_RECEIVE_COUNT: z.coerce.number().int().min(1).default(5),
  /** Hybrid mode sends a comment to Comprehend when the local confidence is below this. */
  HYBRID_CONFIDENCE_THRESHOLD: z.coerce.number().min(0).max(1).default(0.5),
  /** Folder of kuromoji's dictionary where the bundle ships it beside the code (AWS); default node_modules. */
  KUROMOJI_DICT_PATH: z.string().min(1).optional(),
  /** IANA timezone for days, weeks and months in roll-ups and schedules. */
  KOE_TIMEZONE: z.string().default('UTC'),
  /** Discovered themes kept per roll-up row (and as topic rows); the long tail is summed (docs/data-model.md). */
  KOE_TOP_THEMES: z.coerce.number().int().min(10).max(1000).default(200),
  /** Public URL of the dashboard, for links in alerts and e-mails. */
  DASHBOARD_URL: z.string().url().optional(),
  /** Local stack only: an admin API key accepted without being stored (compared in constant time). */
  KOE_BOOTSTRAP_KEY: z.string().min(16, 'use at least 16 characters').optional(),
  /** Secret (≥ 32 characters) that keys customer-id pseudonyms (HMAC-SHA256); locally generated into the data folder when unset. */
  KOE_PSEUDONYM_KEY: z.string().min(32, 'use at least 32 characters').optional(),
  /** On AWS: SSM SecureString (or `/aws/reference/secretsmanager/<name>`) holding the pseudonym secret. */
  KOE_PSEUDONYM_KEY_PARAMETER: z.string().min(1).optional(),
  /** Triage SLA per level in minutes, e.g. `critical=60,high=240,normal=1440` (unnamed levels keep defaults). */
  KOE_SLA_MINUTES: z.string().optional(),
  /** SNS topic for on-duty alerts about critical items (AWS). */
  ALERTS_TOPIC_ARN: z.string().min(1).optional(),
  /** Local stack: POST each alert here too (Slack-compatible incoming webhook by default). */
  KOE_ALERT_WEBHOOK_URL: z.string().url().optional(),
  /** `slack` (`{text, blocks}`) or `json` (the alert as is). */
  KOE_ALERT_WEBHOOK_FORMAT: z.enum(['slack', 'json']).default('slack'),
  /** Local stack: POST each pain-point spike alert here too (Slack-compatible `{text}`). */
  KOE_SPIKE_WEBHOOK_URL: z.string().url().optional(),
  /** Webhook signing secrets on AWS: an SSM SecureString (or `/aws/reference/secretsmanager/<name>`) holding `{"zendesk": "…", …}`. */
  KOE_WEBHOOK_SECRETS_PARAMETER: z.string().min(1).optional(),
  /** Seconds a fetched secrets document is reused. */
  KOE_WEBHOOK_SECRETS_MAX_AGE: z.coerce.number().int().min(0).default(300),
  /** Locally: a JSON file `{"zendesk": "…", "intercom": ["new", "old"], "generic": "…"}`. */
  KOE_WEBHOOK_SECRETS_FILE: z.string().min(1).optional(),
  /** Locally: one tool's signing secret (overrides the file's). */
  KOE_WEBHOOK_SECRET_ZENDESK: z.string().min(8).optional(),
  KOE_WEBHOOK_SECRET_INTERCOM: z.string().min(8).optional(),
  KOE_WEBHOOK_SECRET_GENERIC: z.string().min(8).optional(),
  /** Sender of e-mail digests, e.g. `Koe <digests@example.com>` (on AWS: an address of the SES identity). */
  KOE_MAIL_FROM: z.string().min(3).optional(),
  /** SES configuration set the digests are sent with (AWS; set by the CDK app). */
  SES_CONFIGURATION_SET: z.string().min(1).optional(),
  /** Local stack: also send each digest by SMTP, e.g. `smtp://localhost:1025` (always written to the outbox). */
  KOE_SMTP_URL: z.string().url().optional(),
});

/** Koe's runtime configuration. */
export type Config = z.infer<typeof schema>;

/** Parses the environment; throws one error naming every bad variable. */
export const loadConfig = (env: NodeJS.ProcessEnv = process.env): Config => {
  const result = schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration: ${problems.join('; ')}`);
  }
  return result.data;
};

/** A setting that this function cannot run without, though others may (e.g. a queue URL). */
export const requireSetting = <K extends keyof Config>(config: Config, key: K): NonNullable<Config[K]> => {
  const value = config[key];
  if (value === undefined || value === null)
    throw new Error(`Invalid configuration: ${String(key)} is required by this function`);
  return value as NonNullable<Config[K]>;
};
