/**
 * The training loop every experiment reuses: Adam on a loss over batches drawn from a
 * {@link ClipData}, validation before training ("epoch 0") and after every epoch, early
 * stopping with patience keeping the best weights (or a fixed epoch budget), metrics
 * appended to `metrics.jsonl`, and checkpoints (`last/`, `best/`) from which a killed run
 * resumes to exactly the weights an uninterrupted run reaches. Everything random is a
 * function of the seed and the epoch, so runs are reproducible and resumable.
 */
import { join } from "node:path";
import { tf } from "../backend/tf.ts";
import { forwardFramePredictor, summedSquaredError } from "../models/mod.ts";
import { Rng } from "../util/rng.ts";
import { writeFileAtomic } from "../util/atomic.ts";
import { Adam } from "./adam.ts";
import type { ClipData } from "./clips.ts";
import {
  type CheckpointInfo,
  loadCheckpoint,
  type LoadedCheckpoint,
  saveCheckpoint,
} from "../io/checkpoint.ts";
import { errorMessage, InputError } from "../util/errors.ts";
import { Progress } from "./progress.ts";

/** Options of {@link fit}. */
export interface FitOptions {
  /** The model to train (its weights change in place). */
  model: tf.LayersModel;
  /** Training clips. */
  train: ClipData;
  /** Validation data: evaluated before training (epoch 0) and after every epoch. */
  validation?: ClipData;
  /** Maximum epochs (the whole budget when `patience` is undefined). */
  epochs: number;
  /** Clips per Adam step. */
  batchSize: number;
  /** Adam learning rate. */
  learningRate: number;
  /** Seeds the order of the samples in every epoch. */
  seed: number;
  /** Stop after this many epochs without a lower validation loss (undefined: never). */
  patience?: number;
  /** Restore the weights of the best validation epoch at the end (default: true). */
  restoreBest?: boolean;
  /** Folder for metrics.jsonl and the last/ and best/ checkpoints; enables resuming. */
  dir?: string;
  /**
   * What a `last/` (or `best/`) checkpoint in `dir` that cannot be loaded means: `"error"`
   * (default) throws an InputError naming it, so days of training are not silently lost;
   * `"restart"` logs it and trains from epoch 0 (the CLI's `--restart-unit`).
   */
  onCorruptCheckpoint?: "error" | "restart";
  /** What the checkpoints say about the model. */
  checkpointInfo?: Omit<CheckpointInfo, "training" | "seed">;
  /** Label of progress lines. */
  label?: string;
  /** Called after each epoch (after the checkpoint is written). */
  onEpoch?: (record: EpochRecord) => void | Promise<void>;
}

/** One line of metrics.jsonl. */
export interface EpochRecord {
  /** 0 = before training. */
  epoch: number;
  /** Mean training loss over the epoch's batches (null for epoch 0). */
  trainLoss: number | null;
  /** Validation loss (null without validation data). */
  valLoss: number | null;
  /** Optimizer steps done after this epoch. */
  step: number;
  /** Seconds this epoch took. */
  seconds: number;
}

/** What {@link fit} returns. */
export interface FitResult {
  /** One record per epoch, epoch 0 (before training) first. */
  history: EpochRecord[];
  /** Epoch with the lowest validation loss (the last epoch without validation data). */
  bestEpoch: number;
  /** Validation loss at `bestEpoch` (null without validation data). */
  bestValLoss: number | null;
  /** Whether `patience` ended training before `epochs`. */
  stoppedEarly: boolean;
  /** Epoch a resumed run continued from (null if it started fresh). */
  resumedFromEpoch: number | null;
  /** Adam steps taken. */
  steps: number;
}

interface TrainerState {
  history: EpochRecord[];
  bestEpoch: number;
  bestValLoss: number | null;
  wait: number;
  done: boolean;
  stoppedEarly: boolean;
}

/** Mean per-sample loss of `model` on `data` in inference mode (batch norm uses running stats). */
export async function evaluate(
  model: tf.LayersModel,
  data: ClipData,
  batchSize: number,
): Promise<number> {
  let total = 0;
  for (let start = 0; start < data.count; start += batchSize) {
    const indices = Array.from(
      { length: Math.min(batchSize, data.count - start) },
      (_, i) => start + i,
    );
    const sum = lossOnBatch(model, data, indices, false);
    total += (await sum.data())[0];
    sum.dispose();
  }
  return total / data.count;
}

/**
 * Each sample's summed squared error on `data` in inference mode (batch norm uses running
 * statistics), in sample order: what a paired test over samples needs.
 */
