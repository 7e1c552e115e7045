import { URGENCY_LEVELS, type UrgencyLevel } from '../analysis/types.js';
import { ValidationError } from '../errors.js';
import { CHANNELS, type Channel, type FeedbackItem } from './model.js';
import type { QueueQuery } from './ports.js';

const DEFAULT_LEVELS: UrgencyLevel[] = ['critical', 'high', 'normal'];
const MAX_LIMIT = 200;

/**
 * Parses the urgency-queue query string: `level` (comma list; default critical,high,normal —
 * low items are praise and remarks that need no one), `channel`, `limit` (1–200, default 50), `cursor`.
 */
export const parseQueueQuery = (params: Record<string, string | undefined>): QueueQuery => {
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
  if (issues.length) throw new ValidationError('Invalid queue query', issues);
  return { levels: levels as UrgencyLevel[], channel: channel as Channel | undefined, limit, cursor: params.cursor };
};

/** One row of the urgency queue as the API shows it. */
export const toQueueEntry = (item: FeedbackItem) => ({
  id: item.id,
  level: item.triage.level,
  score: item.triage.score,
  status: item.triage.status,
  channel: item.channel,
  source: item.source,
  occurredAt: item.occurredAt,
  receivedAt: item.receivedAt,
  excerpt: item.text.length > 280 ? `${item.text.slice(0, 279)}…` : item.text,
  reasons: item.analysis?.urgency.reasons ?? [],
  sentiment: item.analysis ? { label: item.analysis.sentiment.label, score: item.analysis.sentiment.score } : undefined,
  topics: item.analysis?.topics.map((t) => t.topic) ?? [],
});
