import { expect } from "chai";
import { Rng, Zipf } from "../src/random";

describe("seeded randomness", () => {
  it("is deterministic per seed and differs across seeds", () => {
    const a = Array.from(
      { length: 5 },
      (
        (r) => () =>
          r.next()
      )(new Rng(42)),
    );
    const b = Array.from(
      { length: 5 },
      (
        (r) => () =>
          r.next()
      )(new Rng(42)),
    );
    const c = Array.from(
      { length: 5 },
      (
        (r) => () =>
          r.next()
      )(new Rng(43)),
    );
    expect(a).to.deep.equal(b);
    expect(a).to.not.deep.equal(c);
    for (const x of a) expect(x).to.be.within(0, 1);
  });

  it("is uniform enough: 10 buckets within 10% of the mean over 100k draws", () => {
    const rng = new Rng(7);
    const buckets = new Array(10).fill(0);
    for (let i = 0; i < 100_000; i++) buckets[rng.int(10)]++;
    for (const n of buckets) expect(n).to.be.within(9_000, 11_000);
  });

  it("Zipf with s = 1 gives rank 0 about twice rank 1 and H(n) normalisation", () => {
    const z = new Zipf(10, 1);
    const rng = new Rng(3);
    const counts = new Array(10).fill(0);
    const N = 200_000;
    for (let i = 0; i < N; i++) counts[z.sample(rng)]++;
    const harmonic = Array.from({ length: 10 }, (_, r) => 1 / (r + 1)).reduce((s, x) => s + x, 0);
    for (let r = 0; r < 10; r++) expect(counts[r] / N).to.be.closeTo(1 / (r + 1) / harmonic, 0.01);
  });

  it("Zipf with s = 0 is uniform", () => {
    const z = new Zipf(4, 0);
    const rng = new Rng(5);
    const counts = new Array(4).fill(0);
    for (let i = 0; i < 40_000; i++) counts[z.sample(rng)]++;
    for (const n of counts) expect(n).to.be.within(9_300, 10_700);
  });
});
