/** Graph measures of trained recurrent networks. */
export * from "./graph.ts";
export * from "./metrics.ts";
export * from "./modularity.ts";
export * from "./smallworld.ts";
export * from "./entropy.ts";
