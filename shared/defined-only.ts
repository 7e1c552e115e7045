/** R whose optional fields may also be given as undefined (an optional key K is one where an empty object fits Pick<R, K>). */
type WithUndefined<R> = { [K in keyof R as Record<never, never> extends Pick<R, K> ? never : K]: R[K] } & {
  [K in keyof R as Record<never, never> extends Pick<R, K> ? K : never]?: R[K] | undefined;
};

/**
 * The record without its undefined fields: an optional field is absent, never present as undefined
 * (exactOptionalPropertyTypes), as it is once stored and read back.
 */
export const definedOnly = <R extends object>(fields: WithUndefined<R>): R =>
  Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as R;
