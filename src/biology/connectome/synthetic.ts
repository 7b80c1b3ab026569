/**
 * A synthetic, spatially embedded connectome, the default when no data are given: somata
 * uniform in a slab of cortex, connection probability falling off exponentially with
 * distance (scaled to a target number of connected pairs), and "functional" matrices from
 * simulated activity driven by spatially smooth shared inputs, so nearby neurons are more
 * correlated — the structure the bio initialisation relies on.
 */
import { Rng } from "../../util/rng.ts";
import { InputError } from "../../util/errors.ts";
import { defaultGrid, distances } from "./init.ts";
import { solve64 } from "../../linalg/expm64.ts";
import type { Connectome } from "./types.ts";

/** Options of {@link syntheticConnectome}. */
export interface SyntheticOptions {
  /** Neurons (default 312, as MICrONS field 6_6_2). */
  n?: number;
  /** Random seed (default 1). */
  seed?: number;
  /** Slab size in µm (default 700 × 700 × 300). */
  size?: [number, number, number];
  /** Length constant of the connection probability, µm (default 100). */
  lambda?: number;
  /** Expected connected pairs (default 1.1 n, about MICrONS' density). */
  pairs?: number;
  /** Activity time bins used for the functional matrices (default 1000). */
  bins?: number;
}

/**
 * Builds a synthetic connectome.
 *
 * @example
 * ```ts
 * import { syntheticConnectome } from "@prevision/prevision/biology";
 * const c = syntheticConnectome({ n: 100, seed: 3 });
 * console.log(c.n, c.corr![1]); // 100, a correlation in [−1, 1]
 * ```
 */
export function syntheticConnectome(options: SyntheticOptions = {}): Connectome {
  const n = options.n ?? 312;
  const seed = options.seed ?? 1;
  if (!Number.isInteger(n) || n < 4 || n > 5000) {
    throw new InputError(`synthetic connectome: n must be an integer in [4, 5000], got ${n}`);
  }
  const [sx, sy, sz] = options.size ?? [700, 700, 300];
  const lambda = options.lambda ?? 100;
  const bins = options.bins ?? 1000;
  const rng = new Rng(seed, 0x5e1);
  const positions = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) {
    positions[i * 3] = rng.uniform() * sx;
    positions[i * 3 + 1] = rng.uniform() * sy;
    positions[i * 3 + 2] = rng.uniform() * sz;
  }
  const d = distances(positions, n);
  let total = 0;
  for (let i = 0; i < n * n; i++) if (i % (n + 1)) total += Math.exp(-d[i] / lambda);
  const p0 = Math.min(1, (options.pairs ?? 1.1 * n) / total);
  const adjacency = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i !== j && rng.uniform() < p0 * Math.exp(-d[i * n + j] / lambda)) {
        adjacency[i * n + j] = 1;
      }
    }
  }
  const activity = simulateActivity(positions, adjacency, n, bins, [sx, sy, sz], rng);
  const corr = correlation(activity, n, bins);
  const spikes = activity.map((v) => (v > 1.5 ? 1 : 0));
  const sttc = spikeTimeTiling(spikes, n, bins, 1);
  const precision = precisionOf(corr, n);
  return {
    name: `synthetic-${seed}`,
    n,
    adjacency,
    positions,
    corr,
    sttc,
    precision,
    grid: defaultGrid(n),
  };
}

/** n×bins activity: 8 spatially smooth shared inputs, a little recurrent drive, noise. */
function simulateActivity(
  pos: Float64Array,
  adj: Float64Array,
  n: number,
  bins: number,
  size: number[],
  rng: Rng,
): Float64Array {
  const k = 8;
  const sigma = 0.25 * Math.max(...size);
  const load = new Float64Array(n * k);
  for (let f = 0; f < k; f++) {
    const c = size.map((s) => rng.uniform() * s);
    for (let i = 0; i < n; i++) {
      let r2 = 0;
      for (let a = 0; a < 3; a++) r2 += (pos[i * 3 + a] - c[a]) ** 2;
      load[i * k + f] = Math.exp(-r2 / (2 * sigma * sigma));
    }
  }
  const x = new Float64Array(n * bins);
  const prev = new Float64Array(n);
  const fac = new Float64Array(k);
  for (let t = 0; t < bins; t++) {
    for (let f = 0; f < k; f++) fac[f] = rng.normal();
    const cur = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let v = 0.8 * rng.normal();
      for (let f = 0; f < k; f++) v += load[i * k + f] * fac[f];
      cur[i] = v;
    }
    for (let i = 0; i < n; i++) {
      if (prev[i] <= 1) continue;
      for (let j = 0; j < n; j++) if (adj[i * n + j]) cur[j] += 0.5;
    }
    for (let i = 0; i < n; i++) {
      x[i * bins + t] = cur[i];
      prev[i] = cur[i];
    }
  }
  return x;
}

/** Pearson correlation between the rows of an n×bins matrix. */
export function correlation(x: Float64Array, n: number, bins: number): Float64Array {
  const z = new Float64Array(n * bins);
  for (let i = 0; i < n; i++) {
    let m = 0;
    for (let t = 0; t < bins; t++) m += x[i * bins + t];
    m /= bins;
    let s = 0;
    for (let t = 0; t < bins; t++) s += (x[i * bins + t] - m) ** 2;
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let t = 0; t < bins; t++) z[i * bins + t] = (x[i * bins + t] - m) * inv;
  }
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let t = 0; t < bins; t++) s += z[i * bins + t] * z[j * bins + t];
      c[i * n + j] = c[j * n + i] = s;
    }
  }
  return c;
}

/**
 * Spike-time tiling coefficient (Cutts & Eglen 2014) between binary spike rows, with a
 * window of ±dt bins: ½[(P_A − T_B)/(1 − P_A T_B) + (P_B − T_A)/(1 − P_B T_A)].
 */
export function spikeTimeTiling(
  s: ArrayLike<number>,
  n: number,
  bins: number,
  dt: number,
): Float64Array {
  const tiled: Uint8Array[] = [];
  const frac = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const w = new Uint8Array(bins);
    for (let t = 0; t < bins; t++) {
      if (!s[i * bins + t]) continue;
      for (let u = Math.max(0, t - dt); u <= Math.min(bins - 1, t + dt); u++) w[u] = 1;
    }
    tiled.push(w);
    frac[i] = w.reduce((a, b) => a + b, 0) / bins;
  }
  const out = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      if (a === b) {
        out[a * n + b] = 1;
        continue;
      }
      let na = 0;
      let hit = 0;
      for (let t = 0; t < bins; t++) {
        if (!s[a * bins + t]) continue;
        na++;
        if (tiled[b][t]) hit++;
      }
      if (na === 0) continue;
      const pa = hit / na;
      let nb = 0;
      let hitb = 0;
      for (let t = 0; t < bins; t++) {
        if (!s[b * bins + t]) continue;
        nb++;
        if (tiled[a][t]) hitb++;
      }
      if (nb === 0) continue;
      const pb = hitb / nb;
      const ta = frac[a];
      const tb = frac[b];
      out[a * n + b] = 0.5 * ((pa - tb) / (1 - pa * tb || 1) + (pb - ta) / (1 - pb * ta || 1));
    }
  }
  return out;
}

/** Inverse of the correlation matrix with a small ridge (the precision matrix). */
function precisionOf(corr: Float64Array, n: number): Float64Array {
  const a = corr.slice();
  for (let i = 0; i < n; i++) a[i * n + i] += 1e-3;
  const eye = new Float64Array(n * n);
  for (let i = 0; i < n; i++) eye[i * n + i] = 1;
  return solve64(a, eye, n);
}
