import type { SentenceSentiment, Span, UrgencyLevel } from '../analysis/types.js';
import type { FeedbackItem } from '../feedback/model.js';
import type { TurnRole } from './model.js';

/** One turn as `GET /v1/feedback/{id}` shows it: its redacted text and, for a customer turn, its analysis. */
export interface TurnView {
  index: number;
  role: TurnRole;
  at: string;
  /** Redacted text of the turn. */
  text: string;
  /** Where the turn's text sits in the item's `text`. */
  start: number;
  end: number;
  /** Customer turns, once analyzed: sentiment with sentence spans relative to the turn's text. */
  analysis?: {
    language: { code: string; confidence: number };
    sentiment: { label: string; score: number; confidence: number; sentences: SentenceSentiment[] };
  };
  /** Urgency reasons and conversation cues found in this turn, spans relative to the turn's text. */
  evidence: Array<{ code: string; level?: UrgencyLevel; span: Span }>;
}

const inside = (span: Span, start: number, end: number) => span.start >= start && span.end <= end;

/** The turns of a transcript item with their analysis, for the item view. */
export const transcriptTurnsView = (item: FeedbackItem): TurnView[] => {
  const conversation = item.analysis?.conversation;
  const sentences = item.analysis?.sentiment.sentences ?? [];
  const reasons = item.analysis?.urgency.reasons ?? [];
  return (item.turns ?? []).map((t, index) => {
    const perTurn = conversation?.turns.find((a) => a.turn === index);
    const evidence: TurnView['evidence'] = [
      ...reasons.flatMap((r) => (r.turn?.index === index ? [{ code: r.code, level: r.level, span: r.turn.span }] : [])),
      ...(conversation?.escalations ?? [])
        .filter((s) => s.turn === index)
        .map((s) => ({ code: 'escalation_request', span: s.span })),
      ...(conversation?.resolutions ?? [])
        .filter((s) => s.turn === index)
        .map((s) => ({ code: 'resolution_signal', span: s.span })),
    ];
    return {
      index,
      role: t.role,
      at: t.at,
      text: item.text.slice(t.start, t.end),
      start: t.start,
      end: t.end,
      ...(perTurn
        ? {
            analysis: {
              language: perTurn.language,
              sentiment: {
                ...perTurn.sentiment,
                sentences: sentences
                  .filter((s) => inside(s.span, t.start, t.end))
                  .map((s) => ({ ...s, span: { start: s.span.start - t.start, end: s.span.end - t.start } })),
              },
            },
          }
        : {}),
      evidence,
    };
  });
};
