/**
 * Small-worldness σ = (C/C_null)/(E_null/E) with the null model of the Shakiba et al. code:
 * a symmetric matrix (U + Uᵀ)/2 of uniform noise thresholded at 0.7 (diagonal included, so
 * null nodes may carry self-loops, which bct's clustering counts), averaged over `perms`
 * draws. The null depends only on n, so it is computed once per n and seed.
 */
import { averageClustering, globalEfficiency } from "./metrics.ts";
import { fromAdjacency, type Graph } from "./graph.ts";
import { Rng } from "../../util/rng.ts";

/** Mean clustering and efficiency of the null graphs. */
export interface SmallWorldNull {
  /** Mean clustering coefficient of the null graphs. */
  clustering: number;
  /** Mean global efficiency of the null graphs. */
  efficiency: number;
  /** Null graphs drawn. */
  perms: number;
}

const cache = new Map<string, SmallWorldNull>();

/**
 * The paper's null for n nodes (1000 permutations in the paper).
 *
 * @example
 * ```ts
 * import { smallWorldNull } from "@prevision/prevision/graph";
 * const nul = smallWorldNull(100, 20, 1); // efficiency ≈ 0.59 (density 0.18)
 * ```
 */
export function smallWorldNull(n: number, perms = 1000, seed = 1): SmallWorldNull {
  const key = `${n}/${perms}/${seed}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const rng = new Rng(seed, 0x5e11);
  let c = 0, e = 0;
  const u = new Float64Array(n * n);
  for (let p = 0; p < perms; p++) {
    for (let i = 0; i < n * n; i++) u[i] = rng.uniform();
    const adj = new Uint8Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) adj[i * n + j] = (u[i * n + j] + u[j * n + i]) / 2 > 0.7 ? 1 : 0;
    }
    const g = fromAdjacency(adj, n);
    c += averageClustering(g);
    e += globalEfficiency(g);
  }
  const result = { clustering: c / perms, efficiency: e / perms, perms };
  cache.set(key, result);
  return result;
}

/**
 * σ of a graph against a null.
 *
 * @example
 * ```ts
 * import { binarise, smallWorldness, smallWorldNull } from "@prevision/prevision/graph";
 * const w = new Float32Array(50 * 50).map(Math.random);
 * smallWorldness(binarise(w, 50), smallWorldNull(50, 10)); // ≈ 1 for a random matrix
 * ```
 */
export function smallWorldness(g: Graph, nul: SmallWorldNull): number {
  const c = averageClustering(g);
  const e = globalEfficiency(g);
  return (c / nul.clustering) / (nul.efficiency / e);
}
