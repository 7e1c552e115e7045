import { present } from '../../present.js';
import type { JapaneseTokenizer, JaToken } from '../japanese/tokenizer.js';
import { splitSentences } from '../text/sentences.js';
import type { SentenceSentiment, SentimentLabel, SentimentResult, Span } from '../types.js';
import { JA_POLARITY } from './japanese/lexicon.js';
import { JA_PHRASES } from './japanese/phrases.js';
import {
  JA_AGAIN_WORDS,
  JA_CONTRAST_CONJUNCTIONS,
  JA_CONTRAST_PARTICLES,
  JA_EXCESS_SUFFIXES,
  JA_HARMLESS_EXCESS,
  JA_HOPE_WORDS,
  JA_INTENSIFIERS,
  JA_NEGATING_VERBS,
  JA_NEGATORS,
  JA_NEUTRAL_AUXILIARIES,
  JA_REVISIT_VERBS,
  JA_TRANSPARENT_VERBS,
  JA_UNFORGETTABLE,
} from './japanese/rules.js';

/** Tunables of the Japanese scorer (thresholds chosen on JRTE train/dev, never on test). */
export const JA_SENTIMENT_TUNING = {
  /** Sentence or comment score at or above which the label is positive. */
  positiveThreshold: 0.25,
  /** Score at or below minus this is negative. */
  negativeThreshold: 0.15,
  /** What a clause before が/けど/しかし keeps of its weight. */
  contrastBefore: 0.3,
  /** Negated praise keeps this share, reversed (美味しくない). */
  negatedPositive: 0.9,
  /** Negated criticism keeps this share, reversed (悪くない: mildly positive). */
  negatedNegative: 0.3,
  /** Criticism denied outright (不満な点は何一つない, 嫌な思いをしたことは一度もない) keeps this share, reversed: praise. */
  deniedOutright: 0.8,
  /** Questions lean neutral. */
  question: 0.5,
  /** A wish or request (〜てほしい, 〜ば良かった): an unmet expectation. */
  hope: -0.45,
  /** A suggestion: a wish told in the present (〜があると嬉しいです, 〜と助かります), not a regret (〜ば良かった). */
  suggestion: -0.1,
  /** Something missing (エレベーターはありません). */
  absence: -0.3,
  /** A neutral adjective with すぎる (高すぎる). */
  excess: -0.5,
  /** A request (〜てください). */
  request: -0.3,
  /** Something the customer could not do (食べられなかった, 乗ることが出来ません), or that should not be (ありえない). */
  cannot: -0.4,
  /** A problem fixed (不具合が直った, エラーが解消されました) keeps this share of its weight, reversed. */
  resolved: -0.6,
  /** A favour received (〜てくださいました, 〜ていただきました, 〜てくれた). */
  favour: 0.3,
  /** …もあります: a facility worth mentioning. */
  presence: 0.35,
  /** What a sentence ending on a turn (…のですが…) keeps of its score. */
  trailingContrast: 0.3,
  /** すごい as a sentence's predicate (夕食がすごい！). */
  amazing: 0.6,
  /** Wanting to come back (泊まりたい, 利用したい). */
  revisit: 0.6,
  /** Both signs at least this strong in different sentences makes a comment mixed. */
  mixedStrength: 0.35,
} as const;

// ---------------------------------------------------------------------------------------------
// Phrase index: phrases are tokenized once per tokenizer and matched on normalized keys.

const NEG_KEY = '¬';

interface Phrase {
  keys: string[];
  weight: number;
}

const phraseIndexes = new WeakMap<JapaneseTokenizer, Map<string, Phrase[]>>();

/** The key a token contributes to phrase matching, or undefined when matching skips it. */
const keyOf = (t: JaToken, basic: string): string | undefined => {
  if (t.pos === '助詞' || t.pos === '記号') return undefined;
  if (isNegator(t, basic)) return NEG_KEY;
  // ある is dropped so that 問題ない and 問題はありません share one key sequence.
  if (basic === 'ある' && t.pos === '動詞') return undefined;
  if (t.pos === '助動詞' && JA_NEUTRAL_AUXILIARIES.has(basic)) return undefined;
  return basic;
};

/** kuromoji reads 〜といい as と + 言い (いう); in feedback it is almost always 良い. */
const basicOf = (t: JaToken): string => (t.basic === 'いう' && t.surface === 'いい' ? 'いい' : t.basic);

