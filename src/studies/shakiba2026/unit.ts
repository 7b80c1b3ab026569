/**
 * One shakiba2026 unit (variant × task × seed): build the connectome-derived initialisation
 * and regulariser, train the noise → ReLU RNN → softmax classifier, then measure held-out
 * accuracy and the trained network's structure.
 *
 * @module
 */
import type { UnitContext } from "../../experiment/contract.ts";
import { currentBackend, useBackend } from "../../backend/select.ts";
import { gridDistances, orthogonal, permuteNodes } from "../../biology/connectome/mod.ts";
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
} from "../../analysis/graph/mod.ts";
import { BioRnn } from "../../models/bio_rnn.ts";
import { makeRegulariser } from "../../models/bio_regularisers.ts";
import { trainBioRnn } from "../../train/bio_rnn_fit.ts";
import { writeNpy } from "../../io/npy.ts";
import { InputError } from "../../util/errors.ts";
import type { Shakiba2026Config } from "./config.ts";
import { gridOf, loadConnectome, taskOf } from "./data.ts";
import { parseVariant, variantSlug } from "./_variants.ts";
import { NULL_SEED, unitStreams } from "./_seeds.ts";
import { dStarOf } from "./_geometry.ts";
import { priorBioWeights } from "./_prior.ts";

/** What one unit runs: a model variant on a task with a replicate seed. */
export interface Shakiba2026Params {
  /** Variant name, e.g. `W*D*C`. */
  variant: string;
  /** Task name, e.g. `gonogo`. */
  task: string;
  /** Replicate seed (1, 2, …). */
  seed: number;
}

/** What one unit returns (`units/<key>.json`). */
export interface Shakiba2026Result extends Shakiba2026Params {
  /** Accuracy on the held-out test trials. */
  accuracy: number;
  /**
   * The authors' table quantity: accuracy on the last epoch's training batches, with input
   * noise (Keras `hist.history['accuracy'][-1]`).
   */
  trainAccuracy: number;
  /** Training steps whose loss was NaN or infinite. */
  nonFiniteSteps: number;
  /** Whether every trained recurrent weight is finite. */
  finiteWeights: boolean;
  /** Mean cross-entropy on the test trials. */
  testLoss: number;
  /** Mean training cross-entropy of each epoch. */
  epochLoss: number[];
  /** Newman modularity Q of the greedy (CNM) partition of the top-10 % |W| graph. */
  modularity: number;
  /** Modules of that partition. */
  communities: number;
  /** Degree assortativity of that graph. */
  assortativity: number;
  /** Average clustering coefficient. */
  clustering: number;
  /** Global efficiency. */
  efficiency: number;
  /** Small-worldness σ against the paper's null. */
  smallWorld: number;
  /** Entropy of the weight distribution (bits, Gaussian KDE). */
  entropy: number;
  /** Module label per neuron (for the ordered weight-matrix figure). */
  modules: number[];
  /** The trained recurrent matrix, `.npy` relative to the run folder. */
  weightsFile: string;
  /** Wall seconds of the unit. */
  seconds: number;
  /** Wall seconds per training step. */
  secondsPerStep: number;
  /** Training steps taken. */
  steps: number;
  /** The tfjs backend that ran it. */
  backend: string;
}

/**
 * Runs one unit. Uses the backend the caller selected (the CLI's `--backend`), or selects
 * one if none is yet. Writes the trained recurrent matrix to `weights/<key>.npy`.
 *
 * @example
 * ```ts
 * import { shakiba2026Presets } from "@prevision/prevision/studies";
 * const runDir = Deno.makeTempDirSync();
 * const r = await runUnit(shakiba2026Presets.tiny, { variant: "W", task: "gonogo", seed: 1 }, {
 *   runDir, key: "W-gonogo-s1", log: console.error,
 * });
 * console.log(r.accuracy, r.modularity);
 * ```
 */
