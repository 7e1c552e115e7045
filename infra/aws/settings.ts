import type { Node } from 'constructs';
import { z } from 'zod';

/** `true`/`false` from `-c key=true`, or a boolean from cdk.json or tests. */
const flag = z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean());

// Context arrives as strings from `cdk -c key=value` and as typed values from cdk.json or tests: coerce both.
const schema = z
  .object({
    analyzerMode: z.enum(['local', 'comprehend', 'hybrid']).default('local'),
    hybridConfidenceThreshold: z.coerce.number().min(0).max(1).default(0.5),
    timezone: z.string().default('UTC').refine(isTimeZone, { message: 'not an IANA timezone (e.g. UTC, Asia/Tokyo)' }),
    maxReceiveCount: z.coerce.number().int().min(1).max(1000).default(5),
    alarmEmail: z.email().optional(),
    dashboardUrl: z.url().optional(),
    /** Sender of the e-mail digests (the SES identity, or an address of senderDomain); without it none is sent. */
    senderEmail: z.email().optional(),
    /** Verify this domain with Easy DKIM (records in the outputs) instead of the single sender address. */
    senderDomain: z
      .string()
      .regex(/^(?!-)[A-Za-z0-9-]{1,63}(\.[A-Za-z0-9-]{1,63})+$/, 'a domain name such as example.com')
      .optional(),
    logRetentionDays: z.coerce.number().int().min(1).default(30),
    /** Deployment stage: stacks are named `KoeData-<stage>` and `KoeApp-<stage>`, so several live in one account and region. */
    stage: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,19}$/, 'lower-case letters, digits and hyphens, starting with a letter (e.g. prod)')
      .optional(),
    /** X-Ray: `off` by default (a cost per trace); `active` traces every function (Lambda segments, default sampling). */
    tracing: z.enum(['off', 'active']).default('off'),
    /**
     * Reserved concurrency of each API function and the authorizer: capacity the analysis backlog can never
     * take, and a ceiling per function. `0` reserves none (an account whose concurrency quota is below ~300).
     */
    apiReservedConcurrency: z.coerce.number().int().min(0).max(1000).default(10),
    /** Most analyze instances the SQS event source runs at once (2 … 1000): caps DynamoDB and Comprehend load. */
    analyzeMaxConcurrency: z.coerce.number().int().min(2).max(1000).default(10),
    /** A custom domain for the API (regional, e.g. api.example.com), with an ACM certificate in the stack's region. */
    apiDomainName: z
      .string()
      .regex(/^(?!-)[A-Za-z0-9-]{1,63}(\.[A-Za-z0-9-]{1,63})+$/, 'a domain name such as api.example.com')
      .optional(),
    apiCertificateArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/, 'an ACM certificate ARN')
      .optional(),
    /** Turn off the `execute-api` endpoint so the API answers on koe:apiDomainName only (and through CloudFront). */
    disableExecuteApi: flag.default(false),
    /**
     * WAF on the dashboard's CloudFront distribution: `off`, `managed` (a web ACL with AWS managed rules and a
     * per-IP rate limit, created here: the stack must deploy in us-east-1), or the ARN of an existing
     * CloudFront web ACL (created in us-east-1).
     */
    waf: z
      .union([
        z.enum(['off', 'managed']),
        z
          .string()
          .regex(
            /^arn:aws[a-z-]*:wafv2:us-east-1:\d{12}:global\/webacl\/.+$/,
            'off, managed or a CLOUDFRONT web ACL ARN',
          ),
      ])
      .default('off'),
    /** SSM parameter (SecureString JSON, or `/aws/reference/secretsmanager/<name>`) with the webhook signing secrets. */
    webhookSecretsParameter: z
      .string()
      .regex(/^\/?[A-Za-z0-9_.\-/]+$/, 'an SSM parameter name')
      .optional(),
  })
  .superRefine((settings, ctx) => {
    if ((settings.apiDomainName === undefined) !== (settings.apiCertificateArn === undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['apiDomainName'],
        message: 'set koe:apiDomainName and koe:apiCertificateArn together',
      });
    if (settings.disableExecuteApi && settings.apiDomainName === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['disableExecuteApi'],
        message: 'needs koe:apiDomainName and koe:apiCertificateArn, or the API has no endpoint left',
      });
  });

/** Deployment settings, read from CDK context `koe:<name>` (see docs/deploy-aws.md). */
export type KoeSettings = z.infer<typeof schema>;

/** Context keys, e.g. `cdk deploy -c koe:analyzerMode=hybrid`. */
export const CONTEXT_KEYS = Object.keys(schema.shape).map((key) => `koe:${key}`);

/** Reads and validates every `koe:*` context value; throws one error naming each bad one. */
export const readSettings = (node: Node): KoeSettings => {
  const raw = Object.fromEntries(
    Object.keys(schema.shape).map((key) => [key, emptyToUndefined(node.tryGetContext(`koe:${key}`))]),
  );
  const result = schema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `koe:${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid CDK context: ${problems.join('; ')}`);
  }
  return result.data;
};

function emptyToUndefined(value: unknown): unknown {
  return value === '' || value === null ? undefined : value;
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