const isNegator = (t: JaToken, basic: string): boolean =>
  (JA_NEGATORS.has(basic) && (t.pos === '助動詞' || (t.pos === '形容詞' && t.posDetail1 !== '接尾'))) ||
  (t.pos === '動詞' && JA_NEGATING_VERBS.has(basic));

const phraseIndexFor = (tokenizer: JapaneseTokenizer): Map<string, Phrase[]> => {
  const cached = phraseIndexes.get(tokenizer);
  if (cached) return cached;
  const index = new Map<string, Phrase[]>();
  const add = (text: string, weight: number) => {
    const keys: string[] = [];
    for (const t of tokenizer.tokenize(text)) {
      const k = keyOf(t, basicOf(t));
      if (k !== undefined) keys.push(k);
    }
    const first = keys[0];
    if (keys.length < 2 || first === undefined) return;
    const list = index.get(first) ?? [];
    list.push({ keys, weight });
    index.set(first, list);
  };
  // Lexicon entries that the tokenizer splits (言うことなし, 期待外れ) work as phrases too.
  for (const [word, weight] of JA_POLARITY) add(word, weight);
  for (const [text, weight] of JA_PHRASES) add(text, weight);
  // Longest first, so 二度と利用しない wins over 利用しない.
  for (const list of index.values()) list.sort((a, b) => b.keys.length - a.keys.length);
  phraseIndexes.set(tokenizer, index);
  return index;
};

// ---------------------------------------------------------------------------------------------
// Scoring

/** A polar expression found in a sentence. */
interface Item {
  weight: number;
  /** Token index of its last token. */
  end: number;
  negated: boolean;
  /** A content word came after it, so a later negation belongs to that word instead. */
  blocked: boolean;
}

const isContent = (t: JaToken, basic: string): boolean => {
  if (t.pos === '名詞') return t.posDetail1 !== '非自立' && t.posDetail1 !== '接尾' && t.posDetail1 !== '代名詞';
  if (t.pos === '動詞') return t.posDetail1 === '自立' && !JA_TRANSPARENT_VERBS.has(basic);
  if (t.pos === '形容詞') return t.posDetail1 === '自立';
  return t.pos === '副詞';
};

const isContrast = (t: JaToken): boolean =>
  (t.pos === '接続詞' && JA_CONTRAST_CONJUNCTIONS.has(t.basic)) ||
  (t.pos === '助詞' && t.posDetail1 === '接続助詞' && JA_CONTRAST_PARTICLES.has(t.basic));

const squash = (x: number): number => Math.tanh(x);

const labelOf = (score: number): SentimentLabel =>
  score >= JA_SENTIMENT_TUNING.positiveThreshold
    ? 'positive'
    : score <= -JA_SENTIMENT_TUNING.negativeThreshold
      ? 'negative'
      : 'neutral';

interface SentenceScore {
  raw: number;
  polarHits: number;
  opensWithContrast: boolean;
}

/** What one sentence needs: its tokens, their normalized forms and phrase keys. */
interface SentenceInput {
  tokens: JaToken[];
  basics: string[];
  keys: (string | undefined)[];
  from: number;
  to: number;
  phrases: Map<string, Phrase[]>;
  question: boolean;
}

