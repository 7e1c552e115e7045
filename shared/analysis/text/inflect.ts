import NounInflector from 'natural/lib/natural/inflectors/noun_inflector.js';
import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { cacheByWord } from './word-cache.js';

// Plural-looking but singular: natural's inflector would strip their final s (bus → bu).
const EN_NOT_PLURAL = new Set(
  `
  bus gas lens news series species status analysis basis crisis thesis plus bonus campus virus
  census corpus focus chaos canvas atlas alias iris axis business address process access success
  class glass pass mass boss loss miss kiss dress express wireless wifi always perhaps
  this its was has does yes us thus mattress diabetes dallas texas vegas christmas kansas arkansas
`.split(/\s+/),
);

// natural's stemmer and inflector run regex chains per call (several µs): each word is done once.
const inflector = new NounInflector();

/** Porter stem of a lower-case English word (natural's PorterStemmer, memoized). */
export const stemWord = cacheByWord((word) => PorterStemmer.stem(word));

/** Singular of a lower-case English noun (natural's NounInflector, memoized), guarding words it mangles. */
export const singularize = cacheByWord((word) => {
  if (word.length < 4 || !word.endsWith('s') || word.endsWith('ss') || word.endsWith('us') || word.endsWith('is'))
    return word;
  if (EN_NOT_PLURAL.has(word)) return word;
  const singular = inflector.singularize(word);
  // natural strips "es" from the plurals of "-se" and "-ze" nouns (excuses → excus, sizes → siz): the
  // e is the noun's own, unless the singular ends in s or z itself (buses, gases: the list above).
  if (/[^sz][sz]es$/.test(word) && singular === word.slice(0, -2) && !EN_NOT_PLURAL.has(singular))
    return word.slice(0, -1);
  return singular;
});
