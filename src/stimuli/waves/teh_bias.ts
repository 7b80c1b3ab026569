/**
 * The local propagation bias of the Teh model: how strongly the 8 propagation
 * probabilities of one recruited cell point along the wave direction. SCIENCE.md §1 states
 * that σ ≈ 1.2 was chosen so that |Σ p_k e^{iθ_k}| ≈ 0.35; the authors' generator
 * (comp-neural-circuits/pre-training-ANNs-with-retinal-waves,
 * datasets/retinal_waves_generation_Teh_et_al.py, `get_optimized_sigma_prop`) instead
 * optimises a different quantity towards b = 0.35 and then keeps σ = 1.2 "because it
 * brought especially good results". See docs/waves.md, "Teh: σ and the local bias".
 */
import { ensure } from "../../util/errors.ts";

/** Which bias: the modulus of the mean resultant (ours) or the authors' optimiser target. */
export type TehBiasDefinition = "resultant" | "authors";

function gaussian(x: number, sigma: number): number {
  return Math.exp(-(x * x) / (2 * sigma * sigma));
}

/**
 * Local bias of the 8 propagation directions for tuning width σ.
 *
 * - `"resultant"` (default): p_k = g(θ_k)/Σ_j g(θ_j) over the lattice directions
 *   θ_k = k·π/4 taken in (−π, π] relative to the wave direction, and the bias is
 *   |Σ p_k e^{iθ_k}| — exactly the normalised ρ_β/q the simulator draws from (with
 *   `wrapAngles`, the default). σ = 1.2 gives 0.503.
 * - `"authors"`: the quantity the authors' script optimises: angles (2k+1)·π/8 for
 *   k = 0..7, not wrapped, p_k normalised the same way, and the absolute value of the
 *   scalar Σ p_k cos θ_k + Σ p_k sin θ_k (real and imaginary parts added, not the
 *   modulus). σ = 1.2 gives 1.11.
 *
 * @example
 * ```ts
 * import { tehLocalBias } from "@prevision/prevision/waves";
 * tehLocalBias(1.2); // ≈ 0.503
 * ```
 */
export function tehLocalBias(sigma: number, definition: TehBiasDefinition = "resultant"): number {
  ensure(Number.isFinite(sigma) && sigma > 0, `sigma must be > 0, got ${sigma}`);
  const angles: number[] = [];
  for (let k = 0; k < 8; k++) {
    if (definition === "authors") angles.push(((2 * k + 1) * Math.PI) / 8);
    else angles.push(k <= 4 ? (k * Math.PI) / 4 : ((k - 8) * Math.PI) / 4);
  }
  const g = angles.map((a) => gaussian(a, sigma));
  const total = g.reduce((s, v) => s + v, 0);
  let re = 0, im = 0;
  for (let k = 0; k < 8; k++) {
    re += (g[k] / total) * Math.cos(angles[k]);
    im += (g[k] / total) * Math.sin(angles[k]);
  }
  return definition === "authors" ? Math.abs(re + im) : Math.hypot(re, im);
}

/**
 * The σ whose `"resultant"` local bias equals `bias` (bisection; the bias falls
 * monotonically from 1 at σ → 0 to 0 at σ → ∞). For b = 0.35 this is σ ≈ 1.57.
 *
 * @example
 * ```ts
 * import { simulateTeh, tehSigmaForBias } from "@prevision/prevision/waves";
 * const movie = simulateTeh({ frames: 100, seed: 1, sigma: tehSigmaForBias(0.35) });
 * ```
 */
export function tehSigmaForBias(bias: number): number {
  ensure(
    Number.isFinite(bias) && bias > 0.001 && bias < 0.999,
    `bias must be in (0.001, 0.999), got ${bias}`,
  );
  let lo = 1e-3, hi = 100;
  for (let i = 0; i < 100; i++) {
    const mid = Math.sqrt(lo * hi);
    if (tehLocalBias(mid) > bias) lo = mid;
    else hi = mid;
  }
  return Math.sqrt(lo * hi);
}

/**
 * The σ the authors' script actually runs (`get_optimized_sigma_prop()` in
 * datasets/retinal_waves_generation_Teh_et_al.py): ten gradient steps of learning rate 0.1
 * from σ = 1 on (b − B(σ))², with B the `"authors"` local bias and b = 0.35. It does not
 * converge in ten steps; the value it stops at, ≈ 1.7258, is what produced the published
 * waves (not the 1.2 that a comment there mentions).
 *
 * @example
 * ```ts
 * import { tehAuthorsSigma } from "@prevision/prevision/waves";
 * tehAuthorsSigma(); // ≈ 1.7258
 * ```
 */
export function tehAuthorsSigma(bias = 0.35, steps = 10, learningRate = 0.1): number {
  let sigma = 1;
  const loss = (s: number) => (bias - tehLocalBias(s, "authors")) ** 2;
  for (let i = 0; i < steps; i++) {
    const h = 1e-6 * sigma;
    sigma -= learningRate * (loss(sigma + h) - loss(sigma - h)) / (2 * h);
  }
  return sigma;
}
