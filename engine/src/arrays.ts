/**
 * `items.map(f)`, always as the same kind of array. V8 makes `map`'s array packed while the
 * calling code is interpreted and holey once it is optimized; code optimized on one kind is
 * thrown away when it meets the other (a "wrong map" deoptimization), and a run of 10,000
 * results met it in half a dozen functions at once, each then interpreted until compiled again.
 * An array made at its length and filled is holey in every tier.
 */
export function mapped<T, U>(items: readonly T[], f: (item: T, index: number) => U): U[] {
  const out = new Array<U>(items.length);
  for (let i = 0; i < items.length; i++) out[i] = f(items[i]!, i);
  return out;
}
