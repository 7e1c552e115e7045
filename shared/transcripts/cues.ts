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
    find: (text) => {
      // Hits come in text order, longest first at a position: a shorter cue inside a longer one of the same kind is the same signal.
      const hits: ConversationCueHit[] = [];
      for (const hit of matcher.find(text)) {
        const kind = KINDS[hit.rule];
        if (!kind || hits.some((h) => h.kind === kind && hit.start < h.end && hit.end > h.start)) continue;
        hits.push({ kind, start: hit.start, end: hit.end });
      }
      return hits;
    },
  };
};

let defaults: ConversationCueMatcher | undefined;

/** Koe's conversation cues (shared/transcripts/conversation-cues.json), compiled once per process. */
export const defaultConversationCues = (): ConversationCueMatcher => {
  defaults ??= compileConversationCues(cuesJson);
  return defaults;
};
