/**
 * A map from numbers that holds its first entry in two fields and makes a `Map` only for a
 * second: each span of a run has a result map, nearly all with one result, and each is kept
 * until the run is printed. Ten thousand `Map`s held some 2.8 MB; the garbage collector copied
 * every byte and the system handed out fresh pages for it. The same methods as `Map`, for what
 * the engine uses, in the same (insertion) order.
 */
export class FirstKeyedMap<V> {
  private firstKey = 0;
  private first: V | undefined;
  private rest: Map<number, V> | undefined;

  get size(): number {
    return this.first === undefined ? 0 : 1 + (this.rest?.size ?? 0);
  }

  get(key: number): V | undefined {
    return this.first !== undefined && this.firstKey === key ? this.first : this.rest?.get(key);
  }

  set(key: number, value: V): this {
    if (this.first === undefined || this.firstKey === key) {
      this.firstKey = key;
      this.first = value;
    } else (this.rest ??= new Map()).set(key, value);
    return this;
  }

  forEach(visit: (value: V, key: number) => void): void {
    if (this.first === undefined) return;
    visit(this.first, this.firstKey);
    this.rest?.forEach(visit);
  }
}
