import { makeManifolds, type Manifolds } from "../../../src/analysis/capacity/mod.ts";
import { Rng } from "../../../src/util/rng.ts";

/**
 * P random D-dimensional spheres of radius R·|centre| in an ambient space of `ambient`
 * dims, `m` points each in antipodal pairs (so each manifold's mean is its centre), with
 * zero-mean random centres: the setting of the ℓ2-ball capacity formula.
 */
export function randomBalls(
  p: number,
  m: number,
  d: number,
  r: number,
  ambient: number,
  seed: number,
): Manifolds {
  const rng = new Rng(seed);
  const centres = Array.from(
    { length: p },
    () => Float64Array.from({ length: ambient }, () => rng.normal() / Math.sqrt(ambient)),
  );
  const mean = new Float64Array(ambient);
  for (const c of centres) for (let k = 0; k < ambient; k++) mean[k] += c[k] / p;
  for (const c of centres) for (let k = 0; k < ambient; k++) c[k] -= mean[k];
  const data = new Float64Array(p * m * ambient);
  for (let i = 0; i < p; i++) {
    const norm = Math.hypot(...centres[i]);
    const axes = Array.from(
      { length: d },
      () => Float64Array.from({ length: ambient }, () => rng.normal() / Math.sqrt(ambient)),
    );
    let u: number[] = [];
    for (let j = 0; j < m; j++) {
      if (j % 2 === 0) {
        u = Array.from({ length: d }, () => rng.normal());
        const n = Math.hypot(...u);
        u = u.map((x) => x / n);
      } else u = u.map((x) => -x);
      for (let k = 0; k < ambient; k++) {
        let v = centres[i][k];
        for (let a = 0; a < d; a++) v += r * norm * u[a] * axes[a][k];
        data[(i * m + j) * ambient + k] = v;
      }
    }
  }
  return makeManifolds(data, p, m, ambient);
}
