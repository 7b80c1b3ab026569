/** Connectomes: MICrONS field folders, CAVE-style synapse tables, synthetic generator, inits. */
export * from "./types.ts";
export * from "./microns.ts";
export * from "./synapses.ts";
export * from "./synthetic.ts";
export * from "./init.ts";
