// natural ships declarations only for its folder indexes; this deep path (used to avoid its
// index, which loads mongoose/pg/redis) gets the stemmer type from there.
declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  import type { Stemmer } from 'natural/lib/natural/stemmers/index.js';

  const PorterStemmer: Stemmer;
  export default PorterStemmer;
}