/** Scores tokens[from, to) of one sentence; O(tokens × phrases sharing a first word). */
const scoreSentence = ({ tokens, basics, keys, from, to, phrases, question }: SentenceInput): SentenceScore => {
  const T = JA_SENTIMENT_TUNING;
  const items: Item[] = [];
  let before = 0; // settled weight of clauses before the last contrast
  let clauseStart = 0; // index into items where the current clause starts
  let contrastPending = false;
  let multiplier = 1;
  let multiplierTtl = 0;
  let neverAgain = false; // 二度と … ない
  let again = false; // また / 是非 / 必ず … 利用する
  let opensWithContrast = false;
  let sawContent = false;
  let polarHits = 0;

  const last = (): Item | undefined => (items.length > clauseStart ? items[items.length - 1] : undefined);
  const block = () => {
    const item = last();
    if (item) item.blocked = true;
  };
  const push = (weight: number, end: number, negated = false) => {
    if (contrastPending) {
      // The clause before a turn (…が、… / …けど、…) counts for less than the one after it.
      before = (before + sumFrom(items, clauseStart)) * T.contrastBefore;
      clauseStart = items.length;
      contrastPending = false;
      again = false;
      neverAgain = false;
    }
    const scaled = weight * multiplier;
    multiplier = 1;
    multiplierTtl = 0;
    items.push({ weight: scaled, end, negated, blocked: false });
    if (weight !== 0) polarHits++;
  };
  // A wish (…が欲しい, …ば良かった, …といい) says the praise in its clause was not met.
  const wish = (weight: number, end: number) => {
    for (const item of items.slice(clauseStart)) if (item.weight > 0) item.weight = 0;
    multiplier = 1;
    push(weight, end);
  };
  const isConditional = (k: number, start: number): boolean => {
    const prev = tokens[k];
    if (!prev || k < start) return false;
    // それを除けば最高: "apart from that", not a wish.
    if (basics[k] === 'ば') return basics[k - 1] !== '除く' && basics[k - 1] !== 'のぞく';
    if (basics[k] === 'た' && prev.conjugatedForm === '仮定形') return true;
    // と after a plain predicate (広いと, あると) is conditional; after a noun it is "with".
    const before2 = tokens[k - 1];
    return (
      basics[k] === 'と' &&
      before2 !== undefined &&
      (before2.pos === '形容詞' || before2.pos === '動詞' || before2.pos === '助動詞') &&
      before2.conjugatedForm === '基本形'
    );
  };

  for (let i = from; i < to; i++) {
    const t = present(tokens[i], 'token of the sentence');
    const basic = present(basics[i], 'basic form of the token');

    // 美味しかっただけに残念: だけに turns the sentence like けど does.
    if (isContrast(t) || (basic === 'だけ' && basics[i + 1] === 'に' && t.pos === '助詞')) {
      if (!sawContent && t.pos === '接続詞') opensWithContrast = true;
      else if (sawContent) contrastPending = true;
      multiplier = 1;
      continue;
    }

    // Longest phrase starting here (particles and politeness skipped, negations unified).
    const key = keys[i];
    const candidates = key === undefined ? undefined : phrases.get(key);
    if (candidates) {
      const match = matchPhrase(candidates, keys, i, to);
      if (match.phrase) {
        const negatedPhrase = match.phrase.keys.includes(NEG_KEY);
        const previous = last();
        // 騒音も気にならなかった / 不満は特にない: a cleared worry takes the complaint with it.
        if (negatedPhrase && match.phrase.weight > 0 && previous && previous.weight < 0 && !previous.blocked) {
          previous.weight = 0;
        }
        block();
        if (match.phrase.weight > 0 && isJudgement(t) && isConditional(i - 1, from))
          wish(pastAhead(tokens, basics, match.end, to) ? T.hope : T.suggestion, match.end);
        // A phrase that holds its own negation (二度と利用しない) is not negated again.
        else push(match.phrase.weight, match.end, negatedPhrase);
        sawContent = true;
        i = match.end;
        continue;
      }
    }

    if (isNegator(t, basic)) {
      const target = last();
      const denied = deniedItem(tokens, basics, items, clauseStart, i, from);
      const outright = isOutright(basics, from, i);
      // 残念でなりません / 嬉しくてならない: 〜てならない intensifies, it does not negate.
      const j = basics[i - 1] === 'ます' ? i - 2 : i - 1;
      const naranai = (basics[j] === 'なる' || basics[j] === 'なり') && (isTe(basics[j - 1]) || basics[j - 1] === 'だ');
      if (naranai) {
        if (target) target.weight *= 1.2;
      } else if (neverAgain) {
        push(-1, i, true);
        neverAgain = false;
      } else if (isNeverHappened(tokens, basics, i, from) && items.slice(clauseStart).some((x) => x.weight !== 0)) {
        // 嫌な思いをしたことは一度もない: what never happened is denied, with the words between (ある, こと) that
        // would otherwise have shielded it from the negation; こんなに…されたことはない says it was unheard of.
        if (!isUnprecedented(basics, from, i))
          for (let k = clauseStart; k < items.length; k++) {
            const item = items[k] as Item;
            if (!item.negated && item.weight !== 0) deny(item, outright);
          }
      } else if (denied) {
        // 傷ひとつない / 嫌な顔ひとつせず / 綺麗なタオルがない: the denied noun carries its modifier with it.
        deny(denied, outright);
      } else if (target && !target.negated && !target.blocked && target.weight !== 0) {
        deny(target, outright);
      } else if (again && target && target.weight > 0 && !target.negated) {
        target.weight = -target.weight;
        target.negated = true;
      } else if (isCannot(tokens, basics, i) && !target?.negated) {
        // 食べられませんでした / 乗ることが出来ない: something the customer could not do.
        push(T.cannot, i, true);
      } else if (isAbsence(tokens, basics, i, from) && sawContent && !target?.negated) {
        // ない / なし / ありません after a noun: something expected is missing.
        push(T.absence, i, true);
      }
      continue;
    }

    if (t.pos === '副詞' || t.pos === '名詞' || t.pos === '連体詞' || t.pos === '接頭詞' || t.pos === '接続詞') {
      const boost = JA_INTENSIFIERS.get(basic);
      if (
        boost !== undefined &&
        (t.pos === '副詞' || t.posDetail1 === '副詞可能' || basics[i + 1] === 'に' || t.pos === '接頭詞')
      ) {
        multiplier = boost;
        multiplierTtl = 3;
        continue;
      }
      if (basic === '二度と') {
        neverAgain = true;
        sawContent = true;
        continue;
      }
      if (JA_AGAIN_WORDS.has(basic)) {
        again = true;
        continue;
      }
    }

    // 〜すぎる: stronger when the word is polar, a complaint when it is not (高すぎる).
    if (JA_EXCESS_SUFFIXES.has(basic) && (t.posDetail1 === '非自立' || t.posDetail1 === '接尾') && i > from) {
      const prev = last();
      if (prev && prev.end === i - 1) prev.weight *= prev.weight > 0 ? 1.2 : 1.3;
      else if (!JA_HARMLESS_EXCESS.has(basics[i - 1] ?? '')) push(T.excess, i);
      continue;
    }

    // 〜てほしい (a request), …が欲しかった (something lacking): unmet expectations.
    if (JA_HOPE_WORDS.has(basic) && t.pos === '形容詞') {
      wish(isTe(basics[i - 1]) ? T.hope : T.hope * 0.8, i);
      continue;
    }
    // 〜てくださいました / 〜ていただきました / 〜てくれた: a favour received, thanked for (not 利用させていただきました,
    // the customer's own humble act); refused (〜ていただけませんでした, 〜てくれなかった), a complaint.
    if (JA_BENEFACTIVE.has(basic) && isTe(basics[i - 1]) && !isHumble(basics[i - 2])) {
      const told = favourTold(tokens, basics, i, to);
      if (told === 'refused') {
        push(T.cannot, i, true);
        sawContent = true;
        continue;
      }
      if (told === 'received') {
        push(T.favour, i);
        sawContent = true;
        continue;
      }
    }
    // 〜てください: a request, usually for something that was not done.
    const requested = basics[i - 2];
    const encouragement = requested === '頑張る' || requested === 'がんばる' || requested === '気を付ける';
    if ((basic === 'くださる' || basic === '下さる') && isTe(basics[i - 1]) && sawContent && !encouragement) {
      wish(T.request, i);
      continue;
    }

    // 利用したい / 泊まりたい / また利用します / 行ってみたい: wanting to come back is praise.
    // 行ってみたい: kuromoji reads みたい after て as one noun, or as みる + たい.
    const tryTo = basic === 'みたい' && isTe(basics[i - 1]);
    if ((basic === 'たい' && t.pos === '助動詞') || tryTo) {
      let j = tryTo ? i - 2 : i - 1;
      if (basics[j] === 'みる' && isTe(basics[j - 1])) j -= 2;
      const verb = basics[j] === 'する' ? basics[j - 1] : basics[j];
      if (verb && JA_REVISIT_VERBS.has(verb) && !last()) push(T.revisit, i);
      continue;
    }
    if (again && JA_REVISIT_VERBS.has(basic) && (t.pos === '動詞' || t.posDetail1 === 'サ変接続')) {
      push(T.revisit, i);
      again = false;
      sawContent = true;
      continue;
    }

    // 不具合が直った / エラーが解消されました: a problem fixed is good news, unless the fix is denied (直っていません).
    if (
      JA_RESOLVERS.has(basic) &&
      (t.pos === '動詞' || t.posDetail1 === 'サ変接続') &&
      fixDone(tokens, basics, i, to)
    ) {
      const problem = items.length > clauseStart ? (items[items.length - 1] as Item) : undefined;
      if (problem && problem.weight < 0 && !problem.negated && problem.end >= i - 4) {
        problem.weight *= T.resolved;
        problem.negated = true;
        sawContent = true;
        continue;
      }
    }

    // …もあります: a facility worth mentioning (the mirror of …はありません).
    if (basic === 'ある' && basics[i - 1] === 'も' && !last()?.weight && !negatedAhead(tokens, i, to)) {
      push(T.presence, i);
      continue;
    }

    // すごい！ / 凄いです: as the predicate it praises; before another word it only intensifies (すごい混んでた).
    // 神 as the predicate (対応が神だった, 神すぎる) is the same praise in slang.
    const godlike =
      basic === '神' && t.pos === '名詞' && (endsClause(tokens, i, to) || JA_EXCESS_SUFFIXES.has(basics[i + 1] ?? ''));
    if (((basic === 'すごい' || basic === '凄い') && t.pos === '形容詞' && endsClause(tokens, i, to)) || godlike) {
      // ホコリがすごい / 蚊が凄かった: said of a nuisance, it is how bad it was.
      const subject = last();
      if (subject && subject.weight < 0 && !subject.negated) subject.weight *= 1.3;
      else push(T.amazing, i);
      sawContent = true;
      continue;
    }
    // お勧めです: kuromoji reads お + 勧める; the honorific noun (お勧め) is what the lexicon lists.
    const weight =
      t.pos === '助詞' || t.pos === '助動詞'
        ? undefined
        : (JA_POLARITY.get(basic) ??
          (tokens[i - 1]?.pos === '接頭詞' ? JA_POLARITY.get(`${basics[i - 1]}${t.surface}`) : undefined));
    if (weight !== undefined) {
      block();
      if (weight > 0 && (isJudgement(t) || basic === '助かる') && isConditional(i - 1, from))
        wish(pastAhead(tokens, basics, i, to) ? T.hope : T.suggestion, i);
      else push(weight, i);
      sawContent = true;
      continue;
    }

    if (isContent(t, basic)) {
      sawContent = true;
      block();
      if (multiplierTtl > 0 && --multiplierTtl === 0) multiplier = 1;
    }
  }

  let raw = before + sumFrom(items, clauseStart);
  // 美味しかったのですが… : a turn with nothing after it withholds the praise (or blame).
  if (contrastPending) raw = (before + sumFrom(items, clauseStart)) * T.trailingContrast;
  if (question) raw *= T.question;
  return { raw, polarHits, opensWithContrast };
};

