import { type CueConfig, type CueEngine, compileCues } from '../analysis/cues/engine.js';
import type { JaToken } from '../analysis/japanese/tokenizer.js';
import { JA_POLARITY } from '../analysis/sentiment/japanese/lexicon.js';
import { JA_NEGATORS } from '../analysis/sentiment/japanese/rules.js';
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
  completion?: CompletionLists,
): ConversationCueMatcher => {
  const negation = defaultTriageRules().config.negation;
  // Looked up per verb of every Japanese customer turn: sets, made once.
  const completionSets = completion && {
    works: new Set(completion.works),
    stopped: new Set(completion.stopped),
    problems: new Set(completion.problems),
  };
  const engine: CueEngine = compileCues(
    KINDS.map((kind) => cues[kind]),
    { enWords: negation.en.words, enWindow: negation.en.window, jaWindow: negation.ja.window },
  );
  return {
    find: (text, jaTokens) => {
      const hits: ConversationCueHit[] = engine.find(text, jaTokens).flatMap((hit) => {
        const kind = KINDS[hit.group];
        return kind ? [{ kind, start: hit.start, end: hit.end }] : [];
      });
      if (!completionSets || !jaTokens?.length) return hits;
      const extra = completionsOf(jaTokens, completionSets).filter(
        (span) => !hits.some((h) => h.kind === 'resolution' && h.start < span.end && span.start < h.end),
      );
      if (extra.length === 0) return hits;
      return [...hits, ...extra.map((span) => ({ kind: 'resolution' as const, ...span }))].sort(
        (a, b) => a.start - b.start || a.end - b.end,
      );
    },
  };
};

/** The verbs and nouns of Japanese completions (conversation-cues.json `completion`). */
export interface CompletionLists {
  works: readonly string[];
  stopped: readonly string[];
  problems: readonly string[];
}

/** {@link CompletionLists} as sets. */
interface CompletionSets {
  works: ReadonlySet<string>;
  stopped: ReadonlySet<string>;
  problems: ReadonlySet<string>;
}

/**
 * Japanese resolutions by grammar, not by spelling, as spans:
 * - a word in `works` told as done or as the state now, not negated (直りました, 戻ってました, 解消されています,
 *   予約が取れました);
 * - anything that can now be done (見られるようになった, 予約できるようになりました);
 * - something good it became (速くなりました, 静かになった);
 * - a word in `stopped`, or any verb after a noun in `problems`, told as no longer happening (途切れなくなりました,
 *   エラーが出なくなった).
 * Not when asked (直りましたか), conditional (直ったら), said of a noun (届いた商品が…) or only thought (直ったと思ったら).
 */
const completionsOf = (tokens: readonly JaToken[], lists: CompletionSets): Array<{ start: number; end: number }> => {
  const out: Array<{ start: number; end: number }> = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k] as JaToken;
    let j = k + 1;
    let word: string;
    // 速くなりました / 静かになりました: something good it became (a word the sentiment lexicon reads as praise).
    const becameGood =
      (JA_POLARITY.get(t.basic) ?? 0) > 0 &&
      ((t.pos === '形容詞' && tokens[j]?.basic === 'なる') ||
        (t.posDetail1 === '形容動詞語幹' && tokens[j]?.basic === 'に' && tokens[j + 1]?.basic === 'なる'));
    if (becameGood) {
      word = t.basic;
      j += t.pos === '形容詞' ? 1 : 2;
    } else if (t.pos === '動詞' && t.posDetail1 === '自立') word = t.basic;
    else if (t.pos === '名詞' && (tokens[j]?.basic === 'する' || tokens[j]?.basic === 'できる')) {
      word = t.basic;
      j++;
    } else continue;
    const works = becameGood || lists.works.has(word);
    const stops = lists.stopped.has(word) || (t.pos === '動詞' && problemBefore(tokens, k, lists.problems));
    // What can now be done (見られるようになった, 予約できるようになりました): it works. Potential verbs (取れる, 使える)
    // are listed in `works`: a verb ending in れる may as well say something broke (壊れる, 遅れる).
    const able = t.pos === '動詞' ? tokens[j]?.posDetail1 === '接尾' : tokens[j - 1]?.basic === 'できる';
    if (!works && !stops && !able) continue;
    let past = false;
    let state = false;
    let negated = false;
    let become = false;
    let conditional = false;
    for (; j < tokens.length; j++) {
      const n = tokens[j] as JaToken;
      if (n.pos === '助動詞') {
        if (n.basic === 'た') {
          past = true;
          conditional ||= n.conjugatedForm === '仮定形';
        } else if (JA_NEGATORS.has(n.basic)) negated = true;
        // 直ってます: 〜て(い)ます with the い dropped is the state now.
        else if (n.basic === 'ます' && tokens[j - 1]?.posDetail1 === '接続助詞') state = true;
      } else if (n.pos === '動詞' && (n.posDetail1 === '非自立' || n.posDetail1 === '接尾')) {
        state ||= n.basic === 'いる' || n.basic === 'てる' || n.basic === 'おる';
      } else if (n.basic === 'よう' && tokens[j + 1]?.basic === 'に' && tokens[j + 2]?.basic === 'なる') {
        // 映るようになりました: works now.
        become = true;
        j += 2;
      } else if (n.basic === 'なる' && negated) {
        // 途切れなくなりました: no longer happens.
        become = true;
      } else if (!(n.pos === '助詞' && n.posDetail1 === '接続助詞' && (n.basic === 'て' || n.basic === 'で'))) break;
    }
    const next = tokens[j];
    if (conditional || next?.pos === '名詞' || next?.basic === 'か' || next?.basic === 'と') continue;
    const done = past || state;
    const fixed = (works || (able && become)) && !negated;
    const stopped = stops && negated && become;
    if (done && (fixed || stopped)) out.push({ start: t.start, end: (tokens[j - 1] as JaToken).end });
  }
  return out;
};

/** Whether a noun of `problems` comes earlier in token k's sentence (エラーが出なくなった). */
const problemBefore = (tokens: readonly JaToken[], k: number, problems: ReadonlySet<string>): boolean => {
  for (let i = k - 1; i >= 0 && i >= k - 6; i--) {
    const t = tokens[i] as JaToken;
    if (t.pos === '記号') return false;
    if (t.pos !== '名詞') continue;
    // kuromoji splits 異音 as 異 + 音.
    const prefix = tokens[i - 1]?.pos === '接頭詞' ? (tokens[i - 1] as JaToken).surface : '';
    if (problems.has(t.basic) || (prefix && problems.has(prefix + t.basic))) return true;
  }
  return false;
};

let defaults: ConversationCueMatcher | undefined;

/** Koe's conversation cues (shared/transcripts/conversation-cues.json), compiled once per process. */
export const defaultConversationCues = (): ConversationCueMatcher => {
  defaults ??= compileConversationCues(cuesJson, cuesJson.completion);
  return defaults;
};
