/** Seeded percentile bootstrap confidence intervals. */
import { InputError } from "../../util/errors.ts";
import { Rng } from "../../util/rng.ts";

/** Result of {@link bootstrapCi}. */
export interface BootstrapCi {
  /** The statistic on the data. */
  estimate: number;
  /** Lower end of the interval. */
  lower: number;
  /** Upper end of the interval. */
  upper: number;
  /** Coverage, e.g. 0.95. */
  level: number;
  /** Bootstrap resamples drawn. */
  resamples: number;
}

const meanOf = (xs: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s / xs.length;
};

/**
 * Percentile bootstrap CI of a statistic (the mean by default).
 *
 * @example
 * ```ts
 * import { bootstrapCi } from "@prevision/prevision/stats";
 * const ci = bootstrapCi([0.91, 0.93, 0.88, 0.95, 0.9], { seed: 1 }); // around 0.914
 * ```
 */
export function bootstrapCi(
  values: readonly number[],
  options: {
    level?: number;
    resamples?: number;
    seed?: number;
    statistic?: (xs: Float64Array) => number;
  } = {},
): BootstrapCi {
  const n = values.length;
  if (n === 0) throw new InputError("bootstrap: need at least one value");
  if (values.some((v) => !Number.isFinite(v))) {
    throw new InputError("bootstrap: values must be finite");
  }
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) {
    throw new InputError(`bootstrap: level must be in (0, 1), got ${level}`);
  }
  const resamples = options.resamples ?? 2000;
  const stat = options.statistic ?? meanOf;
  const rng = new Rng(options.seed ?? 1, 0xb007);
  const sample = new Float64Array(n);
  const stats = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < n; i++) sample[i] = values[rng.int(n)];
    stats[b] = stat(sample);
  }
  stats.sort();
  const pick = (q: number) => {
    const pos = q * (resamples - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(lo + 1, resamples - 1);
    return stats[lo] + (pos - lo) * (stats[hi] - stats[lo]);
  };
  const alpha = (1 - level) / 2;
  return {
    estimate: stat(Float64Array.from(values)),
    lower: pick(alpha),
    upper: pick(1 - alpha),
    level,
    resamples,
  };
}
