/**
 * E-mail digest subscriptions: who gets which digest, in which language, how often, when (an EventBridge
 * cron read in an IANA time zone) and about what (filters, targets). Validation refuses a bad address,
 * cron expression or time zone at creation, naming the field and why.
 */
import { z } from 'zod';
import { type FieldIssue, ValidationError } from '../errors.js';
import { CHANNELS } from '../feedback/model.js';
import { formatPath } from '../feedback/validate.js';
import type { Granularity } from '../rollups/periods.js';
import { CronError, nextRun, parseCron } from '../scheduling/cron.js';
import type { DigestLanguage, DigestTarget } from './digest.js';

/** How often a digest reports: each sends the previous complete day, ISO week or month. */
export const DIGEST_PERIODS = ['daily', 'weekly', 'monthly'] as const;
/** One digest period. */
export type DigestPeriod = (typeof DIGEST_PERIODS)[number];

/** Most recipients of one digest: SES v2 takes at most 50 per message, and one digest is one message. */
export const MAX_RECIPIENTS = 50;

/** The calendar granularity a digest period reports on. */
export const granularityOf = (period: DigestPeriod): Granularity =>
  period === 'daily' ? 'day' : period === 'weekly' ? 'week' : 'month';

/** The schedule a subscription gets when it names none: 08:00 local, the morning after the period closes. */
export const DEFAULT_SCHEDULES: Record<DigestPeriod, string> = {
  daily: 'cron(0 8 * * ? *)',
  weekly: 'cron(0 8 ? * MON *)',
  monthly: 'cron(0 8 1 * ? *)',
};

/** What a caller sends to create or replace a subscription. */
export interface SubscriptionInput {
  name?: string;
  recipients: string[];
  language: DigestLanguage;
  period: DigestPeriod;
  /** EventBridge six-field cron, read in `timezone`. */
  schedule: string;
  /** IANA time zone of the schedule and of the periods reported. */
  timezone: string;
  filters?: { channel?: string[] | undefined; source?: string[] | undefined; topic?: string[] | undefined };
  targets?: DigestTarget[];
  /** True: a period without feedback sends nothing (else the short "no feedback" digest). */
  skipEmpty: boolean;
}

/** A stored subscription. */
export interface Subscription extends SubscriptionInput {
  id: string;
  createdAt: string;
  updatedAt: string;
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

const target = z
  .strictObject({
    metric: z.enum(['volume', 'nps', 'csat', 'ces', 'sentiment']),
    kind: z.enum(['atLeast', 'atMost', 'change']),
    value: z.number().finite(),
    since: z.string().regex(isoDate, 'must be a date YYYY-MM-DD').optional(),
    label: z.string().trim().min(1).max(100).optional(),
  })
  .refine((t) => t.kind === 'change' || t.since === undefined, {
    message: "'since' is only for kind 'change'",
    path: ['since'],
  });

const list = (item: z.ZodType<string>) => z.array(item).min(1, 'must hold at least one value').max(50).optional();

const body = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  recipients: z
    .array(z.string().trim())
    .min(1, 'must hold at least one address')
    .max(MAX_RECIPIENTS, `at most ${MAX_RECIPIENTS} addresses (one SES message)`),
  language: z.enum(['ja', 'en']),
  period: z.enum(DIGEST_PERIODS),
  schedule: z.string().trim().optional(),
  timezone: z.string().trim().min(1).optional(),
  filters: z
    .strictObject({
      channel: list(z.enum(CHANNELS)),
      source: list(z.string().trim().min(1).max(200)),
      topic: list(z.string().trim().min(1).max(200)),
    })
    .optional(),
  targets: z.array(target).max(10).optional(),
  skipEmpty: z.boolean().default(false),
});

const addressCheck = z.email();

const zodIssues = (error: z.ZodError): FieldIssue[] =>
  error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), message: 'is not a known field' }))
      : [{ path: formatPath(issue.path) || '(body)', message: issue.message }],
  );

/**
 * Validates a subscription body (create and replace); `defaultTimezone` is the deployment's zone.
 * Throws ValidationError listing every bad field: each address, the cron expression and the time zone
 * are checked one by one so the message says which and why.
 */
export const parseSubscriptionInput = (raw: unknown, defaultTimezone: string): SubscriptionInput => {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ValidationError('Invalid subscription', [{ path: '(body)', message: 'must be a JSON object' }]);
  }
  const parsed = body.safeParse(raw);
  const issues: FieldIssue[] = parsed.success ? [] : zodIssues(parsed.error);
  const data = parsed.success ? parsed.data : undefined;
  const fields = raw as Record<string, unknown>;

  const recipients = Array.isArray(fields.recipients) ? fields.recipients : [];
  const seen = new Set<string>();
  recipients.forEach((address, i) => {
    if (typeof address !== 'string') return; // zod named it already
    const trimmed = address.trim();
    if (!addressCheck.safeParse(trimmed).success) {
      issues.push({ path: `recipients[${i}]`, message: `'${trimmed}' is not an e-mail address` });
    } else if (seen.has(trimmed.toLowerCase())) {
      issues.push({ path: `recipients[${i}]`, message: `'${trimmed}' is listed twice` });
    }
    seen.add(trimmed.toLowerCase());
  });

  // Roll-ups keep one dimension per row, so a digest can narrow to channels, sources or topics, not a mix.
  const filtersGiven = Object.entries(data?.filters ?? {}).filter(([, v]) => v?.length);
  if (filtersGiven.length > 1) {
    issues.push({
      path: 'filters',
      message: `filter on one of channel, source or topic (any number of values), not ${filtersGiven.map(([k]) => k).join(' and ')}`,
    });
  }

  const timezone = typeof fields.timezone === 'string' ? fields.timezone.trim() : defaultTimezone;
  let zoneOk = true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
  } catch {
    zoneOk = false;
    issues.push({
      path: 'timezone',
      message: `'${timezone}' is not an IANA time zone (use a name such as Asia/Tokyo or Europe/London)`,
    });
  }

  const period = data?.period;
  const schedule =
    typeof fields.schedule === 'string' ? fields.schedule.trim() : period ? DEFAULT_SCHEDULES[period] : undefined;
  if (schedule !== undefined) {
    try {
      const cron = parseCron(schedule);
      // An expression whose years are all past would be accepted by the parser and never send anything.
      if (zoneOk && nextRun(cron, new Date(), timezone) === undefined) {
        issues.push({ path: 'schedule', message: `${schedule} never fires (no date matches, or its years are past)` });
      }
    } catch (error) {
      if (!(error instanceof CronError)) throw error;
      issues.push({ path: 'schedule', message: error.message });
    }
  }

  if (issues.length > 0 || !data || schedule === undefined) {
    throw new ValidationError(
      `Invalid subscription: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`,
      dedupe(issues),
    );
  }
  return {
    ...(data.name ? { name: data.name } : {}),
    recipients: data.recipients,
    language: data.language,
    period: data.period,
    schedule,
    timezone,
    ...(data.filters && Object.values(data.filters).some((v) => v) ? { filters: data.filters } : {}),
    ...(data.targets?.length ? { targets: data.targets as DigestTarget[] } : {}),
    skipEmpty: data.skipEmpty,
  };
};

// zod's e-mail check and ours can both name one address; keep one message per path and text.
const dedupe = (issues: FieldIssue[]): FieldIssue[] => {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.path}\u0000${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};
