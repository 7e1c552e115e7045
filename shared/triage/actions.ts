import { z } from 'zod';
import { redactPii } from '../analysis/pii/redact.js';
import { defaultTaxonomy } from '../analysis/topics/taxonomy.js';
import { URGENCY_LEVELS } from '../analysis/types.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { AuditEntry, FeedbackItem, TriageAction, TriageState } from '../feedback/model.js';
import type { FeedbackStore } from '../feedback/ports.js';
import type { TriageStore } from './ports.js';
import { dueAt, type SlaMinutes } from './sla.js';

/** Who is acting: the API key's name (shown in the audit trail) and id. */
export interface Actor {
  name: string;
  keyId?: string;
}

/** One triage command, as parsed from a request. */
export type TriageCommand =
  | { action: 'claim' }
  | { action: 'assign'; assignee: string | null }
  | { action: 'acknowledge' }
  | { action: 'resolve'; note?: string }
  | {
      action: 'override';
      level?: (typeof URGENCY_LEVELS)[number];
      topics?: string[];
      sentiment?: 'positive' | 'negative' | 'neutral' | 'mixed';
      reason: string;
    };

/** The actions the API accepts, in the order the docs list them. */
export const TRIAGE_ACTIONS: readonly TriageAction[] = ['claim', 'assign', 'acknowledge', 'resolve', 'override'];

/** Koe's default taxonomy ids: the topics an override may set where no promoted topics are given. */
const DEFAULT_TOPIC_IDS: ReadonlySet<string> = new Set(defaultTaxonomy.topics.map((t) => t.id));

/** A topic an override may set: a taxonomy topic (`known`), or a discovered theme (`emergent:<phrase>`) as analysis names it. */
const topicId = (known: ReadonlySet<string>) =>
  z
    .string()
    .trim()
    .min(1)
    .max(100)
    .refine((id) => known.has(id) || /^emergent:\S/.test(id), {
      error: (issue) => `unknown topic '${String(issue.input)}'; use a taxonomy topic id or emergent:<phrase>`,
    });

const bodies = (known: ReadonlySet<string>) =>
  ({
    claim: z.object({}).strict(),
    acknowledge: z.object({}).strict(),
    assign: z.object({ assignee: z.string().trim().min(1).max(100).nullable() }).strict(),
    resolve: z.object({ note: z.string().trim().max(2000).optional() }).strict(),
    override: z
      .object({
        level: z.enum(URGENCY_LEVELS).optional(),
        topics: z.array(topicId(known)).max(20).optional(),
        sentiment: z.enum(['positive', 'negative', 'neutral', 'mixed']).optional(),
        reason: z.string().trim().min(1).max(500),
      })
      .strict()
      .refine((b) => b.level !== undefined || b.topics !== undefined || b.sentiment !== undefined, {
        message: 'give at least one of level, topics, sentiment',
        path: ['level'],
      }),
  }) as const;

/**
 * Validates an action's body (absent body = `{}`); throws ValidationError naming every bad field.
 * `topics` are the ids an override may set: the installation's taxonomy (default and promoted topics).
 */
export const parseTriageCommand = (
  action: string,
  body: unknown,
  topics: ReadonlySet<string> = DEFAULT_TOPIC_IDS,
): TriageCommand => {
  if (!(TRIAGE_ACTIONS as readonly string[]).includes(action))
    throw new ValidationError(`Unknown action '${action}'`, [
      { path: 'action', message: `use ${TRIAGE_ACTIONS.join(', ')}` },
    ]);
  const result = bodies(topics)[action as TriageAction].safeParse(body ?? {});
  if (!result.success) {
    const issues = result.error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message }));
    throw new ValidationError(`Invalid ${action} request`, issues);
  }
  return redactCommand({ action, ...result.data } as TriageCommand);
};

const redacted = (text: string) => redactPii(text).text;

