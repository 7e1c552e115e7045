import NounInflector from 'natural/lib/natural/inflectors/noun_inflector.js';
import { cacheByWord } from '../text/word-cache.js';

const nouns = new NounInflector();

// Irregular verbs customers use when they tell what happened; every form maps to its lemma.
const IRREGULAR: Record<string, string[]> = {
  be: ['is', 'was', 'were', 'are', 'been', 'being', 'am', "isn't", "wasn't", "aren't", "weren't"],
  have: ['has', 'had', 'having'],
  do: ['does', 'did', 'done', 'doing'],
  go: ['goes', 'went', 'gone', 'going'],
  get: ['gets', 'got', 'gotten', 'getting'],
  give: ['gives', 'gave', 'given', 'giving'],
  take: ['takes', 'took', 'taken', 'taking'],
  make: ['makes', 'made', 'making'],
  pay: ['pays', 'paid', 'paying'],
  send: ['sends', 'sent', 'sending'],
  leave: ['leaves', 'left', 'leaving'],
  lose: ['loses', 'lost', 'losing'],
  steal: ['steals', 'stole', 'stolen', 'stealing'],
  break: ['breaks', 'broke', 'broken', 'breaking'],
  burn: ['burns', 'burnt', 'burned', 'burning'],
  fall: ['falls', 'fell', 'fallen', 'falling'],
  hit: ['hits', 'hitting'],
  find: ['finds', 'found', 'finding'],
  bring: ['brings', 'brought', 'bringing'],
  buy: ['buys', 'bought', 'buying'],
  catch: ['catches', 'caught', 'catching'],
  speak: ['speaks', 'spoke', 'spoken', 'speaking'],
  tell: ['tells', 'told', 'telling'],
  say: ['says', 'said', 'saying'],
  see: ['sees', 'saw', 'seen', 'seeing'],
  eat: ['eats', 'ate', 'eaten', 'eating'],
  bite: ['bites', 'bit', 'bitten', 'biting'],
  feel: ['feels', 'felt', 'feeling'],
  keep: ['keeps', 'kept', 'keeping'],
  sell: ['sells', 'sold', 'selling'],
  throw: ['throws', 'threw', 'thrown', 'throwing'],
  write: ['writes', 'wrote', 'written', 'writing'],
  drive: ['drives', 'drove', 'driven', 'driving'],
  run: ['runs', 'ran', 'running'],
  come: ['comes', 'came', 'coming'],
  hold: ['holds', 'held', 'holding'],
  swear: ['swears', 'swore', 'sworn', 'swearing'],
  shake: ['shakes', 'shook', 'shaken', 'shaking'],
  hurt: ['hurts', 'hurting'],
  cut: ['cuts', 'cutting'],
  put: ['puts', 'putting'],
  shut: ['shuts', 'shutting'],
  swallow: ['swallows', 'swallowed', 'swallowing'],
  freeze: ['freezes', 'froze', 'frozen', 'freezing'],
  hang: ['hangs', 'hung', 'hanging'],
  wake: ['wakes', 'woke', 'woken', 'waking'],
  ring: ['rings', 'rang', 'rung', 'ringing'],
  think: ['thinks', 'thought', 'thinking'],
  forget: ['forgets', 'forgot', 'forgotten', 'forgetting'],
  shoot: ['shoots', 'shot', 'shooting'],
  stick: ['sticks', 'stuck', 'sticking'],
  leak: ['leaks', 'leaked', 'leaking'],
  mislead: ['misleads', 'misled', 'misleading'],
};

const VOWEL = /[aeiou]/;

/** Regular verb forms of a lemma: -s, -ed, -ing, with the usual spelling changes (and a doubled final consonant). */
const verbForms = (w: string): string[] => {
  const out: string[] = [];
  const last = w[w.length - 1] ?? '';
  const beforeLast = w[w.length - 2] ?? '';
  if (last === 'e') out.push(`${w}s`, `${w}d`, `${w.slice(0, -1)}ing`);
  else if (last === 'y' && !VOWEL.test(beforeLast)) out.push(`${w.slice(0, -1)}ies`, `${w.slice(0, -1)}ied`, `${w}ing`);
  else if (/(?:s|x|z|ch|sh)$/.test(w)) out.push(`${w}es`, `${w}ed`, `${w}ing`);
  else {
    out.push(`${w}s`, `${w}ed`, `${w}ing`);
    // stop → stopped, cancel → cancelled: consonant-vowel-consonant endings double (not w, x, y).
    if (!VOWEL.test(last) && !/[wxy]/.test(last) && VOWEL.test(beforeLast) && !VOWEL.test(w[w.length - 3] ?? 'a')) {
      out.push(`${w}${last}ed`, `${w}${last}ing`);
    }
  }
  return out;
};

/** British and American spellings of -ise/-ize words (authorise, authorize). */
const spellings = (w: string): string[] => {
  const m = /i([sz])(e|ed|es|ing|ation|ations)$/.exec(w);
  if (!m) return [w];
  const stem = w.slice(0, m.index);
  return [`${stem}is${m[2]}`, `${stem}iz${m[2]}`];
};

/**
 * Every form of an English lemma that a cue on it should match: itself, noun plural (natural's
 * NounInflector), regular and irregular verb forms, -ise/-ize spellings. Words with an apostrophe
 * or hyphen match as written and without the apostrophe (didn't, didnt). Never derivations:
 * "hospital" does not reach "hospitality".
 */
export const englishForms = (lemma: string): readonly string[] => formsOf(lemma.toLowerCase());

// The taxonomy's, the triage rules' and the transcripts' engines share most of their words, and
// natural's inflector runs a chain of regular expressions per word: each lemma is inflected once.
const formsOf = cacheByWord((w: string): readonly string[] => {
  if (!/^[a-z]+$/.test(w)) return [...new Set([w, w.replaceAll("'", '')])];
  const forms = new Set<string>();
  for (const spelling of spellings(w)) {
    forms.add(spelling);
    if (spelling.length > 2) {
      forms.add(nouns.pluralize(spelling));
      for (const f of verbForms(spelling)) forms.add(f);
    }
    for (const f of IRREGULAR[spelling] ?? []) forms.add(f);
  }
  return [...forms];
});