/** Adjectives and adjectival nouns judge; 〜ば最高 is a wish, 〜ばまた利用 is not. */
const isJudgement = (t: JaToken): boolean => t.pos === '形容詞' || (t.pos === '名詞' && t.posDetail1 !== 'サ変接続');

const isTe = (basic: string | undefined): boolean => basic === 'て' || basic === 'で';

/** ない after a noun that states something is missing, not a copula (ではない) or ことなく. */
const isAbsence = (tokens: JaToken[], basics: string[], i: number, from: number): boolean => {
  const t = present(tokens[i], 'token of ない');
  if (t.conjugatedForm === '連用テ接続' || i - 1 < from) return false;
  const prev = basics[i - 1];
  const existence = t.pos === '形容詞' || (prev === 'ます' && basics[i - 2] === 'ある') || prev === 'ある';
  if (!existence) return false;
  // では/じゃ + ない negates a statement (バイキングではありません), it reports nothing missing.
  const k = prev === 'ます' ? i - 3 : prev === 'ある' ? i - 2 : i - 1;
  const particle = basics[k];
  const beforeParticle = basics[k - 1];
  // ことはない / わけではない: a statement about an event, not a missing thing.
  if (tokens[k - 1]?.posDetail1 === '非自立') return false;
  return !(
    particle === 'で' ||
    particle === 'じゃ' ||
    (particle === 'は' && (beforeParticle === 'で' || beforeParticle === 'じゃ'))
  );
};

