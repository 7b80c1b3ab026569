/**
 * One may2025 unit (one seed × one fold): pre-trains on directional and undirectional
 * waves (once per seed: the folds of a seed share the weights under `pretrain/`), then
 * fine-tunes every condition on the fold's training clips and scores it on validation and
 * test. A pure function of the config and the unit's parameters, up to the backend's
 * numerics.
 *
 * @module
 */
import { join } from "node:path";
import { tf } from "../../backend/tf.ts";
import { buildFramePredictor } from "../../models/mod.ts";
import { Rng } from "../../util/rng.ts";
import type { UnitContext } from "../../experiment/contract.ts";
import { loadCheckpoint } from "../../io/checkpoint.ts";
import { evaluate, evaluatePerSample, fit } from "../../train/trainer.ts";
import { withReestimatedBatchNorm } from "../../train/batch_norm_reestimate.ts";
import {
  type FrameBaseline,
  frameBaselineLosses,
  meanTargetFrame,
} from "../../analysis/frame_baselines.ts";
import { mean } from "../../analysis/stats/describe.ts";
import { dataConfig, foldData, targetMovie, type WaveKind } from "./data.ts";
import {
  baselineMeans,
  DESCRIPTION,
  pretrain,
  type PretrainHistory,
  readPretrainHistory,
} from "./_pretrain.ts";
import type { May2025Condition, May2025Config } from "./config.ts";

/** A unit's parameters: the replicate seed and the 0-based cross-validation fold. */
export interface May2025Params {
  /** Replicate seed (weights, sample order). */
  seed: number;
  /** 0-based; unit keys and folders count from 1 (`seed3-fold1`). */
  fold: number;
}

/** Per-condition outcome of one unit. */
export interface ConditionResult {
  /** Validation loss per epoch, index 0 = before fine-tuning. */
  val: number[];
  /** Training loss per epoch (index 0 = null). */
  train: (number | null)[];
  /** Epoch of the lowest validation loss (0 = before fine-tuning). */
  bestEpoch: number;
  /** The lowest validation loss. */
  best: number;
  /** Mean test loss of the best-validation model. */
  test: number;
  /** Each test clip's loss (the paper's pooled per-sample test pairs these across runs). */
  testSamples: number[];
  /**
   * Validation loss before fine-tuning with batch-norm statistics re-estimated on the
   * fine-tuning clips (weights unchanged): what the weights know, apart from normalisation.
   */
  epoch0Reestimated: number;
  /** Wall seconds of this condition. */
  seconds: number;
}

/** Result of one unit (seed × fold): `units/<key>.json`. */
export interface May2025UnitResult {
  /** Replicate seed. */
  seed: number;
  /** 0-based fold. */
  fold: number;
  /** Outcome per condition run. */
  conditions: Partial<Record<May2025Condition, ConditionResult>>;
  /** Mean loss of the model-free baselines on this fold's validation and test clips. */
  baselines: {
    validation: Record<FrameBaseline, number>;
    test: Record<FrameBaseline, number>;
  };
  /** The pre-training runs this unit used (shared by the folds of a seed). */
  pretrain: Partial<Record<WaveKind, PretrainHistory>>;
  /** Wall seconds of the unit. */
  seconds: number;
  /** The tfjs backend the unit ran on. */
  backend: string;
}

/**
 * The unit key of a seed and a 0-based fold.
 *
 * @example
 * ```ts
 * unitKey(3, 0); // "seed3-fold1"
 * ```
 */
export function unitKey(seed: number, fold: number): string {
  return `seed${seed}-fold${fold + 1}`;
}

/**
 * Where a unit's training of one condition lives (its `best/` checkpoint is what the
 * report's GIFs and receptive fields load).
 *
 * @example
 * ```ts
 * conditionDir("runs/may", 1, 0, "none"); // "runs/may/train/seed1-fold1/none"
 * ```
 */
export function conditionDir(
  runDir: string,
  seed: number,
  fold: number,
  condition: string,
): string {
  return join(runDir, "train", unitKey(seed, fold), condition);
}

/**
 * Permutes every stored tensor along its output-channel axis (PyTorch's first axis), each
 * with its own permutation — weights, both biases, batch-norm scales and shifts and their
 * running statistics — as the authors' model/shuffle_model_cli.py does: the `shuffled`
 * condition's control, which keeps the values and destroys the structure. The LSTM
 * peepholes are left alone: their PyTorch tensor's first axis has length 1.
 *
 * @example
 * ```ts
 * import { buildFramePredictor } from "@prevision/prevision/models";
 * const model = buildFramePredictor(
 *   { cell: "rnn", channels: 4, kernel: 3, size: 8, frames: 2, layers: 1 },
 *   1,
 * );
 * shuffleWeights(model, 1);
 * ```
 */
