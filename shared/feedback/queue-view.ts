import { URGENCY_LEVELS, type UrgencyLevel } from '../analysis/types.js';
import { ValidationError } from '../errors.js';
import { isOverdue } from '../triage/sla.js';
import { CHANNELS, type Channel, type FeedbackItem, type TriageStatus } from './model.js';
import type { QueueQuery } from './ports.js';

const DEFAULT_LEVELS: UrgencyLevel[] = ['critical', 'high', 'normal'];
const STATUSES: TriageStatus[] = ['open', 'acknowledged', 'resolved'];

/** Who is asking and when: `assignee=me` means the caller's key name; `overdue=true` compares with `now`. */
export interface QueueQueryContext {
  me?: string | undefined;
  now?: Date;
}
const MAX_LIMIT = 200;

/**
 * Parses the urgency-queue query string: `status` (open|acknowledged|resolved, default open),
 * `level` (comma list; default critical,high,normal — low items are praise and remarks that need
 * no one), `channel`, `topic`, `assignee` (a name or `me`), `overdue=true`, `limit` (1–200, default 50), `cursor`.
 */
export const parseQueueQuery = (
  params: Record<string, string | undefined>,
  context: QueueQueryContext = {},
): QueueQuery => {
  const issues: Array<{ path: string; message: string }> = [];
  const levels = params.level ? params.level.split(',').map((l) => l.trim()) : DEFAULT_LEVELS;
  const badLevels = levels.filter((l) => !(URGENCY_LEVELS as readonly string[]).includes(l));
  if (badLevels.length)
    issues.push({ path: 'level', message: `unknown level ${badLevels.join(', ')}; use ${URGENCY_LEVELS.join(', ')}` });
  const channel = params.channel;
  if (channel !== undefined && !(CHANNELS as readonly string[]).includes(channel)) {
    issues.push({ path: 'channel', message: `must be one of ${CHANNELS.join(', ')}` });
  }
  const limit = params.limit === undefined ? 50 : Number(params.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    issues.push({ path: 'limit', message: `must be a whole number from 1 to ${MAX_LIMIT}` });
  const status = params.status ?? 'open';
  if (!(STATUSES as string[]).includes(status))
    issues.push({ path: 'status', message: `must be one of ${STATUSES.join(', ')}` });
  if (params.overdue !== undefined && params.overdue !== 'true' && params.overdue !== 'false')
    issues.push({ path: 'overdue', message: 'must be true or false' });
  let assignee = params.assignee?.trim() || undefined;
  if (assignee === 'me') {
    if (context.me) assignee = context.me;
    else issues.push({ path: 'assignee', message: "'me' needs an API key" });
  }
  const topic = params.topic?.trim() || undefined;
  if (issues.length) throw new ValidationError('Invalid queue query', issues);
  return {
    status: status as TriageStatus,
    levels: levels as UrgencyLevel[],
    ...(channel ? { channels: [channel as Channel] } : {}),
    ...(topic ? { topics: [topic] } : {}),
    ...(assignee ? { assignee } : {}),
    ...(params.overdue === 'true' ? { overdueBefore: (context.now ?? new Date()).toISOString() } : {}),
    limit,
    ...(params.cursor ? { cursor: params.cursor } : {}),
  };
};

/** One row of the urgency queue as the API shows it; effective labels (overrides win) and SLA state. */
export const toQueueEntry = (item: FeedbackItem, now: Date = new Date()) => ({
  id: item.id,
  level: item.triage.level,
  score: item.triage.score,
  status: item.triage.status,
  assignee: item.triage.assignee ?? null,
  dueAt: item.triage.dueAt ?? null,
  overdue: isOverdue(item.triage, now),
  acknowledgedAt: item.triage.acknowledgedAt ?? null,
  resolvedAt: item.triage.resolvedAt ?? null,
  overridden: item.triage.override !== undefined,
  channel: item.channel,
  source: item.source,
  occurredAt: item.occurredAt,
  receivedAt: item.receivedAt,
  excerpt: item.text.length > 280 ? `${item.text.slice(0, 279)}…` : item.text,
  reasons: item.analysis?.urgency.reasons ?? [],
  sentiment: item.analysis
    ? { label: item.triage.sentiment ?? item.analysis.sentiment.label, score: item.analysis.sentiment.score }
    : undefined,
  topics: item.triage.topics ?? item.analysis?.topics.map((t) => t.topic) ?? [],
});
