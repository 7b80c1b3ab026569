/**
 * Graph measures of connectivity matrices and trained recurrent networks: graphs from
 * weighted matrices or edge lists, binarisation by quantile, clustering, global efficiency,
 * degree assortativity, modularity (greedy and Louvain), small-worldness against a
 * degree-preserving null, and the entropy of a weight distribution.
 *
 * @example Clustering and efficiency of a small binarised network
 * ```ts
 * import { averageClustering, binarise, globalEfficiency } from "@prevision/prevision/graph";
 * const w = [0, 0.9, 0.2, 0.9, 0, 0.8, 0.2, 0.8, 0];
 * const g = binarise(w, 3, 0.5); // keep the strongest half of the weights
 * console.log(averageClustering(g), globalEfficiency(g));
 * ```
 *
 * @module
 */
export * from "./graph.ts";
export * from "./metrics.ts";
export * from "./modularity.ts";
export * from "./smallworld.ts";
export * from "./entropy.ts";
