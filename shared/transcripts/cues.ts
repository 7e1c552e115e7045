import { type CueMatcher, compileCueMatcher } from '../triage/cue-matcher.js';
import { defaultTriageRules } from '../triage/rules.js';
import type { CueConfig } from '../triage/rules-schema.js';
import cuesJson from './conversation-cues.json' with { type: 'json' };

/** The kinds of conversation cue: a request to escalate, or the customer saying it is solved. */
export type ConversationCue = 'escalation' | 'resolution';

const KINDS: ConversationCue[] = ['escalation', 'resolution'];

/** A cue found in one text. */
export interface ConversationCueHit {
  kind: ConversationCue;
  start: number;
  end: number;
}

/** Finds escalation and resolution cues (English and Japanese) in one turn's text. */
export interface ConversationCueMatcher {
  find(text: string): ConversationCueHit[];
}

/** Compiles cue lists `{escalation: {en, ja}, resolution: {en, ja}}` with the triage rules' negation settings. */
export const compileConversationCues = (
  cues: Record<ConversationCue, { en: CueConfig[]; ja: CueConfig[] }>,
): ConversationCueMatcher => {
  const negation = defaultTriageRules().config.negation;
  const matcher: CueMatcher = compileCueMatcher(
    KINDS.map((kind, rule) => ({ rule, cues: cues[kind].en })),
    KINDS.map((kind, rule) => ({ rule, cues: cues[kind].ja })),
    { enWords: negation.en.words, enWindow: negation.en.window, jaWindow: negation.ja.window },
  );
  return {
    find: (text) =>
      matcher.find(text).flatMap((hit) => {
        const kind = KINDS[hit.rule];
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
