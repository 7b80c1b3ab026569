/** Statistics: special functions, descriptive statistics, tests and corrections. */
export * from "./special.ts";
export * from "./corrections.ts";
export * from "./describe.ts";
export * from "./ttest.ts";
export * from "./wilcoxon.ts";
export * from "./kruskal.ts";
export * from "./mannwhitney.ts";
export * from "./bootstrap.ts";
