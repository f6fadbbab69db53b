/**
 * A seeded pseudo-random source (mulberry32): the corpus must be the same on every machine and
 * every run, so that figures from two runs describe the same data.
 */
export class Random {
  /** @param {number} seed */
  constructor(seed) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next() {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min, max) {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** @template T @param {readonly T[]} items @returns {T} */
  pick(items) {
    return items[Math.floor(this.next() * items.length)];
  }

  /** True with probability p. */
  chance(p) {
    return this.next() < p;
  }

  /**
   * An index in [0, n) skewed towards 0 (Zipf-like, exponent 1): a few topics and companies are
   * common and most are rare, as in real interviews.
   */
  zipf(n) {
    // Inverse of the continuous 1/x distribution over [1, n + 1).
    return Math.min(n - 1, Math.floor(Math.exp(this.next() * Math.log(n + 1))) - 1);
  }
}
