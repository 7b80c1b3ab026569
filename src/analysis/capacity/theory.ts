/**
 * Closed-form mean-field capacity of ℓ2 balls (Chung, Lee & Sompolinsky 2016, PRE 93:060301):
 * a D-dimensional ball of radius R (relative to its centre's norm) has
 * α⁻¹ = E_{t~χ_D, t0~N(0,1)} of 0 when t0 ≥ κ + Rt; (κ + Rt − t0)²/(1 + R²) when
 * κ − t/R ≤ t0 < κ + Rt; and (κ − t0)² + t² below that. R → 0 gives points: α = 2 at κ = 0.
 */
import { logGamma } from "../stats/special.ts";

/**
 * Capacity of ℓ2 balls of dimension `d` and radius `r` at margin `kappa`, by quadrature.
 *
 * @example
 * ```ts
 * import { ballCapacity } from "@prevision/prevision/analysis";
 * ballCapacity(0, 1); // 2 (points)
 * ballCapacity(1, 2); // ≈ 0.66: two-dimensional discs as large as their centre distance
 * ```
 */
export function ballCapacity(r: number, d: number, kappa = 0): number {
  const steps0 = 4000;
  const lo0 = -10;
  const hi0 = 10;
  const h0 = (hi0 - lo0) / steps0;
  const phi = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
  const inner = (t: number) => {
    let sum = 0;
    for (let i = 0; i <= steps0; i++) {
      const t0 = lo0 + i * h0;
      let f: number;
      if (t0 >= kappa + r * t) f = 0;
      else if (r > 0 && t0 >= kappa - t / r) f = (kappa + r * t - t0) ** 2 / (1 + r * r);
      else f = (kappa - t0) ** 2 + t * t;
      const w = i === 0 || i === steps0 ? 0.5 : 1;
      sum += w * f * phi(t0);
    }
    return sum * h0;
  };
  if (d === 0 || r === 0) return 1 / inner(0);
  // χ_D density of t = |t⃗|, t⃗ ~ N(0, I_D).
  const logNorm = (1 - d / 2) * Math.LN2 - logGamma(d / 2);
  const hiT = Math.sqrt(d) + 10;
  const stepsT = 800;
  const hT = hiT / stepsT;
  let total = 0;
  for (let i = 1; i <= stepsT; i++) {
    const t = i * hT;
    const density = Math.exp(logNorm + (d - 1) * Math.log(t) - 0.5 * t * t);
    total += (i === stepsT ? 0.5 : 1) * density * inner(t);
  }
  return 1 / (total * hT);
}
