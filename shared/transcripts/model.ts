import type { LanguageResult, Ratings, SentimentLabel, Span } from '../analysis/types.js';
import type { Channel, JourneyStage } from '../feedback/channels.js';

/** Who speaks in a turn: only customer turns count as customer sentiment. */
export const TURN_ROLES = ['customer', 'agent', 'bot'] as const;
/** The message for an unknown role. */
export const TRANSCRIPT_ROLES_MESSAGE = `must be one of ${TURN_ROLES.join(', ')}`;
/** One speaker role. */
export type TurnRole = (typeof TURN_ROLES)[number];

/** Most turns one conversation may hold. */
export const MAX_TURNS = 500;
/** Largest transcript, in bytes: the request body, and the UTF-8 size of all turn texts of a conversation. */
export const MAX_TRANSCRIPT_BYTES = 200 * 1024;

/** One turn as accepted by the API, before redaction. */
export interface TurnInput {
  role: TurnRole;
  text: string;
  /** ISO-8601 instant the turn was written. */
  at: string;
  /** The tool's id of the message (comment id, conversation part id); identifies the turn across deliveries. */
  id?: string | undefined;
}

/** A conversation as accepted by `POST /v1/transcripts` (and produced by each webhook mapping). */
export interface TranscriptInput {
  source: string;
  conversationId: string;
  channel: Channel;
  journeyStage?: JourneyStage | undefined;
  language?: string | undefined;
  turns: TurnInput[];
  ratings?: Ratings | undefined;
  customer?: { id?: string | undefined; tier?: string | undefined } | undefined;
  metadata?: Record<string, string> | undefined;
}

/**
 * A stored turn: its text is `item.text.slice(start, end)` (redacted), so the conversation's text is
 * stored once; `key` tells the same turn apart from a new one when the conversation is delivered again.
 */
export interface StoredTurn {
  role: TurnRole;
  at: string;
  start: number;
  end: number;
  key: string;
}

/** Sentiment of one customer turn (its sentences are the item's `analysis.sentiment.sentences` inside the turn). */
export interface TurnAnalysis {
  /** Index into `item.turns`. */
  turn: number;
  language: LanguageResult;
  sentiment: { label: SentimentLabel; score: number; confidence: number };
}

/** Where a conversation cue was found: the turn, and the span inside that turn's text. */
export interface TurnSpan {
  turn: number;
  span: Span;
}

/** One point of the trajectory. */
export interface TrajectoryPoint {
  turn: number;
  label: SentimentLabel;
  score: number;
}

/** How the customer's sentiment moved through the conversation. */
export interface Trajectory {
  start: TrajectoryPoint;
  end: TrajectoryPoint;
  /** The customer turn from which the sentiment stayed on the end's side; absent when it never changed. */
  changedAt?: TrajectoryPoint;
  direction: 'improved' | 'worsened' | 'steady';
}

/** What the conversation-level analysis adds to a transcript item's analysis. */
export interface ConversationAnalysis {
  customerTurns: number;
  agentTurns: number;
  botTurns: number;
  /** Per customer turn, in order. */
  turns: TurnAnalysis[];
  /** Absent when there is no customer turn. */
  trajectory?: Trajectory;
  escalations: TurnSpan[];
  resolutions: TurnSpan[];
  /** A resolution signal came after the last escalation request and the customer did not end negative. */
  resolved: boolean;
}
