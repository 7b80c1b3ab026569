/**
 * The functional prior of the bio initialisation W*, as the authors' notebook switches it:
 * `corr` (the paper's minmax(Corr) ⊙ minmax(STTC)), `precision` (`use_precison_matrix`:
 * minmax(precision) ⊙ minmax(STTC)) or `sttc` (`use_only_sttc`: minmax(STTC) alone). The
 * rest of the recipe (log-normal draw, mean 0.1, floor 0.01, spectral radius 0.95) is
 * {@link bioWeights}'s; the prior only swaps the matrix it multiplies by Corr's place.
 */
import { bioWeights, type Connectome } from "../../biology/connectome/mod.ts";
import { InputError } from "../../util/errors.ts";

/** Which functional matrix W* multiplies with the STTC (the config's `prior`). */
export type BioPrior = "corr" | "precision" | "sttc";

/**
 * The connectome whose Corr slot holds the prior's matrix: the precision matrix, or a
 * constant (min–max of a constant is all ones, so W* is then log-normal ⊙ minmax(STTC)).
 *
 * @example
 * ```ts
 * import { syntheticConnectome } from "@prevision/prevision/biology";
 * const c = syntheticConnectome({ n: 8, seed: 1 });
 * withPrior(c, "sttc").corr!.every((v) => v === 1); // true
 * ```
 */
export function withPrior(c: Connectome, prior: BioPrior): Connectome {
  if (prior === "corr") return c;
  if (!c.sttc) throw new InputError(`--prior ${prior}: the connectome ${c.name} has no STTC`);
  if (prior === "sttc") return { ...c, corr: new Float64Array(c.n * c.n).fill(1) };
  if (!c.precision) {
    throw new InputError(
      `--prior precision: the connectome ${c.name} has no precision_matrix.npy`,
    );
  }
  return { ...c, corr: c.precision };
}

/**
 * W* drawn with the chosen functional prior.
 *
 * @example
 * ```ts
 * import { syntheticConnectome } from "@prevision/prevision/biology";
 * const w = priorBioWeights(syntheticConnectome({ n: 16, seed: 1 }), "sttc", 3); // 16×16
 * ```
 */
export function priorBioWeights(c: Connectome, prior: BioPrior, seed: number): Float64Array {
  return bioWeights(withPrior(c, prior), seed);
}
