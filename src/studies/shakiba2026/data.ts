/**
 * Where a shakiba2026 unit's data come from: the connectome (a MICrONS field, a CAVE synapse
 * and cell table, or a synthetic stand-in), the grid of the D control, and the cognitive
 * tasks whose trials are drawn from the unit's data seed.
 *
 * @module
 */
import {
  type Connectome,
  defaultGrid,
  loadMicronsField,
  loadSynapseTable,
  syntheticConnectome,
} from "../../biology/connectome/mod.ts";
import { type Task, TASKS } from "../../tasks/mod.ts";

/** The connectome fields of the config (a subset, so that data does not import config). */
export interface ConnectomeSource {
  field: string | null;
  synapses: string | null;
  cells: string | null;
  syntheticNeurons: number;
  syntheticSeed: number;
  grid: number[] | null;
}

let cached: { key: string; connectome: Connectome } | null = null;

/**
 * Loads the connectome a config names (once per process: every unit of a run shares it).
 *
 * @example
 * ```ts
 * const c = await loadConnectome({
 *   field: null, synapses: null, cells: null, syntheticNeurons: 24, syntheticSeed: 1, grid: null,
 * });
 * c.n; // 24
 * ```
 */
export async function loadConnectome(source: ConnectomeSource): Promise<Connectome> {
  const key = JSON.stringify([
    source.field,
    source.synapses,
    source.cells,
    source.syntheticNeurons,
    source.syntheticSeed,
  ]);
  if (cached?.key === key) return cached.connectome;
  let c: Connectome;
  if (source.field) c = loadMicronsField(source.field);
  else if (source.synapses && source.cells) {
    c = await loadSynapseTable(source.synapses, source.cells);
  } else c = syntheticConnectome({ n: source.syntheticNeurons, seed: source.syntheticSeed });
  cached = { key, connectome: c };
  return c;
}

/**
 * The number of neurons without loading synapse tables (those can be large): a field is
 * loaded (fast), a synthetic connectome has its configured size, a table gives null.
 *
 * @example
 * ```ts
 * connectomeSize({
 *   field: null, synapses: null, cells: null, syntheticNeurons: 24, syntheticSeed: 1, grid: null,
 * }); // 24
 * ```
 */
export function connectomeSize(source: ConnectomeSource): number | null {
  if (source.field) return loadMicronsField(source.field).n;
  return source.synapses ? null : source.syntheticNeurons;
}

/**
 * The grid of the D control: the config's, else the data's own, else a near-cube.
 *
 * @example
 * ```ts
 * const source = {
 *   field: null, synapses: null, cells: null, syntheticNeurons: 24, syntheticSeed: 1, grid: null,
 * };
 * gridOf(source, await loadConnectome(source)); // three sides whose product is 24
 * ```
 */
export function gridOf(source: ConnectomeSource, c: Connectome): [number, number, number] {
  return (source.grid as [number, number, number] | null) ?? c.grid ?? defaultGrid(c.n);
}

/**
 * A task by name; its trials are generated from a seed by the training loop (disjoint
 * streams for the train and test splits).
 *
 * @example
 * ```ts
 * taskOf("gonogo").outputs; // 2
 * ```
 */
export function taskOf(name: string): Task {
  const task = TASKS[name];
  if (!task) throw new Error(`shakiba2026: unknown task '${name}'`);
  return task;
}

/** Accuracy of guessing, per task (the dashed line of the accuracy figure). */
export const CHANCE: Record<string, number> = { maze: 0.25, gonogo: 0.5, perceptual: 0.5 };