export function shuffleWeights(model: tf.LayersModel, seed: number): void {
  const rng = new Rng(seed, 0x5f0ff1e);
  for (const layer of model.layers) {
    if (layer.weights.length === 0) continue;
    const values = layer.getWeights();
    const names = layer.weights.map((w) => w.name);
    const shuffled = values.map((t, i) => {
      if (/\/wc[ifo]/.test(names[i])) return t.clone();
      const axis = t.rank - 1;
      const perm = rng.permutation(t.shape[axis]);
      // a fresh tensor: the wasm backend remembers gather's internal 4-D shape on the data,
      // which its fused conv then rejects as a bias
      const gathered = tf.gather(t, perm, axis);
      const fresh = tf.tensor(gathered.dataSync(), t.shape);
      gathered.dispose();
      return fresh;
    });
    layer.setWeights(shuffled);
    tf.dispose(shuffled);
  }
}

/**
 * Runs every condition of one seed × fold.
 *
 * @example
 * ```ts
 * import { useBackend } from "@prevision/prevision";
 * import { may2025Presets, runMay2025Unit } from "@prevision/prevision/studies";
 * await useBackend("wasm");
 * const config = { ...may2025Presets.tiny, conditions: ["none" as const] };
 * const runDir = await Deno.makeTempDir();
 * const result = await runMay2025Unit(config, { seed: 1, fold: 0 }, {
 *   runDir,
 *   key: "seed1-fold1",
 *   log: console.error,
 * });
 * result.conditions.none?.test; // summed squared error per test clip
 * ```
 */
export async function runMay2025Unit(
  config: May2025Config,
  { seed, fold }: May2025Params,
  ctx: UnitContext,
): Promise<May2025UnitResult> {
  const t0 = performance.now();
  const needs = new Set(config.conditions);
  const directional = [...needs].some((c) => c !== "none" && c !== "undirectional")
    ? await pretrain(config, "directional", seed, ctx)
    : null;
  const undirectional = needs.has("undirectional")
    ? await pretrain(config, "undirectional", seed, ctx)
    : null;
  const { movie, frames } = await targetMovie(dataConfig(config));
  const data = foldData(dataConfig(config), movie, frames, fold);
  const trainMean = meanTargetFrame(data.train);
  const baselines = {
    validation: baselineMeans(frameBaselineLosses(data.validation, trainMean)),
    test: baselineMeans(frameBaselineLosses(data.test, trainMean)),
  };
  const pretrained: May2025UnitResult["pretrain"] = {};
  if (directional) pretrained.directional = await readPretrainHistory(directional) ?? undefined;
  if (undirectional) {
    pretrained.undirectional = await readPretrainHistory(undirectional) ?? undefined;
  }
  const conditions: May2025UnitResult["conditions"] = {};
  for (const condition of config.conditions) {
    const start = performance.now();
    const model = buildFramePredictor(config.model, seed);
    try {
      let source: string | null = null;
      if (condition === "directional" || condition === "shuffled") {
        source = join(directional!, "final");
      } else if (condition === "undirectional") source = join(undirectional!, "final");
      else if (condition.startsWith("short")) {
        source = join(directional!, `epoch${condition.slice(5)}`);
      } else if (condition === "budget") {
        source = join(directional!, `epoch${config.budgetPretrainEpochs}`);
      }
      if (source) {
        const loaded = await loadCheckpoint(source);
        model.setWeights(loaded.model.getWeights());
        loaded.model.dispose();
      }
      if (condition === "shuffled") shuffleWeights(model, seed);
      const epoch0Reestimated = await withReestimatedBatchNorm(
        model,
        data.train,
        config.batchSize,
        () => evaluate(model, data.validation, config.batchSize),
      );
      const budget = condition === "budget";
      const dir = conditionDir(ctx.runDir, seed, fold, condition);
      const result = await fit({
        model,
        train: data.train,
        validation: data.validation,
        epochs: budget ? config.epochs - config.budgetPretrainEpochs : config.epochs,
        patience: budget ? undefined : config.patience ?? undefined,
        batchSize: config.batchSize,
        learningRate: config.learningRate,
        seed: seed * 1000 + fold,
        dir,
        onCorruptCheckpoint: ctx.restartUnit ? "restart" : "error",
        checkpointInfo: {
          name: `frame-predictor-corridor-${condition}`,
          description: `${DESCRIPTION}; fine-tuned on the ${
            config.natural ? "natural movie" : "corridor"
          } (${condition})`,
          config: { ...config.model, condition },
        },
        label: `[seed${seed} fold${fold + 1} ${condition}]`,
      });
      const testSamples = await evaluatePerSample(model, data.test, config.batchSize);
      const test = mean(testSamples);
      const r: ConditionResult = {
        val: result.history.map((h) => h.valLoss as number),
        train: result.history.map((h) => h.trainLoss),
        bestEpoch: result.bestEpoch,
        best: result.bestValLoss as number,
        test,
        testSamples,
        epoch0Reestimated,
        seconds: (performance.now() - start) / 1000,
      };
      conditions[condition as May2025Condition] = r;
      ctx.log(
        `${condition}: epoch0 ${r.val[0].toFixed(2)} best ${r.best.toFixed(2)} test ${
          test.toFixed(2)
        }`,
      );
    } finally {
      model.dispose();
    }
  }
  return {
    seed,
    fold,
    conditions,
    baselines,
    pretrain: pretrained,
    seconds: (performance.now() - t0) / 1000,
    backend: tf.getBackend(),
  };
}
