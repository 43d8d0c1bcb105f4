/**
 * A small seeded generator (SplitMix32-style) so synthetic workloads are identical on every machine
 * and every Node version; Math.random is neither seeded nor reproducible.
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
}

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const nextU32 = (): number => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  return {
    next: () => nextU32() / 2 ** 32,
    int: (n: number) => Math.floor((nextU32() / 2 ** 32) * n),
  };
}
