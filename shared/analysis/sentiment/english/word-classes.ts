/**
 * Closed word classes the English rules react to (Koe's own lists). They are data: the scorer
 * looks each token up once in a map built from these lists, never by regex.
 */

/** Words that flip the valence of what follows within a short scope. `n't` forms are caught by suffix too. */
export const NEGATORS: readonly string[] = [
  'not',
  'no',
  'never',
  'none',
  'nothing',
  'neither',
  'nor',
  'without',
  'cannot',
  'cant',
  'dont',
  'didnt',
  'doesnt',
  'isnt',
  'wasnt',
  'arent',
  'werent',
  'wont',
  'wouldnt',
  'couldnt',
  'shouldnt',
  'hasnt',
  'havent',
  'hadnt',
  'aint',
  'hardly',
  'barely',
  'rarely',
  'seldom',
  'nowhere',
  'lack',
  'lacks',
  'lacked',
  'less',
  'unable',
  'zero',
];

/**
 * Expectation words: neutral alone, a complaint when negated ("never arrived", "didn't help",
 * "no response", "hasn't been refunded", "can't get through").
 */
export const EXPECTATIONS: readonly string[] = (
  'arrive arrived arrives arriving receive received receiving get got gotten getting hear heard ' +
  'respond responded responding response responses reply replied replies answer answered answering answers ' +
  'call called calls callback contact contacted email emailed update updated updates info information ' +
  'explanation notice notification notified work works worked working function functioning help helped helping ' +
  'show showed shown come came fix fixed fixing refund refunded resolve resolved solved sorted ' +
  'return returned back through load loads loaded open opens connect connected deliver delivered delivery ' +
  'apology apologize apologized compensation offer offered option options seat seats room space food water ' +
  'wifi wi-fi power signal luck sense clue idea way record confirmation assistance support acknowledge ' +
  'acknowledged follow followed care cared leave left move moved land landed take off departed boarded ' +
  'communication communicated told informed warned staff agent agents rep reps one person human anyone ' +
  'address addressed again revisit revisiting returning eat eating go going visit flavor flavour taste seasoning available able change changed make made let allow allowed find found accept accepted honor honored like liked'
).split(' ');

/** Multipliers for the next sentiment word: intensifiers (>1) and diminishers (<1). */
export const BOOSTERS: ReadonlyArray<readonly [string, number]> = [
  ['very', 1.3],
  ['really', 1.3],
  ['so', 1.25],
  ['sooo', 1.4],
  ['soooo', 1.5],
  ['extremely', 1.5],
  ['super', 1.3],
  ['totally', 1.3],
  ['absolutely', 1.4],
  ['incredibly', 1.4],
  ['completely', 1.3],
  ['utterly', 1.5],
  ['truly', 1.25],
  ['highly', 1.3],
  ['too', 1.15],
  ['such', 1.2],
  ['especially', 1.2],
  ['particularly', 1.2],
  ['quite', 1.1],
  ['pretty', 1.1],
  ['most', 1.2],
  ['ridiculously', 1.5],
  ['insanely', 1.5],
  ['seriously', 1.3],
  ['freaking', 1.4],
  ['fucking', 1.5],
  ['damn', 1.3],
  ['damned', 1.3],
  ['bloody', 1.3],
  ['thoroughly', 1.3],
  ['deeply', 1.3],
  ['hugely', 1.4],
  ['massively', 1.4],
  ['exceptionally', 1.5],
  ['remarkably', 1.3],
  ['unbelievably', 1.5],
  ['terribly', 1.4],
  ['awfully', 1.3],
  ['entirely', 1.2],
  ['beyond', 1.3],
  ['even', 1.1],
  ['all', 1.05],
  ['slightly', 0.6],
  ['somewhat', 0.7],
  ['kinda', 0.7],
  ['kindof', 0.7],
  ['sorta', 0.7],
  ['fairly', 0.85],
  ['rather', 0.9],
  ['mildly', 0.6],
  ['partly', 0.7],
  ['marginally', 0.6],
  ['almost', 0.8],
  ['relatively', 0.8],
  ['reasonably', 0.85],
  ['little', 0.8],
  ['bit', 0.7],
  ['occasionally', 0.7],
];

/** Phrases that act as diminishers. */
export const DIMINISHER_PHRASES: ReadonlyArray<readonly [string, number]> = [
  ['kind of', 0.7],
  ['sort of', 0.7],
  ['a bit', 0.7],
  ['a little', 0.7],
  ['a little bit', 0.6],
  ['more or less', 0.7],
];

/** "but X": what comes before weighs less, what comes after weighs more. */
export const CONTRASTS: readonly string[] = [
  'but',
  'however',
  'nevertheless',
  'nonetheless',
  'though',
  'tho',
  'except',
];

/** "although X, Y": the concessive clause X weighs less, up to the next clause break. */
export const CONCESSIVES: readonly string[] = ['although', 'despite', 'while', 'whilst', 'albeit'];

/** Words a negation reaches across without using up its scope ("never had any large problems"). */
export const FILLERS: readonly string[] = (
  'a an the any my your our their his her its this that these those been be have had has ever even of to ' +
  'single one it them him me us you i we they quite think thought feel felt believe is are was were am'
).split(' ');

/** Verbs that turn the next problem word into a good thing ("fixes all the problems", "solved my issue"). */
export const RESOLVERS: readonly string[] = (
  'fix fixes fixed fixing solve solves solved solving resolve resolves resolved eliminate eliminates eliminated ' +
  'prevent prevents prevented cure cures cured remove removes removed reduce reduces reduced avoid avoids avoided ' +
  'relieve relieves relieved'
).split(' ');

/** Irrealis words: positive words in their clause are wishes or requests ("would be nice if", "if only", "I hope"). */
export const IRREALIS: readonly string[] = [
  'would',
  "would've",
  'could',
  'should',
  "should've",
  'if',
  'wish',
  'hoping',
  'unless',
  'whether',
  "i'd",
  'id',
  'hopefully',
  'expect',
  'expected',
  'expecting',
];

/** Opening words of a question asking for information rather than complaining ("why …?" is left out on purpose). */
export const INFO_QUESTION_OPENERS: readonly string[] = (
  'is are was were will would can could do does did how what when where which who whom any anyway should may might ' +
  'has have hi hello hey please pls plz'
).split(' ');

/** Thanks: a courtesy in requests and complaints, so it only counts as praise in a comment that praises. */
export const THANKS: readonly string[] = [
  'thanks',
  'thank',
  'thx',
  'thnx',
  'thanx',
  'ty',
  'tysm',
  'appreciate',
  'appreciated',
  'grateful',
];

/** Praise words that are often sarcastic: dropped when the rest of their sentence complains ("great, delayed again"). */
export const SARCASM_PRONE: readonly string[] = [
  'great',
  'love',
  'loving',
  'enjoying',
  'awesome',
  'nice',
  'good',
  'wonderful',
  'fantastic',
  'brilliant',
  'perfect',
  'lovely',
  'fun',
  'thrilled',
];
