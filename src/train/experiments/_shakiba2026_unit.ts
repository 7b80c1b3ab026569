/** One unit of shakiba2026: build the connectome-derived pieces, train, measure the network. */
import { parseBackend, useBackend } from "../../backend/select.ts";
import {
  bioWeights,
  type Connectome,
  defaultGrid,
  gridDistances,
  loadMicronsField,
  loadSynapseTable,
  orthogonal,
  permuteNodes,
  spatialDistances,
  syntheticConnectome,
} from "../../biology/connectome/index.ts";
import {
  averageClustering,
  binarise,
  degreeAssortativity,
  globalEfficiency,
  greedyModularity,
  kdeEntropy,
  modularity,
  smallWorldness,
  smallWorldNull,
} from "../../analysis/graph/index.ts";
import { BioRnn } from "../../models/bio_rnn.ts";
import { makeRegulariser } from "../../models/bio_regularisers.ts";
import { trainBioRnn } from "../../models/bio_train.ts";
import { TASKS } from "../../tasks/index.ts";
import { hash3 } from "../../util/rng.ts";
import { writeNpy } from "../../io/npy.ts";
import { parseVariant, variantSlug } from "./_shakiba2026_variants.ts";

/** The experiment's configuration (JSON). */
export interface ShakibaConfig {
  /** MICrONS field folder, or null. */
  field: string | null;
  /** Synapse and cell tables (CAVE exports), or null. */
  synapses: string | null;
  cells: string | null;
  /** Synthetic connectome size when no data are given. */
  syntheticN: number;
  grid: [number, number, number] | null;
  variants: string[];
  tasks: string[];
  positive: boolean;
  runs: number;
  trainTrials: number;
  testTrials: number;
  batch: number;
  epochs: number;
  learningRate: number;
  lambda: number;
  emdFactor: number;
  noise: number;
  nullPerms: number;
  seed: number;
  backend: string;
  mode: "quick" | "full";
}

/** What one unit returns. */
export interface ShakibaUnitResult {
  variant: string;
  task: string;
  run: number;
  accuracy: number;
  testLoss: number;
  epochLoss: number[];
  modularity: number;
  communities: number;
  assortativity: number;
  clustering: number;
  efficiency: number;
  smallWorld: number;
  entropy: number;
  /** Module label per neuron (for the ordered weight-matrix figure). */
  modules: number[];
  weightsFile: string;
  seconds: number;
  secondsPerStep: number;
  steps: number;
  backend: string;
}

let cached: { key: string; connectome: Connectome } | null = null;

/** Loads (once per process) the connectome the config names. */
export async function connectomeOf(config: ShakibaConfig): Promise<Connectome> {
  const key = JSON.stringify([
    config.field,
    config.synapses,
    config.cells,
    config.syntheticN,
    config.seed,
  ]);
  if (cached?.key === key) return cached.connectome;
  let c: Connectome;
  if (config.field) c = loadMicronsField(config.field);
  else if (config.synapses && config.cells) {
    c = await loadSynapseTable(config.synapses, config.cells);
  } else c = syntheticConnectome({ n: config.syntheticN, seed: config.seed });
  cached = { key, connectome: c };
  return c;
}

/** The grid of the D control for this config and connectome. */
export function gridOf(config: ShakibaConfig, c: Connectome): [number, number, number] {
  return config.grid ?? c.grid ?? defaultGrid(c.n);
}

/** Runs one unit. */
export async function runShakibaUnit(
  config: ShakibaConfig,
  params: { variant: string; task: string; run: number },
  runDir: string,
  log: (m: string) => void,
): Promise<ShakibaUnitResult> {
  const backend = await useBackend(parseBackend(config.backend));
  const t0 = performance.now();
  const c = await connectomeOf(config);
  const spec = parseVariant(params.variant);
  const task = TASKS[params.task];
  const n = c.n;
  const s = config.seed;
  const salt = [...params.variant].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 7);
  const taskSalt = [...params.task].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 11);
  let init: Float64Array;
  if (spec.init === "orthogonal") {
    init = orthogonal(n, hash3(s, 0x0a7 ^ taskSalt, params.run * 977 + salt));
  } else {
    // W* is drawn once per run and shared by every bio variant and task of that run.
    const w = bioWeights(c, hash3(s, 0xb10, params.run));
    init = spec.init === "bio" ? w : permuteNodes(w, n, hash3(s, salt ^ taskSalt, params.run));
  }
  const distance = spec.space === "real"
    ? spatialDistances(c.positions, n)
    : spec.space === "grid"
    ? gridDistances(gridOf(config, c))
    : undefined;
  const regulariser = makeRegulariser({
    kind: spec.regulariser,
    n,
    lambda: config.lambda,
    distance,
    empirical: c.adjacency,
    emdFactor: config.emdFactor,
  });
  const model = new BioRnn({
    n,
    inputs: task.inputs,
    outputs: task.outputs,
    recurrentInit: init,
    seed: hash3(s, 0x6e7 ^ salt, params.run * 31 + taskSalt),
    noise: config.noise,
    nonNegative: config.positive,
  });
  try {
    const r = await trainBioRnn(model, regulariser, {
      task,
      dataSeed: hash3(s, 0xda7a ^ taskSalt, params.run),
      noiseSeed: hash3(s, 0x1015e ^ salt, params.run * 31 + taskSalt),
      trainTrials: config.trainTrials,
      testTrials: config.testTrials,
      batch: config.batch,
      epochs: config.epochs,
      learningRate: config.learningRate,
      log,
    });
    const w = await model.recurrentWeights();
    const finite = w.every(Number.isFinite);
    const g = binarise(w, n, 0.9);
    const labels = finite ? greedyModularity(g) : new Int32Array(n);
    const nul = smallWorldNull(n, config.nullPerms, s);
    const weightsFile = `weights/${variantSlug(params.variant)}-${params.task}-r${params.run}.npy`;
    await Deno.mkdir(`${runDir}/weights`, { recursive: true });
    await writeNpy(`${runDir}/${weightsFile}`, w, [n, n]);
    const result: ShakibaUnitResult = {
      ...params,
      accuracy: r.testAccuracy,
      testLoss: r.testLoss,
      epochLoss: r.epochLoss,
      modularity: finite ? modularity(g, labels) : NaN,
      communities: Math.max(...labels) + 1,
      assortativity: degreeAssortativity(g),
      clustering: averageClustering(g),
      efficiency: globalEfficiency(g),
      smallWorld: finite ? smallWorldness(g, nul) : NaN,
      entropy: finite ? kdeEntropy(w) : NaN,
      modules: Array.from(labels),
      weightsFile,
      seconds: (performance.now() - t0) / 1000,
      secondsPerStep: r.secondsPerStep,
      steps: r.steps,
      backend,
    };
    log(
      `test accuracy ${result.accuracy.toFixed(3)}, Q ${result.modularity.toFixed(3)}, σ ${
        result.smallWorld.toFixed(2)
      }, entropy ${result.entropy.toFixed(2)} (${result.seconds.toFixed(1)} s, ${
        (r.secondsPerStep * 1000).toFixed(0)
      } ms/step)`,
    );
    return result;
  } finally {
    model.dispose();
    regulariser.dispose();
  }
}