/**
 * Whether the fix at i is told as done in its own endings (直った, 解消されました, 直ってる), not denied (直っていません,
 * 解決しませんでした) nor only hoped for (改善希望, 復旧見込み).
 */
const fixDone = (tokens: JaToken[], basics: string[], i: number, to: number): boolean => {
  let done = false;
  for (let j = i + 1; j < to; j++) {
    const t = tokens[j] as JaToken;
    const b = basics[j] as string;
    if (isNegator(t, b)) return false;
    if (b === 'た' || b === 'いる' || b === 'てる') done = true;
    const ending =
      t.pos === '助動詞' ||
      (t.pos === '助詞' && t.posDetail1 === '接続助詞') ||
      (t.pos === '動詞' && (t.posDetail1 === '非自立' || t.posDetail1 === '接尾' || b === 'する'));
    if (!ending) break;
  }
  return done;
};

/** Verbs and サ変 nouns that say a problem was fixed. */
const JA_RESOLVERS = new Set(['直る', '治る', '解消', '解決', '改善', '回復', '復旧', '収まる', '治まる']);

/** Verbs of a favour done for the speaker after 〜て (くださる, いただく, くれる, もらう and their potentials). */
const JA_BENEFACTIVE = new Set([
  'くださる',
  '下さる',
  'いただく',
  '頂く',
  'いただける',
  '頂ける',
  'くれる',
  '呉れる',
  'もらう',
  '貰う',
  'もらえる',
  '貰える',
]);

