/**
 * Biology: connectomes (MICrONS field folders, CAVE-style synapse tables, a synthetic
 * generator) and the ways a recurrent network is initialised from them (Shakiba et al.
 * 2026), and biophysical retinal ganglion cells with bipolar-cell subunits (Yan et al.
 * 2020).
 *
 * @example A small synthetic connectome and a ganglion cell's response to white noise
 * ```ts
 * import { createRgc, simulateRgc, syntheticConnectome } from "@prevision/prevision/biology";
 * import { binaryCheckerboard } from "@prevision/prevision/stimuli";
 * const connectome = syntheticConnectome({ n: 16, seed: 1 });
 * const cell = createRgc({ size: 8 });
 * const movie = binaryCheckerboard({ frames: 50, size: 8, seed: 1 });
 * const response = simulateRgc(cell, movie, { seed: 1 });
 * console.log(connectome.n, response.rate.length);
 * ```
 *
 * @module
 */
export * from "./connectome/mod.ts";
export * from "./rgc/mod.ts";
