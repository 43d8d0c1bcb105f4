/**
 * A set of indexes with a fast "next member at or after x" (and "at or before"): two levels of bit words,
 * so Block-STM's index walks (fetch-and-increment past transactions that yield no task) cost
 * O(distance / 1024) instead of one step per index.
 */
export class IndexSet {
  private readonly words: Int32Array;
  private readonly summary: Int32Array;

  constructor(readonly capacity: number) {
    this.words = new Int32Array((capacity + 31) >>> 5);
    this.summary = new Int32Array((this.words.length + 31) >>> 5);
  }

  add(x: number): void {
    const w = x >>> 5;
    this.words[w] |= 1 << (x & 31);
    this.summary[w >>> 5] |= 1 << (w & 31);
  }

  delete(x: number): void {
    const w = x >>> 5;
    const word = this.words[w] & ~(1 << (x & 31));
    this.words[w] = word;
    if (word === 0) this.summary[w >>> 5] &= ~(1 << (w & 31));
  }

  /** The largest member <= x, or -1 when there is none. */
  prev(x: number): number {
    if (x < 0) return -1;
    const words = this.words;
    let w = x >>> 5;
    const bits = words[w] & (-1 >>> (31 - (x & 31)));
    if (bits !== 0) return (w << 5) + highestBit(bits);
    w--;
    if (w < 0) return -1;
    const summary = this.summary;
    let s = w >>> 5;
    let sbits = summary[s] & (-1 >>> (31 - (w & 31)));
    while (sbits === 0) {
      if (--s < 0) return -1;
      sbits = summary[s];
    }
    w = (s << 5) + highestBit(sbits);
    return (w << 5) + highestBit(words[w]);
  }

  /** The smallest member >= x, or `capacity` when there is none. */
  next(x: number): number {
    if (x >= this.capacity) return this.capacity;
    const words = this.words;
    let w = x >>> 5;
    const bits = words[w] & (-1 << (x & 31));
    if (bits !== 0) return (w << 5) + lowestBit(bits);
    w++;
    if (w >= words.length) return this.capacity;
    const summary = this.summary;
    let s = w >>> 5;
    let sbits = summary[s] & (-1 << (w & 31));
    while (sbits === 0) {
      if (++s >= summary.length) return this.capacity;
      sbits = summary[s];
    }
    w = (s << 5) + lowestBit(sbits);
    return (w << 5) + lowestBit(words[w]);
  }
}

function highestBit(v: number): number {
  return 31 - Math.clz32(v);
}

function lowestBit(v: number): number {
  return 31 - Math.clz32(v & -v);
}
