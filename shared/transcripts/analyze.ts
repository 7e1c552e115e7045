import { type JapaneseTokenizer, type JaToken, loadJapaneseTokenizer } from '../analysis/japanese/tokenizer.js';
import type {
  Analysis,
  AnalysisInput,
  Analyzer,
  SentimentLabel,
  Span,
  UrgencyLevel,
  UrgencyReason,
  UrgencyResult,
} from '../analysis/types.js';
import type { FeedbackItem, ItemAnalysis } from '../feedback/model.js';
import { present } from '../present.js';
import { defaultTriageRules } from '../triage/rules.js';
import { type ConversationCueHit, type ConversationCueMatcher, defaultConversationCues } from './cues.js';
import type { ConversationAnalysis, Trajectory, TrajectoryPoint, TurnAnalysis, TurnSpan } from './model.js';

/** Options of {@link analyzeTranscript}: the cues and the triage bands have Koe's defaults. */
export interface TranscriptAnalysisOptions {
  cues?: ConversationCueMatcher;
  bands?: Record<UrgencyLevel, { min: number; max: number }>;
  /**
   * The Japanese tokenizer, so Japanese cues match on morpheme boundaries (ただ is no "but" inside いただき);
   * default: kuromoji with its installed dictionary. If it cannot load, Japanese cues match as substrings.
   */
  japanese?: () => Promise<JapaneseTokenizer>;
}

/** A question mark, half or full width. */
const QUESTION = /[?？]/;
/** A turn that asks: a question mark, or 知りたい / 教えて (「申し込み方法を知りたい」). */
const asks = (text: string): boolean => QUESTION.test(text) || text.includes('知りたい') || text.includes('教えて');

/** Kana or kanji: a turn worth tokenizing. */
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

const LEVELS: UrgencyLevel[] = ['low', 'normal', 'high', 'critical'];
const rank = (level: UrgencyLevel) => LEVELS.indexOf(level);
/** One level lower; low stays low. */
const lower = (level: UrgencyLevel): UrgencyLevel => LEVELS[rank(level) - 1] ?? level;
// Never lowered by a resolution: a fire or a lawsuit threat needs a person even when the chat ended well.
const KEEP_WHEN_RESOLVED = new Set(['safety_risk', 'legal_threat', 'security_breach', 'fraud', 'staff_abuse']);
/** A change of this much from the first to the last customer turn is a direction, not noise. */
const DIRECTION_DELTA = 0.2;

/** Where a sentence ends: the sentence of a hit is the text between two of these. */
const SENTENCE_END = /[.!?。！？\n]/g;

/**
 * The span of an agent's or bot's handoff in one turn: a handoff phrase ("transfer you to our fraud
 * team"), or a team and an onward move in the same sentence ("I'm passing this to our payments team",
 * 「支配人よりご連絡いたします」). "I've reported the link to our security team" names a team but hands
 * nothing on, so it is not one.
 */
const handoffOf = (text: string, hits: readonly ConversationCueHit[]): Span | undefined => {
  const phrase = hits.find((h) => h.kind === 'handoff');
  if (phrase) return { start: phrase.start, end: phrase.end };
  const ends = [...text.matchAll(SENTENCE_END)].map((m) => m.index);
  const sentenceOf = (at: number) => ends.filter((e) => e < at).length;
  for (const team of hits) {
    if (team.kind !== 'team') continue;
    const onward = hits.find((h) => h.kind === 'onward' && sentenceOf(h.start) === sentenceOf(team.start));
    if (onward) return { start: Math.min(team.start, onward.start), end: Math.max(team.end, onward.end) };
  }
  return undefined;
};

const polarity = (label: SentimentLabel) => (label === 'positive' ? 1 : label === 'negative' ? -1 : 0);

/** A customer's turn: its index among all turns and where it is in the item's text. */
interface CustomerTurn {
  index: number;
  start: number;
  end: number;
}