/** 〜させていただく: the speaker's own act, humbly told (利用させていただきました), no favour. */
const isHumble = (basic: string | undefined): boolean => basic === 'せる' || basic === 'させる';

/**
 * How the favour verb at i is told, from the auxiliaries after it: 'received' in the past (いただきました,
 * くれた), 'refused' when negated (いただけませんでした, くれなかった), else undefined (a request or a plan:
 * 〜てください, 〜ていただけますか).
 */
const favourTold = (tokens: JaToken[], basics: string[], i: number, to: number): 'received' | 'refused' | undefined => {
  let past = false;
  for (let j = i + 1; j < to; j++) {
    const t = tokens[j] as JaToken;
    if (t.pos !== '助動詞') break;
    const b = basics[j] as string;
    if (isNegator(t, b)) return 'refused';
    if (b === 'た') past = true;
  }
  return past ? 'received' : undefined;
};

/** こんなに / これほど / ここまで … ことはない: never before, an extreme (either way), not a denial. */
const isUnprecedented = (basics: string[], from: number, to: number): boolean => {
  for (let k = from; k < to; k++) {
    const b = basics[k];
    if (b === 'こんな' || b === 'こんなに' || b === 'あんな' || b === 'あんなに' || b === 'これほど') return true;
    const demonstrative = basics[k - 1];
    if (b === 'ほど' && (demonstrative === 'これ' || demonstrative === 'あれ')) return true;
    if (b === 'まで' && demonstrative === 'ここ') return true;
  }
  return false;
};

/** Words between ことは and ない that only stress the never: 一度も, 今まで, 全く, まだ, 特に. */
const NEVER_STRESS = new Set([
  '一',
  '一度',
  '度',
  '一回',
  '回',
  '今',
  'まで',
  '今まで',
  '全く',
  'まったく',
  'まだ',
  '特に',
  'も',
  'は',
  'が',
]);

/**
 * ない / ありません closing 〜たことは(一度も)ない or 〜することはない: an event that never happened (or never
 * happens), not a thing missing.
 */
const isNeverHappened = (tokens: JaToken[], basics: string[], i: number, from: number): boolean => {
  let j = i - 1;
  if (basics[j] === 'ます') j--;
  if (basics[j] === 'ある') j--;
  else if (basics[i] !== 'ない') return false; // ん / ぬ need ありませ / あら before them
  for (let skipped = 0; j > from && skipped < 5 && NEVER_STRESS.has(basics[j] ?? ''); skipped++) j--;
  if (basics[j] !== 'こと' || tokens[j]?.posDetail1 !== '非自立') return false;
  const before = tokens[j - 1];
  return before !== undefined && (before.pos === '動詞' || (before.pos === '助動詞' && basics[j - 1] === 'た'));
};

/** Negates an item: praise turns to blame, blame to faint praise, or to praise when denied outright. */
const deny = (item: Item, outright: boolean): void => {
  const T = JA_SENTIMENT_TUNING;
  const share = item.weight > 0 ? T.negatedPositive : outright ? T.deniedOutright : T.negatedNegative;
  item.weight = -item.weight * share;
  item.negated = true;
};

/** Words that make a denial outright: not one (何一つ, ひとつ), not once (一度も), not at all (一切, 全く); also 何 + も. */
const OUTRIGHT = new Set([
  '何一つ',
  '何ひとつ',
  'ひとつ',
  '一つ',
  '一',
  '一度',
  '一切',
  '全く',
  'まったく',
  '何も',
  '少しも',
]);

/** Whether one of the few words before the negator at i makes the denial outright. */
const isOutright = (basics: string[], from: number, i: number): boolean => {
  for (let k = Math.max(from, i - 6); k < i; k++)
    if (OUTRIGHT.has(basics[k] ?? '') || (basics[k] === '何' && basics[k + 1] === 'も')) return true;
  return false;
};

