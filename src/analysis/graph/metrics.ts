/**
 * Degree assortativity, clustering (the Brain Connectivity Toolbox's `clustering_coef_bu`,
 * self-loops counted as bct counts them) and global efficiency (bct `efficiency_bin`,
 * equal to networkx `global_efficiency`).
 */
import { degrees, type Graph } from "./graph.ts";

/**
 * Pearson correlation of the degrees at either end of each edge (networkx
 * `degree_assortativity_coefficient`); NaN for regular graphs.
 *
 * @example
 * ```ts
 * import { degreeAssortativity, graphFromEdges } from "@prevision/prevision/graph";
 * degreeAssortativity(graphFromEdges(4, [[0, 1], [1, 2], [2, 3]])); // −0.5
 * ```
 */
export function degreeAssortativity(g: Graph): number {
  const k = degrees(g);
  let sx = 0, sxx = 0, sxy = 0, count = 0;
  for (let i = 0; i < g.n; i++) {
    for (const j of g.neighbours[i]) {
      sx += k[i];
      sxx += k[i] * k[i];
      sxy += k[i] * k[j];
      count++;
    }
  }
  if (count === 0) return NaN;
  const mean = sx / count;
  const variance = sxx / count - mean * mean;
  if (variance <= 1e-15) return NaN;
  return (sxy / count - mean * mean) / variance;
}

/**
 * Per-node clustering as bct's `clustering_coef_bu`: for node u with neighbour set V
 * (including u itself when it has a self-loop), edges among V over k² − k.
 */
export function clusteringCoefficients(g: Graph): Float64Array {
  const { n, adj } = g;
  const c = new Float64Array(n);
  for (let u = 0; u < n; u++) {
    const v: number[] = [];
    for (let j = 0; j < n; j++) if (adj[u * n + j]) v.push(j);
    const k = v.length;
    if (k < 2) continue;
    let s = 0;
    for (const a of v) for (const b of v) s += adj[a * n + b];
    c[u] = s / (k * k - k);
  }
  return c;
}

/**
 * Mean clustering coefficient (networkx `average_clustering` for loop-free graphs).
 *
 * @example
 * ```ts
 * import { averageClustering, graphFromEdges } from "@prevision/prevision/graph";
 * averageClustering(graphFromEdges(3, [[0, 1], [1, 2], [2, 0]])); // 1
 * ```
 */
export function averageClustering(g: Graph): number {
  const c = clusteringCoefficients(g);
  return c.reduce((a, b) => a + b, 0) / g.n;
}

/**
 * Global efficiency: mean over ordered pairs i ≠ j of 1/d(i, j) (0 when unreachable).
 *
 * @example
 * ```ts
 * import { globalEfficiency, graphFromEdges } from "@prevision/prevision/graph";
 * globalEfficiency(graphFromEdges(3, [[0, 1], [1, 2]])); // (1 + 1 + 0.5) · 2 / 6 ≈ 0.833
 * ```
 */
export function globalEfficiency(g: Graph): number {
  const { n, neighbours } = g;
  if (n < 2) return 0;
  const dist = new Int32Array(n);
  const queue = new Int32Array(n);
  let total = 0;
  for (let s = 0; s < n; s++) {
    dist.fill(-1);
    dist[s] = 0;
    let head = 0, tail = 0;
    queue[tail++] = s;
    while (head < tail) {
      const u = queue[head++];
      for (const v of neighbours[u]) {
        if (dist[v] >= 0) continue;
        dist[v] = dist[u] + 1;
        total += 1 / dist[v];
        queue[tail++] = v;
      }
    }
  }
  return total / (n * (n - 1));
}