export async function evaluatePerSample(
  model: tf.LayersModel,
  data: ClipData,
  batchSize: number,
): Promise<number[]> {
  const out: number[] = [];
  for (let start = 0; start < data.count; start += batchSize) {
    const indices = Array.from(
      { length: Math.min(batchSize, data.count - start) },
      (_, i) => start + i,
    );
    const { x, y } = data.batch(indices);
    const perSample = tf.tidy(() => {
      const xs = tf.tensor5d(x, [indices.length, data.frames, data.height, data.width, 1]);
      const ys = tf.tensor4d(y, [indices.length, data.height, data.width, 1]);
      return forwardFramePredictor(model, xs, false).sub(ys).square().sum([1, 2, 3]);
    });
    out.push(...await perSample.data());
    perSample.dispose();
  }
  return out;
}

/** Summed (not averaged) per-sample loss of a batch, as a scalar tensor. */
function lossOnBatch(
  model: tf.LayersModel,
  data: ClipData,
  indices: number[],
  training: boolean,
): tf.Scalar {
  const { x, y } = data.batch(indices);
  return tf.tidy(() => {
    const xs = tf.tensor5d(x, [indices.length, data.frames, data.height, data.width, 1]);
    const ys = tf.tensor4d(y, [indices.length, data.height, data.width, 1]);
    return summedSquaredError(forwardFramePredictor(model, xs, training), ys).mul(
      indices.length,
    ) as tf.Scalar;
  });
}

/** The sample order of `epoch` (1-based), a function of seed and epoch only. */
export function epochOrder(seed: number, epoch: number, count: number): number[] {
  return new Rng(seed, 0x0e90c000 + epoch).permutation(count);
}

/** Kills this process at a given step once, for the resume test (env PREVISION_TEST_KILL_AT_STEP=N:marker). */
function maybeKill(step: number): void {
  let spec: string | undefined;
  try {
    spec = Deno.env.get("PREVISION_TEST_KILL_AT_STEP");
  } catch {
    return;
  }
  if (!spec) return;
  const [n, marker] = spec.split(":");
  if (Number(n) !== step || !marker) return;
  try {
    Deno.statSync(marker);
    return; // already killed once
  } catch { /* first time */ }
  Deno.writeTextFileSync(marker, String(step));
  Deno.kill(Deno.pid, "SIGKILL");
}

async function appendMetrics(dir: string | undefined, history: EpochRecord[]): Promise<void> {
  if (!dir) return;
  await writeFileAtomic(
    join(dir, "metrics.jsonl"),
    history.map((r) => JSON.stringify(r)).join("\n") + "\n",
  );
}

/**
 * The checkpoint at `path` to resume from: null when there is none; one that is there but
 * cannot be loaded (a flipped byte, a truncated file) is an InputError naming it, or, with
 * `restart`, a logged null.
 */