/**
 * The command with its free text redacted — the resolve note, the override reason, the assignee —
 * like every other stored text (they were stored as typed, and shown by GET, exports and /v1/labels).
 * An assignee is a handle (`alice`, a key name); a full name or an e-mail address typed there is redacted.
 */
const redactCommand = (command: TriageCommand): TriageCommand => {
  switch (command.action) {
    case 'assign':
      return { ...command, assignee: command.assignee === null ? null : redacted(command.assignee) };
    case 'resolve':
      return command.note === undefined ? command : { ...command, note: redacted(command.note) };
    case 'override':
      return { ...command, reason: redacted(command.reason) };
    default:
      return command;
  }
};

/** A decided change: the next triage state and the audit entry that records it. */
export interface TriageChange {
  next: TriageState;
  entry: AuditEntry;
}

const conflict = (item: FeedbackItem, why: string) => new ConflictError(`Item ${item.id} ${why}`);

/**
 * Decides what a command does to an item, in pure code: the next state and its audit entry,
 * `undefined` when the command changes nothing (a repeat), or a ConflictError for a transition
 * the current state does not allow.
 */
export const decideTriageChange = (
  item: FeedbackItem,
  command: TriageCommand,
  actor: Actor,
  now: Date,
  sla: SlaMinutes,
): TriageChange | undefined => {
  const current = item.triage;
  const at = now.toISOString();
  const version = (current.version ?? 0) + 1;
  const change = (
    next: Partial<TriageState>,
    from: Record<string, unknown>,
    to: Record<string, unknown>,
    reason?: string,
  ) => {
    const entry: AuditEntry = {
      at,
      actor: actor.name,
      ...(actor.keyId ? { keyId: actor.keyId } : {}),
      action: command.action,
      from,
      to,
      ...(reason ? { reason } : {}),
      version,
    };
    return { next: { ...current, ...next, version, lastChange: entry }, entry };
  };
  const resolved = current.status === 'resolved';

  switch (command.action) {
    case 'claim': {
      if (resolved) throw conflict(item, 'is resolved; it cannot be claimed');
      if (current.assignee === actor.name) return undefined;
      if (current.assignee)
        throw conflict(item, `is already assigned to ${current.assignee}; use assign to hand it over`);
      return change({ assignee: actor.name }, { assignee: null }, { assignee: actor.name });
    }
    case 'assign': {
      if (resolved) throw conflict(item, 'is resolved; it cannot be assigned');
      if ((current.assignee ?? null) === command.assignee) return undefined;
      return change(
        { assignee: command.assignee ?? undefined },
        { assignee: current.assignee ?? null },
        { assignee: command.assignee },
      );
    }
    case 'acknowledge': {
      if (current.status !== 'open')
        throw conflict(item, `is ${current.status}; only an open item can be acknowledged`);
      return change({ status: 'acknowledged', acknowledgedAt: at }, { status: 'open' }, { status: 'acknowledged' });
    }
    case 'resolve': {
      if (resolved) throw conflict(item, 'is resolved; it cannot be resolved again');
      return change(
        { status: 'resolved', resolvedAt: at, ...(command.note ? { resolution: command.note } : {}) },
        { status: current.status },
        { status: 'resolved' },
        command.note,
      );
    }
    case 'override': {
      if (!item.analysis || current.level === undefined)
        throw conflict(item, 'is not analyzed yet; override it once it is in the queue');
      const from: Record<string, unknown> = {};
      const to: Record<string, unknown> = {};
      const next: Partial<TriageState> = {};
      if (command.level !== undefined && command.level !== current.level) {
        from.level = current.level;
        to.level = command.level;
        next.level = command.level;
        next.dueAt = dueAt(item.receivedAt, command.level, sla);
      }
      if (command.topics !== undefined) {
        const topics = [...new Set(command.topics)];
        if (JSON.stringify(topics) !== JSON.stringify(current.topics ?? [])) {
          from.topics = current.topics ?? [];
          to.topics = topics;
          next.topics = topics;
        }
      }
      if (command.sentiment !== undefined && command.sentiment !== current.sentiment) {
        from.sentiment = current.sentiment ?? null;
        to.sentiment = command.sentiment;
        next.sentiment = command.sentiment;
      }
      // Even a confirmation (same values) is worth recording: it makes the item a labelled example.
      const override = {
        ...current.override,
        ...(command.level !== undefined ? { level: command.level } : {}),
        ...(command.topics !== undefined ? { topics: [...new Set(command.topics)] } : {}),
        ...(command.sentiment !== undefined ? { sentiment: command.sentiment } : {}),
        reason: command.reason,
        by: actor.name,
        at,
      };
      return change({ ...next, override }, from, to, command.reason);
    }
  }
};

