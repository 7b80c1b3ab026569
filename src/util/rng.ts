/**
 * Counter-based random numbers: value = hash(seed, stream, counter). Being stateless,
 * the same numbers can be drawn in TypeScript and in a WASM kernel (kernels/src/_rng.ts
 * implements the same hash) and in any order, which keeps simulations reproducible
 * across implementations and workers.
 */

/** lowbias32 finaliser (Wellons): a fast 32-bit integer hash with good avalanche. */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x21f0aaad);
  x ^= x >>> 15;
  x = Math.imul(x, 0x735a2d97);
  x ^= x >>> 15;
  return x >>> 0;
}

/** 32 random bits for (seed, stream, counter); all three are taken modulo 2^32. */
export function hash3(seed: number, stream: number, counter: number): number {
  return mix32(mix32(mix32(seed >>> 0) ^ (stream >>> 0)) ^ (counter >>> 0));
}

/** Uniform float in [0, 1) with 24 random bits (exactly representable in float32). */
export function uniform3(seed: number, stream: number, counter: number): number {
  return (hash3(seed, stream, counter) >>> 8) / 16777216;
}

/**
 * A sequential generator on top of the counter hash, for code that just needs "the next
 * random number". Two generators with the same seed and stream give the same sequence.
 *
 * @example
 * ```ts
 * import { Rng } from "@prevision/prevision";
 * const rng = new Rng(42);
 * const x = rng.uniform(); // in [0, 1), the same for every run with seed 42
 * const order = rng.permutation(10);
 * ```
 */
export class Rng {
  #seed: number;
  #stream: number;
  #counter = 0;
  #spareNormal: number | null = null;

  /** A generator for `seed`; different `stream`s give independent sequences. */
  constructor(seed: number, stream = 0) {
    if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
    this.#seed = seed >>> 0;
    this.#stream = stream >>> 0;
  }

  /** Uniform float in [0, 1). */
  uniform(): number {
    return uniform3(this.#seed, this.#stream, this.#counter++);
  }

  /** Uniform float in [lo, hi). */
  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.min(n - 1, Math.floor(this.uniform() * n));
  }

  /** Standard normal (Box–Muller, pairs cached). */
  normal(): number {
    if (this.#spareNormal !== null) {
      const v = this.#spareNormal;
      this.#spareNormal = null;
      return v;
    }
    const u1 = 1 - this.uniform();
    const u2 = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u1));
    this.#spareNormal = r * Math.sin(2 * Math.PI * u2);
    return r * Math.cos(2 * Math.PI * u2);
  }

  /** Bernoulli draw with probability p. */
  bernoulli(p: number): boolean {
    return this.uniform() < p;
  }

  /** Poisson draw (Knuth for small means, normal approximation above 60). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 60) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.uniform();
    while (p > limit) {
      k++;
      p *= this.uniform();
    }
    return k;
  }

  /** Fisher–Yates shuffle in place; returns the array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }

  /** A permutation of 0..n-1. */
  permutation(n: number): number[] {
    return this.shuffle(Array.from({ length: n }, (_, i) => i));
  }

  /** An independent generator derived from this one's seed and a new stream id. */
  fork(stream: number): Rng {
    return new Rng(mix32(this.#seed ^ 0x9e3779b9), mix32(this.#stream) ^ (stream >>> 0));
  }
}
