/**
 * Modularity (Newman; networkx `community.modularity`, resolution 1), greedy
 * Clauset–Newman–Moore agglomeration (networkx `greedy_modularity_communities`) and Louvain.
 */
import { degrees, type Graph } from "./graph.ts";
import { Rng } from "../../util/rng.ts";

/**
 * Q = Σ_c [L_c/m − (d_c / 2m)²] for a partition given as a community label per node.
 *
 * @example
 * ```ts
 * import { graphFromEdges, modularity } from "@prevision/prevision/graph";
 * const g = graphFromEdges(4, [[0, 1], [2, 3]]);
 * modularity(g, [0, 0, 1, 1]); // 0.5
 * ```
 */
export function modularity(g: Graph, labels: ArrayLike<number>): number {
  const m = g.edges;
  if (m === 0) return NaN;
  const k = degrees(g);
  const inside = new Map<number, number>();
  const deg = new Map<number, number>();
  for (let i = 0; i < g.n; i++) {
    deg.set(labels[i], (deg.get(labels[i]) ?? 0) + k[i]);
    for (const j of g.neighbours[i]) {
      if (j > i && labels[i] === labels[j]) inside.set(labels[i], (inside.get(labels[i]) ?? 0) + 1);
    }
  }
  let q = 0;
  for (const [c, d] of deg) q += (inside.get(c) ?? 0) / m - (d / (2 * m)) ** 2;
  return q;
}

/** Relabels communities 0..k−1 in order of first appearance. */
function compact(labels: Int32Array): Int32Array {
  const map = new Map<number, number>();
  return labels.map((l) => {
    if (!map.has(l)) map.set(l, map.size);
    return map.get(l)!;
  });
}

/**
 * Greedy modularity maximisation (Clauset, Newman & Moore 2004): start from singletons and
 * repeatedly merge the pair of connected communities with the largest ΔQ = 2(e_ij − a_i a_j)
 * while ΔQ ≥ 0. Returns a community label per node.
 *
 * @example
 * ```ts
 * import { graphFromEdges, greedyModularity } from "@prevision/prevision/graph";
 * greedyModularity(graphFromEdges(6, [[0, 1], [1, 2], [2, 0], [3, 4], [4, 5], [5, 3], [2, 3]]));
 * // [0, 0, 0, 1, 1, 1]
 * ```
 */
export function greedyModularity(g: Graph): Int32Array {
  const { n } = g;
  const m2 = 2 * g.edges;
  const labels = Int32Array.from({ length: n }, (_, i) => i);
  if (m2 === 0) return labels;
  const k = degrees(g);
  const a = Float64Array.from(k, (v) => v / m2);
  const e: Map<number, number>[] = Array.from({ length: n }, () => new Map());
  for (let i = 0; i < n; i++) for (const j of g.neighbours[i]) e[i].set(j, 1 / m2);
  const members: number[][] = Array.from({ length: n }, (_, i) => [i]);
  const alive = new Set<number>(Array.from({ length: n }, (_, i) => i));
  for (;;) {
    let best = -Infinity, bi = -1, bj = -1;
    for (const i of alive) {
      for (const [j, eij] of e[i]) {
        if (j <= i) continue;
        const dq = 2 * (eij - a[i] * a[j]);
        if (dq > best + 1e-15) {
          best = dq;
          bi = i;
          bj = j;
        }
      }
    }
    if (bi < 0 || best < 0) break;
    // merge bj into bi
    for (const [l, ejl] of e[bj]) {
      if (l === bi) continue;
      e[bi].set(l, (e[bi].get(l) ?? 0) + ejl);
      e[l].set(bi, (e[l].get(bi) ?? 0) + ejl);
      e[l].delete(bj);
    }
    e[bi].delete(bj);
    e[bj].clear();
    a[bi] += a[bj];
    a[bj] = 0;
    members[bi].push(...members[bj]);
    members[bj] = [];
    alive.delete(bj);
  }
  for (const c of alive) for (const v of members[c]) labels[v] = c;
  return compact(labels);
}

/**
 * Louvain modularity optimisation (Blondel et al. 2008): local moves in a seeded random node
 * order until no gain, then aggregation, repeated until nothing changes.
 *
 * @example
 * ```ts
 * import { graphFromEdges, louvain } from "@prevision/prevision/graph";
 * const labels = louvain(graphFromEdges(4, [[0, 1], [2, 3]]), 1); // [0, 0, 1, 1]
 * ```
 */
export function louvain(g: Graph, seed = 1): Int32Array {
  const rng = new Rng(seed, 0x10a);
  // Weighted adjacency of the current level as maps; self-weights hold internal edges ×2.
  let nodes = g.n;
  let w: Map<number, number>[] = Array.from({ length: nodes }, (_, i) => {
    const m = new Map<number, number>();
    for (const j of g.neighbours[i]) m.set(j, 1);
    return m;
  });
  let assignment = Int32Array.from({ length: g.n }, (_, i) => i);
  const m2 = 2 * g.edges;
  if (m2 === 0) return assignment;
  for (let level = 0; level < 100; level++) {
    const strength = Float64Array.from(w, (m) => [...m.values()].reduce((s, v) => s + v, 0));
    const comm = Int32Array.from({ length: nodes }, (_, i) => i);
    const tot = strength.slice();
    let moved = false;
    for (let pass = 0; pass < 1000; pass++) {
      let changed = false;
      for (const u of rng.permutation(nodes)) {
        const cu = comm[u];
        const links = new Map<number, number>();
        let self = 0;
        for (const [v, wt] of w[u]) {
          if (v === u) self += wt;
          else links.set(comm[v], (links.get(comm[v]) ?? 0) + wt);
        }
        tot[cu] -= strength[u];
        let best = cu;
        let bestGain = (links.get(cu) ?? 0) - (tot[cu] * strength[u]) / m2;
        for (const [c, kin] of links) {
          const gain = kin - (tot[c] * strength[u]) / m2;
          if (gain > bestGain + 1e-12) {
            bestGain = gain;
            best = c;
          }
        }
        tot[best] += strength[u];
        void self;
        if (best !== cu) {
          comm[u] = best;
          changed = true;
          moved = true;
        }
      }
      if (!changed) break;
    }
    if (!moved) break;
    const ids = compact(comm);
    const k = Math.max(...ids) + 1;
    assignment = assignment.map((c) => ids[c]);
    const next: Map<number, number>[] = Array.from({ length: k }, () => new Map());
    for (let u = 0; u < nodes; u++) {
      for (const [v, wt] of w[u]) {
        const a = ids[u], b = ids[v];
        next[a].set(b, (next[a].get(b) ?? 0) + wt);
      }
    }
    w = next;
    nodes = k;
  }
  return compact(assignment);
}
