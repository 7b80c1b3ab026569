/**
 * A null distribution for the filter-match score of {@link matchFiltersToMasks}: the same
 * score against masks whose pixels are shuffled. A learned filter set that matches the
 * true subunits no better than it matches shuffled masks of the same size has not
 * recovered them; the score's chance level depends on the grid, the number of filters and
 * their placements, so it has to be measured, not assumed.
 *
 * @module
 */
import { InputError } from "../util/errors.ts";
import { Rng } from "../util/rng.ts";
import { matchFiltersToMasks } from "./filters.ts";

/**
 * Filter-match scores of `candidates` against `draws` sets of shuffled masks: in each draw
 * every mask's pixels are permuted independently (same values, random places).
 *
 * @example
 * ```ts
 * // One one-hot filter and one one-hot mask on 4 pixels: |r| is 1 when the shuffled mask
 * // lands on the filter's pixel and 1/3 otherwise, so the null mean is 1/4 + 3/4·1/3 = 1/2.
 * const scores = shuffledMaskScores([[Float64Array.from([1, 0, 0, 0])]], [[1, 0, 0, 0]], 400, 1);
 * scores.length; // 400
 * ```
 */
export function shuffledMaskScores(
  candidates: ArrayLike<number>[][],
  masks: ArrayLike<number>[],
  draws: number,
  seed: number,
): number[] {
  if (!Number.isInteger(draws) || draws < 1) {
    throw new InputError(`shuffled-mask null needs draws ≥ 1, got ${draws}`);
  }
  const rng = new Rng(seed, 0x9a11);
  return Array.from({ length: draws }, () => {
    const shuffled = masks.map((m) => {
      const order = rng.permutation(m.length);
      return Float64Array.from(order, (i) => m[i]);
    });
    return matchFiltersToMasks(candidates, shuffled).score;
  });
}
