import { type CueConfig, type CueEngine, compileCues } from '../analysis/cues/engine.js';
import type { JaToken } from '../analysis/japanese/tokenizer.js';
import { defaultTriageRules } from '../triage/rules.js';
import cuesJson from './conversation-cues.json' with { type: 'json' };

/**
 * The kinds of conversation cue. In customer turns: a request to escalate (a manager, a complaint, a
 * regulator or court), the customer saying it is solved, the customer's thanks, the customer still waiting
 * ("I'll wait for their call", 待ちます: thanks for a plan, not for a fix), and a reservation ("but", "I guess",
 * でも: thanks with a doubt, though not an undoing of a fix said in the same breath). In agent and bot turns:
 * a handoff phrase, and its two halves composed within a sentence — a `team` (a team, a manager, a
 * specialist) and an `onward` move (transfer, pass on, connect, "who will call you"); in bot turns, `routing`
 * to a person (support, an agent, 担当者), which is how a chat runs, not an escalation.
 */
export type ConversationCue = (typeof KINDS)[number];

// In the engine's group order: a hit's group is its kind's index.
const KINDS = [
  'escalation',
  'resolution',
  'thanks',
  'pending',
  'reservation',
  'handoff',
  'team',
  'onward',
  'routing',
] as const;

/** A cue found in one text. */
export interface ConversationCueHit {
  kind: ConversationCue;
  start: number;
  end: number;
}

/** Finds escalation and resolution cues (English and Japanese) in one turn's text. */
export interface ConversationCueMatcher {
  find(text: string, jaTokens?: readonly JaToken[]): ConversationCueHit[];
}

/** Compiles cue lists `{escalation, resolution, thanks, pending, reservation, handoff, team, onward, routing}` (each `{en, ja, except?}`) with the one cue engine and the triage rules' negation settings. */
export const compileConversationCues = (
  cues: Record<ConversationCue, { en: CueConfig[]; ja: CueConfig[]; except?: { en?: CueConfig[]; ja?: CueConfig[] } }>,
): ConversationCueMatcher => {
  const negation = defaultTriageRules().config.negation;
  const engine: CueEngine = compileCues(
    KINDS.map((kind) => cues[kind]),
    { enWords: negation.en.words, enWindow: negation.en.window, jaWindow: negation.ja.window },
  );
  return {
    find: (text, jaTokens) =>
      engine.find(text, jaTokens).flatMap((hit) => {
        const kind = KINDS[hit.group];
        return kind ? [{ kind, start: hit.start, end: hit.end }] : [];
      }),
  };
};

let defaults: ConversationCueMatcher | undefined;

/** Koe's conversation cues (shared/transcripts/conversation-cues.json), compiled once per process. */
export const defaultConversationCues = (): ConversationCueMatcher => {
  defaults ??= compileConversationCues(cuesJson);
  return defaults;
};