/** The customer's side of the conversation as one document, and where each turn sits in it. */
const customerDocument = (item: FeedbackItem, customer: readonly CustomerTurn[]) => {
  let text = '';
  const pieces = customer.map(({ index, start, end }) => {
    if (text) text += '\n';
    const at = text.length;
    text += item.text.slice(start, end);
    return { index, at, end: text.length, start };
  });
  /** Maps a span of the customer document to the whole text, and to its turn. */
  const locate = (span: Span): { evidence: Span; turn: { index: number; span: Span } } | undefined => {
    const piece =
      pieces.find((p) => span.start >= p.at && span.start < p.end) ?? pieces.find((p) => span.start === p.end);
    if (!piece) return undefined;
    const start = span.start - piece.at;
    const end = Math.min(span.end, piece.end) - piece.at;
    return {
      evidence: { start: piece.start + start, end: piece.start + end },
      turn: { index: piece.index, span: { start, end } },
    };
  };
  return { text, locate };
};

const moveIntoBand = (
  score: number,
  from: UrgencyLevel,
  to: UrgencyLevel,
  bands: Record<UrgencyLevel, { min: number; max: number }>,
) => {
  const a = bands[from];
  const b = bands[to];
  const position = a.max > a.min ? (score - a.min) / (a.max - a.min) : 0.5;
  return Math.round(b.min + Math.max(0, Math.min(1, position)) * (b.max - b.min));
};

const trajectoryOf = (turns: TurnAnalysis[]): Trajectory | undefined => {
  const first = turns[0];
  const last = turns[turns.length - 1];
  if (!first || !last) return undefined;
  const point = (t: TurnAnalysis): TrajectoryPoint => ({
    turn: t.turn,
    label: t.sentiment.label,
    score: t.sentiment.score,
  });
  const endSide = polarity(last.sentiment.label);
  // The last turn on another side than the end; the turn after it is where the sentiment changed for good.
  let lastOther = -1;
  turns.forEach((t, i) => {
    if (polarity(t.sentiment.label) !== endSide) lastOther = i;
  });
  const changed = lastOther >= 0 ? turns[lastOther + 1] : undefined;
  const delta = last.sentiment.score - first.sentiment.score;
  return {
    start: point(first),
    end: point(last),
    ...(changed ? { changedAt: point(changed) } : {}),
    direction: delta >= DIRECTION_DELTA ? 'improved' : delta <= -DIRECTION_DELTA ? 'worsened' : 'steady',
  };
};

const noCustomerAnalysis = (
  item: FeedbackItem,
  analyzer: Analyzer,
  conversation: ConversationAnalysis,
): ItemAnalysis => ({
  language: { code: item.languageHint ?? 'und', confidence: 0 },
  sentiment: { label: 'neutral', score: 0, confidence: 0, sentences: [] },
  keyPhrases: [],
  topics: [],
  urgency: {
    level: 'low',
    score: 0,
    reasons: [{ code: 'no_customer_turns', level: 'low', detail: 'no customer turn to analyze' }],
  },
  pii: {},
  analyzer: { name: analyzer.name, version: analyzer.version },
  conversation,
});

/**
 * The star rating a review turn gives, and where: a run of filled stars (★★★☆☆), ★ with a number (★3, ★ 4), or
 * a number of stars (3 stars, 星3, 星4つ). The first one in the turn: an update reads "★1 → ★4" or "【更新 ★3】".
 */
const STARS = /(★+)(?:☆*)(?!\s*\d)|★\s*([1-5])|\b([1-5])\s*(?:stars?|★)|星\s*([1-5１-５])/;

const starsOf = (text: string): { stars: number; span: Span } | undefined => {
  const m = STARS.exec(text);
  if (!m) return undefined;
  const digit = m[2] ?? m[3] ?? m[4];
  const stars = digit ? Number(digit.normalize('NFKC')) : (m[1]?.length ?? 0);
  return stars > 0 ? { stars, span: { start: m.index, end: m.index + m[0].length } } : undefined;
};

/**
 * Analyzes a stored transcript: the customer's turns only (agent and bot turns never count). One
 * Analyzer call: the customer side as one document (its language, sentence sentiment, key phrases,
 * topics and urgency, so the item's analysis has a comment's shape) plus each customer turn (its
 * sentiment, for the trajectory). Escalation requests and resolution signals move the urgency;
 * every span is mapped to the item's text, and each reason also names its turn.
 */
