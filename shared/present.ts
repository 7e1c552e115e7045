/**
 * The value of a read the code's own structure guarantees (an index below the length it loops to, a key
 * it has just set): undefined there is a bug, not input, so it throws naming `what`, never returns it.
 * `what` is a constant (no string is built on the hot path): "weight row in predict".
 */
export const present = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) throw new Error(`Invariant broken: ${what} missing`);
  return value;
};