/** Words between a denied noun and its ない that only stress the denial: 何一つ, ひとつ, 一切, 全く, 特に. */
const DENIAL_STRESS = new Set([
  ...NEVER_STRESS,
  '何一つ',
  '何ひとつ',
  'ひとつ',
  '一つ',
  '何',
  'つ',
  '一切',
  '少し',
  '何も',
  'ほぼ',
  'ほとんど',
]);

/**
 * The item a negator at i denies across the words that would otherwise shield it: 傷ひとつない, 問題は一切ない
 * (the denied word itself, before the stress), 嫌な顔ひとつせず, 不満な点は何一つない, 美味しい料理はなかった (the word
 * that modifies a denied noun, through な or directly). ない / なし / ありません / せず after at most two nouns.
 */
const deniedItem = (
  tokens: JaToken[],
  basics: string[],
  items: Item[],
  clauseStart: number,
  i: number,
  from: number,
): Item | undefined => {
  let j = i - 1;
  if (basics[j] === 'ます') j--;
  if (basics[j] === 'れる') j--;
  if (basics[j] === 'ある' || basics[j] === 'する' || basics[j] === 'いる') j--;
  else if (basics[i] !== 'ない') return undefined;
  let skipped = 0;
  for (; j > from && skipped < 5 && DENIAL_STRESS.has(basics[j] ?? ''); skipped++) j--;
  if (skipped > 0) {
    const direct = itemEndingAt(items, clauseStart, j);
    if (direct) return direct;
  }
  let nouns = 0;
  while (nouns < 2 && j > from && tokens[j]?.pos === '名詞' && tokens[j]?.posDetail1 !== '形容動詞語幹') {
    j--;
    nouns++;
  }
  if (nouns === 0) return undefined;
  // Not の: 謝罪の言葉はない says an apology is missing, not that one was denied.
  if (basics[j] === 'だ') return itemEndingAt(items, clauseStart, j - 1);
  return tokens[j]?.pos === '形容詞' ? itemEndingAt(items, clauseStart, j) : undefined;
};

/** The item in the current clause that ends at token `end` and can still be negated. */
const itemEndingAt = (items: Item[], clauseStart: number, end: number): Item | undefined => {
  for (let k = items.length - 1; k >= clauseStart; k--) {
    const item = items[k] as Item;
    if (item.end === end) return item.negated || item.weight === 0 ? undefined : item;
    if (item.end < end) return undefined;
  }
  return undefined;
};

/**
 * ない after できる, or after られる / れる as a suffix (食べられない), unless it praises (忘れられない); and ありえない,
 * which kuromoji splits as ありえる + ない or ある + える + ない.
 */
const isCannot = (tokens: JaToken[], basics: string[], i: number): boolean => {
  const j = basics[i - 1] === 'ます' ? i - 2 : i - 1;
  const basic = basics[j];
  if (basic === 'できる' || basic === '出来る') return tokens[j]?.pos === '動詞';
  if (basic === 'ありえる' || basic === '有り得る' || (basic === 'える' && basics[j - 1] === 'ある')) return true;
  return (
    (basic === 'られる' || basic === 'れる') &&
    tokens[j]?.posDetail1 === '接尾' &&
    !JA_UNFORGETTABLE.has(basics[j - 1] ?? '')
  );
};

/** Nothing but auxiliaries, sentence-final particles and punctuation after token k (up to `to`). */
const endsClause = (tokens: JaToken[], k: number, to: number): boolean => {
  for (let j = k + 1; j < to; j++) {
    const next = tokens[j];
    // kuromoji reads a half-width ! or ? as a noun.
    if (
      next &&
      next.pos !== '助動詞' &&
      next.pos !== '記号' &&
      next.posDetail1 !== '終助詞' &&
      !/^[!?]+$/.test(next.surface)
    )
      return false;
  }
  return true;
};

/**
 * A past-tense た after token k before the clause ends: 〜ば良かった regrets what did not happen;
 * 〜と嬉しいです asks for what could.
 */
const pastAhead = (tokens: JaToken[], basics: string[], k: number, to: number): boolean => {
  for (let j = k + 1; j < to; j++) {
    if (tokens[j]?.pos === '記号') return false;
    if (basics[j] === 'た' && tokens[j]?.pos === '助動詞') return true;
  }
  return false;
};

