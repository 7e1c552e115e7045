/**
 * Word lists that drive the Japanese sentiment rules (negation, intensifiers, contrast,
 * transparency for negation scope). Written by the Koe team; Apache-2.0.
 * All keys are kuromoji dictionary forms.
 */

/** Dictionary forms that negate (助動詞 ない/ぬ/ん/ず, 形容詞 ない/無い/なし). */
export const JA_NEGATORS: ReadonlySet<string> = new Set([
  'ない',
  '無い',
  'ぬ',
  'ん',
  'ず',
  'なし',
  '無し',
  'ねぇ',
  'ねー',
]);

/** Adverbs that scale the next polar word: > 1 intensifies, < 1 softens. */
export const JA_INTENSIFIERS: ReadonlyMap<string, number> = new Map([
  ['とても', 1.5],
  ['とっても', 1.5],
  ['非常', 1.5],
  ['大変', 1.4],
  ['すごく', 1.5],
  ['凄く', 1.5],
  ['すっごく', 1.6],
  ['すごい', 1.3],
  ['凄い', 1.3],
  ['本当に', 1.3],
  ['本当', 1.2],
  ['ほんとに', 1.3],
  ['実に', 1.3],
  ['かなり', 1.3],
  ['相当', 1.3],
  ['超', 1.5],
  ['めちゃくちゃ', 1.5],
  ['めっちゃ', 1.5],
  ['めちゃ', 1.4],
  ['極めて', 1.5],
  ['最も', 1.4],
  ['一番', 1.3],
  ['特に', 1.2],
  ['とにかく', 1.3],
  ['なかなか', 1.1],
  ['結構', 1.1],
  ['大いに', 1.4],
  ['心から', 1.4],
  ['本当にとても', 1.6],
  ['全然', 1.3],
  ['全く', 1.4],
  ['まったく', 1.4],
  ['一切', 1.4],
  ['決して', 1.3],
  ['少し', 0.6],
  ['すこし', 0.6],
  ['ちょっと', 0.7],
  ['ちょい', 0.7],
  ['やや', 0.6],
  ['若干', 0.6],
  ['多少', 0.7],
  ['少々', 0.6],
  ['あまり', 0.8],
  ['余り', 0.8],
  ['まあまあ', 0.5],
  ['比較的', 0.8],
  ['割と', 0.8],
  ['わりと', 0.8],
]);

/** Conjunctions (接続詞) that turn the sentence: what follows weighs more than what came before. */
export const JA_CONTRAST_CONJUNCTIONS: ReadonlySet<string> = new Set([
  'しかし',
  'でも',
  'ただ',
  'ただし',
  'だが',
  'ですが',
  'けど',
  'けれど',
  'けれども',
  'だけど',
  'ところが',
  'とはいえ',
  'なのに',
  'それでも',
  'しかしながら',
  'が',
]);

/** Conjunctive particles (接続助詞) that introduce a contrasting clause. */
export const JA_CONTRAST_PARTICLES: ReadonlySet<string> = new Set([
  'が',
  'けど',
  'けれど',
  'けれども',
  'のに',
  'ものの',
  'ながら',
]);

/**
 * Verbs that do not block negation scope: in 美味しいとは思わない or 満足できない the
 * negation still reaches the polar word before them.
 */
export const JA_TRANSPARENT_VERBS: ReadonlySet<string> = new Set([
  'ある',
  'いる',
  'する',
  'なる',
  'できる',
  '出来る',
  '思う',
  '感じる',
  'れる',
  'られる',
  'くれる',
  'もらう',
  'いただく',
  '頂く',
  'ござる',
  'おる',
  'いう',
  '言う',
  '言える',
  'せる',
  'させる',
  'みる',
  'しまう',
  'くる',
  'いく',
  'わかる',
]);

/** Auxiliaries that only mark politeness or tense, so they never change polarity. */
export const JA_NEUTRAL_AUXILIARIES: ReadonlySet<string> = new Set([
  'ます',
  'です',
  'た',
  'だ',
  'でござる',
  'う',
  'ござる',
]);

/** Verbs of coming back; with たい (want to) they are praise: また泊まりたい. */
export const JA_REVISIT_VERBS: ReadonlySet<string> = new Set([
  '利用',
  '予約',
  '来店',
  '来院',
  '参加',
  '申し込む',
  '泊まる',
  '宿泊',
  '連泊',
  '延泊',
  // kuromoji splits 連泊 as 連 + 泊.
  '泊',
  '行く',
  // 行って is read as 行う as often as 行く (また行ってみたい).
  '行う',
  '来る',
  'くる',
  '寄る',
  '立ち寄る',
  '乗る',
  '食べる',
  '伺う',
  '訪れる',
  '訪問',
  '使う',
  '買う',
  '購入',
  '注文',
  '頼む',
  'リピート',
  '泊まれる',
  'お世話',
  '再訪',
]);

/** Adjectives with no polarity of their own that become complaints with すぎる (高すぎる). */
export const JA_EXCESS_SUFFIXES: ReadonlySet<string> = new Set(['すぎる', '過ぎる', 'すぎ', '過ぎ']);

/** Wanting something to be (〜てほしい) states an unmet expectation. */
export const JA_HOPE_WORDS: ReadonlySet<string> = new Set(['ほしい', '欲しい']);

/** Verbs that negate what precedes them like ない does (清潔感に欠ける). */
export const JA_NEGATING_VERBS: ReadonlySet<string> = new Set(['欠ける', '欠く']);

/** Words that announce coming back when a revisit verb follows (また利用します, 是非泊まります). */
export const JA_AGAIN_WORDS: ReadonlySet<string> = new Set([
  'また',
  '又',
  '叉',
  '再び',
  '是非',
  'ぜひ',
  '必ず',
  '絶対',
  'きっと',
]);

/** Verbs where 〜すぎ is a pleasure, not a complaint (食べ過ぎました). */
export const JA_HARMLESS_EXCESS: ReadonlySet<string> = new Set(['食べる', '飲む', '食べ', '遊ぶ', '笑う']);

/** Verbs whose 〜られない praises rather than reports a failure (忘れられない味, 信じられないほど美味しい). */
export const JA_UNFORGETTABLE: ReadonlySet<string> = new Set(['忘れる', '信じる', 'やめる', '止める', '離れる']);
