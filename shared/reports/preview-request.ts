import { z } from 'zod';
import { ValidationError } from '../errors.js';
import {
  assertTimezone,
  GRANULARITIES,
  type Period,
  parsePeriodKey,
  periodOf,
  previousPeriod,
} from '../rollups/periods.js';
import type { DigestRequest } from './digest.js';
import { DIGEST_METRICS } from './digest-data.js';
import { digestScope } from './gather-digest.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const values = z.array(z.string().trim().min(1).max(200)).max(50);

const schema = z
  .object({
    language: z.enum(['ja', 'en']).default('en'),
    period: z.enum(GRANULARITIES).default('week'),
    date: z.string().regex(DATE, 'must be a date YYYY-MM-DD').optional(),
    timezone: z.string().min(1).optional(),
    filters: z
      .object({ channel: values.optional(), source: values.optional(), topic: values.optional() })
      .strict()
      .optional(),
    targets: z
      .array(
        z
          .object({
            metric: z.enum(DIGEST_METRICS),
            kind: z.enum(['atLeast', 'atMost', 'change']),
            value: z.number().finite(),
            since: z.string().regex(DATE, 'must be a date YYYY-MM-DD').optional(),
            label: z.string().min(1).max(200).optional(),
          })
          .strict(),
      )
      .max(20)
      .optional(),
    dashboardUrl: z.string().url().optional(),
  })
  .strict();

/**
 * Parses `POST /v1/reports/preview`: `{language?, period? (day|week|month), date? (a local date in the
 * period; default: the last complete period), timezone?, filters?, targets?, dashboardUrl?}` into a
 * DigestRequest. Unknown fields and bad values are a ValidationError naming each.
 */
export const parsePreviewRequest = (
  body: unknown,
  defaults: { timezone: string; dashboardUrl?: string },
  now: Date,
): DigestRequest => {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) {
    throw new ValidationError(
      'Invalid preview request',
      parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message })),
    );
  }
  const b = parsed.data;
  const timezone = b.timezone ?? defaults.timezone;
  assertTimezone(timezone);
  let period: Period;
  if (b.date) {
    let day: Period;
    try {
      day = parsePeriodKey(b.date, timezone);
    } catch {
      throw new ValidationError('date is not a calendar date', [{ path: 'date', message: 'is not a calendar date' }]);
    }
    period = periodOf(day.start, b.period, timezone);
  } else {
    period = previousPeriod(periodOf(now, b.period, timezone));
  }
  for (const t of b.targets ?? []) {
    if (t.since) parsePeriodKey(t.since, timezone);
  }
  digestScope(b.filters);
  const dashboardUrl = b.dashboardUrl ?? defaults.dashboardUrl;
  return {
    language: b.language,
    period,
    ...(b.filters ? { filters: b.filters } : {}),
    ...(b.targets ? { targets: b.targets } : {}),
    ...(dashboardUrl ? { dashboardUrl } : {}),
  };
};