export async function runUnit(
  config: Shakiba2026Config,
  params: Shakiba2026Params,
  ctx: UnitContext,
): Promise<Shakiba2026Result> {
  const backend = currentBackend() ?? await useBackend("auto");
  const t0 = performance.now();
  const c = await loadConnectome(config);
  if (config.grid && config.grid.reduce((a, b) => a * b) !== c.n) {
    throw new InputError(`--grid ${config.grid.join(",")} does not hold the ${c.n} neurons`);
  }
  const spec = parseVariant(params.variant);
  const task = taskOf(params.task);
  const streams = unitStreams(params.variant, params.task, params.seed);
  const n = c.n;
  let init: Float64Array;
  if (spec.init === "orthogonal") init = orthogonal(n, streams.orthogonal);
  else {
    const w = priorBioWeights(c, config.prior, streams.bio);
    init = spec.init === "bio" ? w : permuteNodes(w, n, streams.permutation);
  }
  const distance = spec.space === "real"
    ? dStarOf(c, config.dstar, Boolean(config.field))
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
    wdcEpsilon: config.wdcEpsilon,
  });
  const model = new BioRnn({
    n,
    inputs: task.inputs,
    outputs: task.outputs,
    recurrentInit: init,
    seed: streams.model,
    noise: config.inputNoise,
    nonNegative: config.positive,
  });
  try {
    const r = await trainBioRnn(model, regulariser, {
      task,
      dataSeed: streams.trials,
      noiseSeed: streams.noise,
      trainTrials: config.trainTrials,
      testTrials: config.testTrials,
      batch: config.batchSize,
      epochs: config.epochs,
      learningRate: config.learningRate,
      log: ctx.log,
    });
    const w = await model.recurrentWeights();
    const finite = w.every(Number.isFinite);
    const g = binarise(w, n, 0.9);
    const labels = finite ? greedyModularity(g) : new Int32Array(n);
    const nul = smallWorldNull(n, config.nullPerms, NULL_SEED);
    const weightsFile = `weights/${variantSlug(params.variant)}-${params.task}-s${params.seed}.npy`;
    await Deno.mkdir(`${ctx.runDir}/weights`, { recursive: true });
    await writeNpy(`${ctx.runDir}/${weightsFile}`, w, [n, n]);
    const result: Shakiba2026Result = {
      ...params,
      accuracy: r.testAccuracy,
      trainAccuracy: r.epochAccuracy[r.epochAccuracy.length - 1] ?? NaN,
      nonFiniteSteps: r.nonFiniteSteps,
      finiteWeights: finite,
      testLoss: r.testLoss,
      epochLoss: r.epochLoss,
      modularity: finite ? modularity(g, labels) : NaN,
      communities: Math.max(...labels) + 1,
      assortativity: finite ? degreeAssortativity(g) : NaN,
      clustering: finite ? averageClustering(g) : NaN,
      efficiency: finite ? globalEfficiency(g) : NaN,
      smallWorld: finite ? smallWorldness(g, nul) : NaN,
      entropy: finite ? kdeEntropy(w) : NaN,
      modules: Array.from(labels),
      weightsFile,
      seconds: (performance.now() - t0) / 1000,
      secondsPerStep: r.secondsPerStep,
      steps: r.steps,
      backend,
    };
    if (r.nonFiniteSteps > 0 || !finite) {
      ctx.log(
        `numerical failure: ${r.nonFiniteSteps} of ${r.steps} steps with a non-finite loss, ` +
          `weights ${finite ? "finite" : "non-finite"}`,
      );
    }
    ctx.log(
      `test accuracy ${result.accuracy.toFixed(3)} (train, last epoch ${
        result.trainAccuracy.toFixed(3)
      }), Q ${result.modularity.toFixed(3)}, σ ${result.smallWorld.toFixed(2)}, entropy ${
        result.entropy.toFixed(2)
      } (${result.seconds.toFixed(1)} s, ${(r.secondsPerStep * 1000).toFixed(0)} ms/step)`,
    );
    return result;
  } finally {
    model.dispose();
    regulariser.dispose();
  }
}