export const analyzeTranscript = async (
  item: FeedbackItem,
  analyzer: Analyzer,
  options: TranscriptAnalysisOptions = {},
): Promise<ItemAnalysis> => {
  const turns = item.turns ?? [];
  const count = (role: string) => turns.filter((t) => t.role === role).length;
  const customer: CustomerTurn[] = turns.flatMap(({ role, start, end }, index) =>
    role === 'customer' ? [{ index, start, end }] : [],
  );
  const base = { customerTurns: customer.length, agentTurns: count('agent'), botTurns: count('bot') };
  if (customer.length === 0) {
    return noCustomerAnalysis(item, analyzer, {
      ...base,
      turns: [],
      escalations: [],
      resolutions: [],
      resolved: false,
    });
  }

  const doc = customerDocument(item, customer);
  const context: Omit<AnalysisInput, 'text'> = {
    ...(item.languageHint ? { language: item.languageHint } : {}),
    channel: item.channel,
  };
  const inputs: AnalysisInput[] = [
    {
      text: doc.text,
      ...context,
      ...(item.ratings ? { ratings: item.ratings } : {}),
      ...(item.customer ? { customer: item.customer } : {}),
    },
    ...customer.map(({ start, end }) => ({ text: item.text.slice(start, end), ...context })),
  ];
  const results = await analyzer.analyze(inputs);
  const whole: Analysis | undefined = results[0];
  if (!whole || results.length !== inputs.length) throw new Error(`analyzer returned ${results.length} results`);

  const perTurn = customer.map(({ index }, i) => ({ index, a: present(results[i + 1], "a customer turn's analysis") }));
  const turnAnalyses: TurnAnalysis[] = perTurn.map(({ index, a }) => ({
    turn: index,
    language: a.language,
    sentiment: { label: a.sentiment.label, score: a.sentiment.score, confidence: a.sentiment.confidence },
  }));

  // Nothing to fix: the customers' words read low (praise, a suggestion), or the customer opened with praise
  // and asks only to pass it on (「お礼を伝えてほしいです」 reads as a request: normal).
  const nothingToFix =
    whole.urgency.level === 'low' || (whole.urgency.level === 'normal' && perTurn[0]?.a.sentiment.label === 'positive');
  // A plain question (「マットレスは粗大ごみですか？」, "is 5G in Truro yet?") with no complaint in it is answered, not
  // fixed: like praise, it is settled when the customer accepts the answer ("わかりました").
  const firstTurn = customer[0];
  const lastTurn = customer.at(-1);
  const onlyAsks =
    whole.urgency.level === 'normal' &&
    perTurn[0]?.a.sentiment.label === 'neutral' &&
    !whole.urgency.reasons.some((r) => r.code === 'complaint') &&
    firstTurn !== undefined &&
    asks(item.text.slice(firstTurn.start, firstTurn.end));
  const cues = options.cues ?? defaultConversationCues();
  const ja = turns.some((t) => JAPANESE.test(item.text.slice(t.start, t.end)))
    ? await (options.japanese ?? loadJapaneseTokenizer)().catch(() => undefined)
    : undefined;
  const tokensOf = (text: string): JaToken[] | undefined => (ja && JAPANESE.test(text) ? ja.tokenize(text) : undefined);
  const escalations: TurnSpan[] = [];
  const resolutions: TurnSpan[] = [];
  const thanks: TurnSpan[] = [];
  // Per customer turn, where its last 'still waiting' and its last doubt ('but', でも) begin.
  const waitingAt = new Map<number, number>();
  const doubtAt = new Map<number, number>();
  // The first reply to the customer: a bot's greeting before the customer wrote is none.
  const firstCustomer = turns.findIndex((t) => t.role === 'customer');
  const firstReply = turns.findIndex((t, i) => i > firstCustomer && t.role !== 'customer');
  turns.forEach((t, index) => {
    const text = item.text.slice(t.start, t.end);
    const hits = cues.find(text, tokensOf(text));
    // Agents and bots hand the case on; customers ask for escalation, say it is solved and thank.
    if (t.role !== 'customer') {
      const handoff = handoffOf(text, hits);
      // A bot routing the chat to a person is how the channel runs, not an escalation (labelling guide §7);
      // a bot handing the case to a specialist team is one.
      const routing = t.role === 'bot' && hits.some((h) => h.kind === 'routing');
      // Passing praise or a suggestion on is courtesy, not a handoff.
      if (handoff && !routing && !nothingToFix) escalations.push({ turn: index, span: handoff });
      return;
    }
    for (const hit of hits) {
      const at = { turn: index, span: { start: hit.start, end: hit.end } };
      if (hit.kind === 'escalation') escalations.push(at);
      // Before anyone has replied, "it arrived" or "thanks" describes the problem, not its end.
      else if (firstReply < 0 || index < firstReply) continue;
      else if (hit.kind === 'resolution') resolutions.push(at);
      else if (hit.kind === 'thanks') thanks.push(at);
      else if (hit.kind === 'pending') waitingAt.set(index, Math.max(waitingAt.get(index) ?? -1, hit.start));
      else if (hit.kind === 'reservation') doubtAt.set(index, Math.max(doubtAt.get(index) ?? -1, hit.start));
    }
  });
  // A review the customer updates to more stars (★1 … ★★★★☆, "2 stars" … "5 stars") says the fix as plainly as
  // words — unless the update still waits or doubts ("Still no voucher though. 3 stars for now").
  if (
    firstTurn &&
    lastTurn &&
    firstReply >= 0 &&
    lastTurn.index > firstReply &&
    !waitingAt.has(lastTurn.index) &&
    !doubtAt.has(lastTurn.index)
  ) {
    const before = starsOf(item.text.slice(firstTurn.start, firstTurn.end));
    const after = starsOf(item.text.slice(lastTurn.start, lastTurn.end));
    if (before && after && after.stars > before.stars && !resolutions.some((r) => r.turn === lastTurn.index))
      resolutions.push({ turn: lastTurn.index, span: after.span });
  }
  const customerEscalations = escalations.filter((e) => turns[e.turn]?.role === 'customer');
  const lastEscalation = customerEscalations.at(-1)?.turn ?? -1;
  const lastCustomer = lastTurn?.index ?? -1;
  const endLabel = turnAnalyses.at(-1)?.sentiment.label ?? 'neutral';
  const lastText = lastTurn ? item.text.slice(lastTurn.start, lastTurn.end) : '';
  // Plain thanks in the customer's last word, after an agent or a bot replied, with no open question: solved
  // as the customer sees it ("He's just rung me. Thank you so much."). Not when the customer is still
  // waiting ("ok thank you, I'll wait for their call"; thanks for a plan, not for a fix).
  // A customer still waiting in their last word, or doubting it there without saying it is solved, is not
  // solved, whatever an earlier turn said ("直りました" … "またですか"); "that's fixed, I'll wait for the
  // letter" still waits — the last word counts ("確認できました … ご報告をお待ちしております").
  const lastWaiting = waitingAt.get(lastCustomer) ?? -1;
  const solvedLast = resolutions.some((r) => r.turn === lastCustomer && r.span.start > lastWaiting);
  const stillWaiting = (lastWaiting >= 0 || doubtAt.has(lastCustomer)) && !solvedLast;
  const closingThanks = thanks.find((t) => t.turn === lastCustomer);
  if (
    closingThanks &&
    !solvedLast &&
    !stillWaiting &&
    firstReply >= 0 &&
    firstReply < lastCustomer &&
    !QUESTION.test(lastText) &&
    endLabel !== 'negative'
  )
    resolutions.push(closingThanks);
  // A thread with nothing to fix, or only a question, is settled when the customer has the last word after a reply
  // and it accepts it ("will do haha", 「また行きます！」, 「わかりました」; labelling guide §7); one that ends on the
  // agent is not.
  if (
    (nothingToFix || onlyAsks) &&
    lastTurn &&
    lastCustomer === turns.length - 1 &&
    firstReply >= 0 &&
    lastCustomer > firstReply &&
    !resolutions.some((r) => r.turn === lastCustomer) &&
    !stillWaiting &&
    !QUESTION.test(lastText) &&
    endLabel !== 'negative'
  )
    resolutions.push({ turn: lastCustomer, span: { start: 0, end: lastTurn.end - lastTurn.start } });
  const lastResolution = resolutions.at(-1);
  // Said in the last word, a fix stands even when that turn reads negative overall ("works now, but the error
  // should never have happened"); an earlier one is undone by a negative last word.
  const resolved =
    lastResolution !== undefined &&
    lastResolution.turn >= lastEscalation &&
    (solvedLast || endLabel !== 'negative') &&
    !stillWaiting;
  const trajectory = turnAnalyses.length ? trajectoryOf(turnAnalyses) : undefined;
  const conversation: ConversationAnalysis = {
    ...base,
    turns: turnAnalyses,
    ...(trajectory ? { trajectory } : {}),
    escalations,
    resolutions,
    resolved,
  };

  const mapSpan = (span: Span) => doc.locate(span)?.evidence ?? span;
  const evidenceOf = (s: TurnSpan) => {
    const { start } = present(turns[s.turn], 'turn of an escalation or resolution');
    return {
      evidence: { start: start + s.span.start, end: start + s.span.end },
      turn: { index: s.turn, span: s.span },
    };
  };
  // The most urgent customer turn read alone counts too: a closing thank-you ("all sorted, thanks!") must not
  // talk a wheel nut left loose down to low. The conversation takes the more urgent of the two readings.
  const mostUrgent = perTurn.reduce((best, t) => {
    const [u, b] = [t.a.urgency, best.a.urgency];
    return rank(u.level) > rank(b.level) || (u.level === b.level && u.score > b.score) ? t : best;
  });
  const turn = rank(mostUrgent.a.urgency.level) > rank(whole.urgency.level) ? mostUrgent : undefined;
  const reasons: UrgencyReason[] = turn
    ? turn.a.urgency.reasons.map((r) =>
        r.evidence ? { ...r, ...evidenceOf({ turn: turn.index, span: r.evidence }) } : r,
      )
    : whole.urgency.reasons.map((r) => {
        const at = r.evidence ? doc.locate(r.evidence) : undefined;
        return at ? { ...r, evidence: at.evidence, turn: at.turn } : r;
      });
  const bands = options.bands ?? defaultTriageRules().config.bands;
  let urgency: UrgencyResult = { ...(turn ? turn.a.urgency : whole.urgency), reasons };
  const firstEscalation = customerEscalations[0];
  if (firstEscalation && !resolved) {
    const level: UrgencyLevel = rank(urgency.level) >= rank('high') ? urgency.level : 'high';
    urgency = {
      level,
      score: level === urgency.level ? urgency.score : moveIntoBand(urgency.score, urgency.level, level, bands),
      reasons: [
        { code: 'escalation_request', level: 'high', detail: 'asked for a manager', ...evidenceOf(firstEscalation) },
        ...urgency.reasons,
      ],
    };
  } else if (resolved && lastResolution) {
    const keep = urgency.reasons.some((r) => KEEP_WHEN_RESOLVED.has(r.code));
    const level = keep ? urgency.level : lower(urgency.level);
    urgency = {
      level,
      score: level === urgency.level ? urgency.score : moveIntoBand(urgency.score, urgency.level, level, bands),
      reasons: [
        ...urgency.reasons,
        {
          code: 'resolved_in_conversation',
          level: 'low',
          detail: 'the customer said it is solved',
          ...evidenceOf(lastResolution),
        },
      ],
    };
  }

  return {
    ...whole,
    sentiment: {
      ...whole.sentiment,
      sentences: whole.sentiment.sentences.map((s) => ({ ...s, span: mapSpan(s.span) })),
    },
    topics: whole.topics.map((t) => ({ ...t, evidence: t.evidence.map(mapSpan) })),
    urgency,
    conversation,
  };
};