const negatedAhead = (tokens: JaToken[], i: number, to: number): boolean =>
  tokens.slice(i + 1, Math.min(to, i + 4)).some((t) => isNegator(t, basicOf(t)));

const sumFrom = (items: Item[], start: number): number =>
  items.slice(start).reduce((sum, item) => sum + item.weight, 0);

const matchPhrase = (
  candidates: Phrase[],
  keys: (string | undefined)[],
  start: number,
  to: number,
): { phrase?: Phrase; end: number } => {
  for (const phrase of candidates) {
    let j = start;
    let k = 0;
    let end = start;
    while (k < phrase.keys.length && j < to) {
      const key = keys[j];
      if (key === undefined) {
        j++;
        continue;
      }
      if (key !== phrase.keys[k]) break;
      end = j;
      k++;
      j++;
    }
    if (k === phrase.keys.length) return { phrase, end };
  }
  return { end: start };
};

const isQuestion = (tokens: JaToken[], from: number, to: number, text: string, span: Span): boolean => {
  const tail = text.charCodeAt(span.end - 1);
  if (tail === 0x3f /* ? */ || tail === 0xff1f /* ？ */) return true;
  const t = tokens.slice(from, to).findLast((token) => token.pos !== '記号');
  return t?.pos === '助詞' && (t.basic === 'か' || t.basic === 'かな' || t.basic === 'かしら');
};

// Kana and kanji: the share of them tells how much of the text this scorer can read.
const isJapaneseChar = (c: number): boolean =>
  (c >= 0x3040 && c <= 0x30ff) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || c === 0x3005;

const japaneseShare = (text: string): number => {
  let ja = 0;
  let letters = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isJapaneseChar(c)) {
      ja++;
      letters++;
    } else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c > 0xff) letters++;
  }
  return letters === 0 ? 0 : ja / letters;
};

const round = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * Lexicon-and-rules sentiment for Japanese text: per-sentence scores and a comment label
 * (negation, intensifiers, contrast, questions, wishes, 〜すぎる). Never throws.
 */
export const scoreJapanese = (text: string, tokenizer: JapaneseTokenizer): SentimentResult => {
  const T = JA_SENTIMENT_TUNING;
  if (typeof text !== 'string' || text.trim() === '') {
    return { label: 'neutral', score: 0, confidence: 0, sentences: [] };
  }
  const phrases = phraseIndexFor(tokenizer);
  const tokens = tokenizer.tokenize(text);
  const basics = tokens.map(basicOf);
  const keys = tokens.map((t) => keyOf(t, basicOf(t)));
  const spans = splitSentences(text);

  const sentences: SentenceSentiment[] = [];
  let weightedSum = 0;
  let weightTotal = 0;
  let strongestPositive = 0;
  let strongestNegative = 0;
  let polarHits = 0;
  let ti = 0;
  for (const span of spans) {
    while (ti < tokens.length && present(tokens[ti], 'token').end <= span.start) ti++;
    const from = ti;
    while (ti < tokens.length && present(tokens[ti], 'token').start < span.end) ti++;
    const question = isQuestion(tokens, from, ti, text, span);
    const scored = scoreSentence({ tokens, basics, keys, from, to: ti, phrases, question });
    const score = round(squash(scored.raw));
    sentences.push({ span, label: labelOf(score), score });
    polarHits += scored.polarHits;
    // しかし/でも opening a sentence turns the comment: earlier sentences count for less.
    if (scored.opensWithContrast) {
      weightedSum *= T.contrastBefore;
      weightTotal *= T.contrastBefore;
    }
    // Polar sentences speak louder than neutral filler (「2泊しました。」).
    const weight = 0.25 + Math.abs(score);
    weightedSum += weight * score;
    weightTotal += weight;
    if (score > strongestPositive) strongestPositive = score;
    if (score < strongestNegative) strongestNegative = score;
  }

  const score = weightTotal > 0 ? round(Math.max(-1, Math.min(1, weightedSum / weightTotal))) : 0;
  let label = labelOf(score);
  if (strongestPositive >= T.mixedStrength && -strongestNegative >= T.mixedStrength && Math.abs(score) < 0.5) {
    label = 'mixed';
  }
  const share = japaneseShare(text);
  const evidence = polarHits === 0 ? 0.45 : Math.min(0.95, 0.6 + 0.35 * Math.abs(score) + 0.05 * polarHits);
  const confidence = round(tokens.length === 0 ? 0.1 : share * evidence);
  return { label, score, confidence, sentences };
};