async function loadResumable(
  path: string,
  restart: boolean,
  progress: Progress,
): Promise<LoadedCheckpoint | null> {
  try {
    await Deno.stat(join(path, "manifest.json"));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
  try {
    return await loadCheckpoint(path);
  } catch (error) {
    const why = errorMessage(error).replace(`${path}: `, "");
    if (restart) {
      progress.epoch(`checkpoint ${path} cannot be loaded (${why}); starting again`);
      return null;
    }
    throw new InputError(
      `cannot resume from ${path}: ${why}; --restart-unit discards it and trains the unit again`,
    );
  }
}

/**
 * Trains `options.model` in place and returns its history.
 *
 * @example
 * ```ts
 * import { fit } from "@prevision/prevision/train";
 * // const result = await fit({ model, train, validation, epochs: 20, batchSize: 16,
 * //   learningRate: 1e-4, seed: 1, patience: 5, dir: "runs/x/train" });
 * ```
 */
export async function fit(options: FitOptions): Promise<FitResult> {
  const { model, train, validation, epochs, batchSize, seed, dir } = options;
  const restoreBest = options.restoreBest ?? true;
  const label = options.label ?? "train";
  const progress = new Progress(label);
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const adam = new Adam(vars, { learningRate: options.learningRate });
  const info = {
    name: options.checkpointInfo?.name ?? model.name,
    description: options.checkpointInfo?.description ?? "",
    config: options.checkpointInfo?.config ?? {},
    seed,
  };
  let state: TrainerState = {
    history: [],
    bestEpoch: 0,
    bestValLoss: null,
    wait: 0,
    done: false,
    stoppedEarly: false,
  };
  let best: tf.Tensor[] | null = null;
  let resumedFromEpoch: number | null = null;
  try {
    if (dir) {
      const restart = options.onCorruptCheckpoint === "restart";
      const last = await loadResumable(join(dir, "last"), restart, progress);
      if (last?.manifest.training) {
        model.setWeights(last.model.getWeights());
        last.model.dispose();
        adam.importState(last.arrays, last.manifest.training.step);
        state = last.manifest.training.state as unknown as TrainerState;
        resumedFromEpoch = last.manifest.training.epoch;
        const bestCkpt = await loadResumable(join(dir, "best"), restart, progress);
        if (bestCkpt) {
          best = bestCkpt.model.getWeights().map((w) => w.clone());
          bestCkpt.model.dispose();
        }
        progress.epoch(`resumed from epoch ${resumedFromEpoch} (step ${adam.step})`);
      }
    }
    const saveState = async (epoch: number, improved: boolean) => {
      if (!dir) return;
      if (improved) await saveCheckpoint(join(dir, "best"), model, { ...info });
      await saveCheckpoint(join(dir, "last"), model, {
        ...info,
        training: { epoch, step: adam.step, state: state as unknown as Record<string, unknown> },
      }, adam.exportState());
      await appendMetrics(dir, state.history);
    };
    const consider = (valLoss: number | null): boolean => {
      if (valLoss === null) return true;
      if (state.bestValLoss === null || valLoss < state.bestValLoss) {
        state.bestValLoss = valLoss;
        state.wait = 0;
        return true;
      }
      state.wait += 1;
      return false;
    };
    const keepBest = (epoch: number) => {
      state.bestEpoch = epoch;
      if (best) tf.dispose(best);
      best = model.getWeights().map((w) => w.clone());
    };

    if (state.history.length === 0) {
      const t0 = performance.now();
      const valLoss = validation ? await evaluate(model, validation, batchSize) : null;
      const record = {
        epoch: 0,
        trainLoss: null,
        valLoss,
        step: 0,
        seconds: (performance.now() - t0) / 1000,
      };
      state.history.push(record);
      if (validation) {
        consider(valLoss);
        keepBest(0);
      }
      progress.epoch(`epoch 0: val ${valLoss?.toFixed(3) ?? "-"}`);
      await saveState(0, validation !== undefined);
      await options.onEpoch?.(record);
    }
    const stepsPerEpoch = Math.ceil(train.count / batchSize);
    for (let epoch = state.history.length; epoch <= epochs && !state.done; epoch++) {
      const t0 = performance.now();
      const order = epochOrder(seed, epoch, train.count);
      let lossSum = 0;
      for (let s = 0; s < stepsPerEpoch; s++) {
        const indices = order.slice(s * batchSize, (s + 1) * batchSize);
        const { x, y } = train.batch(indices);
        const xs = tf.tensor5d(x, [indices.length, train.frames, train.height, train.width, 1]);
        const ys = tf.tensor4d(y, [indices.length, train.height, train.width, 1]);
        const { value, grads } = tf.variableGrads(
          () => summedSquaredError(forwardFramePredictor(model, xs, true), ys),
          vars,
        );
        adam.apply(vars.map((v) => grads[v.name]));
        const loss = (await value.data())[0];
        tf.dispose([xs, ys, value, ...Object.values(grads)]);
        lossSum += loss * indices.length;
        progress.step(epoch, epochs, s + 1, stepsPerEpoch, loss);
        maybeKill(adam.step);
      }
      const valLoss = validation ? await evaluate(model, validation, batchSize) : null;
      const record: EpochRecord = {
        epoch,
        trainLoss: lossSum / train.count,
        valLoss,
        step: adam.step,
        seconds: (performance.now() - t0) / 1000,
      };
      state.history.push(record);
      const improved = consider(valLoss);
      if (improved) keepBest(epoch);
      if (epoch >= epochs) state.done = true;
      if (options.patience !== undefined && state.wait >= options.patience) {
        state.done = true;
        state.stoppedEarly = epoch < epochs;
      }
      progress.epoch(
        `epoch ${epoch}/${epochs}: train ${record.trainLoss!.toFixed(3)} val ${
          valLoss?.toFixed(3) ?? "-"
        } (${record.seconds.toFixed(1)} s)${improved && validation ? " *" : ""}`,
      );
      await saveState(epoch, improved);
      await options.onEpoch?.(record);
    }
    if (restoreBest && best) model.setWeights(best);
    return {
      history: state.history,
      bestEpoch: state.bestEpoch,
      bestValLoss: state.bestValLoss,
      stoppedEarly: state.stoppedEarly,
      resumedFromEpoch,
      steps: adam.step,
    };
  } finally {
    adam.dispose();
    if (best) tf.dispose(best);
  }
}
