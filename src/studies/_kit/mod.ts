/**
 * Pieces every study shares: flags derived from the config schema, summaries and
 * corrected comparisons, and SVG plots.
 *
 * @module
 */
export * from "./config_flags.ts";
export * from "./summaries.ts";
export * from "./plots.ts";
