// natural ships declarations only for its folder indexes; this deep path (used to avoid its index,
// which loads mongoose/pg/redis) gets the inflector type from there.
declare module 'natural/lib/natural/inflectors/noun_inflector.js' {
  import type { NounInflector } from 'natural/lib/natural/inflectors/index.js';

  const NounInflectorClass: typeof NounInflector;
  export default NounInflectorClass;
}
