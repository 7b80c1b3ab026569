/**
 * Undirected binary graphs as the network analyses of Shakiba et al. 2026 build them:
 * |W| thresholded at a percentile, made undirected (an edge if either direction passes,
 * as `networkx.from_numpy_array` does), self-loops removed.
 */

/** An undirected graph on nodes 0..n−1. */
export interface Graph {
  /** Number of nodes. */
  n: number;
  /** n×n symmetric 0/1 matrix (diagonal = self-loops, normally 0). */
  adj: Uint8Array;
  /** Sorted neighbour lists (self excluded). */
  neighbours: Int32Array[];
  /** Number of edges (self-loops excluded). */
  edges: number;
}

/**
 * A graph from a 0/1 (or any non-zero) n×n matrix, symmetrised by union.
 *
 * @example
 * ```ts
 * import { graphFromMatrix } from "@prevision/prevision/graph";
 * const g = graphFromMatrix([0, 1, 0, 0], 2); // one edge 0–1
 * ```
 */
export function graphFromMatrix(m: ArrayLike<number>, n: number, keepSelfLoops = false): Graph {
  const adj = new Uint8Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (m[i * n + j] === 0) continue;
      if (i === j && !keepSelfLoops) continue;
      adj[i * n + j] = adj[j * n + i] = 1;
    }
  }
  return fromAdjacency(adj, n);
}

/** A graph from a symmetric 0/1 matrix (taken as is). */
export function fromAdjacency(adj: Uint8Array, n: number): Graph {
  const neighbours: Int32Array[] = [];
  let edges = 0;
  for (let i = 0; i < n; i++) {
    const list: number[] = [];
    for (let j = 0; j < n; j++) if (adj[i * n + j] && j !== i) list.push(j);
    edges += list.length;
    neighbours.push(Int32Array.from(list));
  }
  return { n, adj, neighbours, edges: edges / 2 };
}

/**
 * A graph from an edge list.
 *
 * @example
 * ```ts
 * import { graphFromEdges } from "@prevision/prevision/graph";
 * const triangle = graphFromEdges(3, [[0, 1], [1, 2], [2, 0]]);
 * ```
 */
export function graphFromEdges(n: number, edges: readonly (readonly [number, number])[]): Graph {
  const adj = new Uint8Array(n * n);
  for (const [a, b] of edges) {
    if (a === b) continue;
    adj[a * n + b] = adj[b * n + a] = 1;
  }
  return fromAdjacency(adj, n);
}

/** numpy's default (linear) quantile of values. */
export function quantile(values: ArrayLike<number>, q: number): number {
  const s = Float64Array.from(values).sort();
  if (s.length === 0) return NaN;
  const pos = q * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, s.length - 1);
  return s[lo] + (pos - lo) * (s[hi] - s[lo]);
}

/**
 * Binarises |W| above its `q` quantile (0.9 in the paper) into an undirected graph.
 *
 * @example
 * ```ts
 * import { binarise } from "@prevision/prevision/graph";
 * const g = binarise(new Float32Array(100 * 100).map(Math.random), 100); // top 10 % of entries
 * ```
 */
export function binarise(w: ArrayLike<number>, n: number, q = 0.9): Graph {
  const abs = Float64Array.from(w, Math.abs);
  const t = quantile(abs, q);
  const m = new Uint8Array(n * n);
  for (let i = 0; i < n * n; i++) m[i] = abs[i] > t ? 1 : 0;
  return graphFromMatrix(m, n);
}

/** Node degrees. */
export function degrees(g: Graph): Int32Array {
  return Int32Array.from(g.neighbours, (l) => l.length);
}