/**
 * What an action answers: the triage state it may have changed, never the item's text, analysis or
 * history — a `triage`-only key must not read what it has no `read` scope for (issue 12).
 */
export interface TriageResult {
  id: string;
  action: TriageAction;
  /** False when the command changed nothing (a repeat). */
  changed: boolean;
  status: TriageState['status'];
  assignee: string | null;
  level: TriageState['level'] | null;
  dueAt: string | null;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  /** Effective topics and sentiment: only in an override's answer, the one action that sets them. */
  topics?: string[];
  sentiment?: TriageState['sentiment'] | null;
  version: number;
}

const toTriageResult = (item: FeedbackItem, action: TriageAction, changed: boolean): TriageResult => {
  const t = item.triage;
  return {
    id: item.id,
    action,
    changed,
    status: t.status,
    assignee: t.assignee ?? null,
    level: t.level ?? null,
    dueAt: t.dueAt ?? null,
    acknowledgedAt: t.acknowledgedAt ?? null,
    resolvedAt: t.resolvedAt ?? null,
    ...(action === 'override' ? { topics: t.topics ?? [], sentiment: t.sentiment ?? null } : {}),
    version: t.version ?? 0,
  };
};

/** What triage actions need. */
export interface TriageDeps {
  store: Pick<FeedbackStore, 'get'> & TriageStore;
  sla: SlaMinutes;
  now: () => Date;
}

const MAX_ATTEMPTS = 3;

/**
 * Performs one triage action: read, decide, compare-and-set on `triage.version`; on a lost race
 * it re-reads and decides again, so a concurrent change is never overwritten. The change and
 * its audit entry are written in one conditional update (`triage.lastChange`); the separate
 * audit record is copied afterwards and re-copied by the next action if that copy was lost.
 */
export const performTriageAction = async (
  id: string,
  command: TriageCommand,
  actor: Actor,
  deps: TriageDeps,
): Promise<TriageResult> => {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const item = await deps.store.get(id);
    // Missing and not in the triage queue (not analyzed yet) get the same answer: a key that may
    // only triage learns nothing about ids beyond the queue items it may act on (issue 12).
    if (!item || item.triage.level === undefined) throw new NotFoundError(`No item '${id}' in the triage queue`);
    const previous = item.triage.lastChange;
    if (previous) await deps.store.appendAudit(id, previous);
    const decision = decideTriageChange(item, command, actor, deps.now(), deps.sla);
    if (!decision) return toTriageResult(item, command.action, false);
    if (await deps.store.updateTriage(item, item.triage.version, decision.next)) {
      // The change is done and recorded on the item; a failed copy is healed by the next action
      // or shown from lastChange, so it must not turn a successful change into an error.
      await deps.store.appendAudit(id, decision.entry).catch(() => undefined);
      return toTriageResult({ ...item, triage: decision.next }, command.action, true);
    }
  }
  throw new ConflictError(`Item ${id} changed concurrently; reload and retry`);
};

/** The audit trail as shown: stored entries plus the latest change if its copy is still missing. */
export const mergeHistory = (entries: AuditEntry[], lastChange: AuditEntry | undefined): AuditEntry[] => {
  if (!lastChange || entries.some((e) => e.version === lastChange.version)) return entries;
  return [...entries, lastChange].sort((a, b) => a.version - b.version);
};
