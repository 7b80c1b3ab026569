/**
 * Training and held-out evaluation of a {@link BioRnn} on a task (Keras `fit` semantics of
 * the authors' code: the same fixed batches every epoch, regulariser added to the
 * cross-entropy, constraint applied after each update).
 */
import { tf } from "../backend/tf.ts";
import { makeBatch, type Task, type TrialBatch } from "../tasks/mod.ts";
import { mix32 } from "../util/rng.ts";
import { addInputNoise, type BioRnn } from "../models/bio_rnn.ts";
import type { Regulariser } from "../models/bio_regularisers.ts";
import { communicabilityPlan } from "../linalg/communicability.ts";

/** Options of {@link trainBioRnn}. */
export interface BioTrainOptions {
  /** The task whose trials the network learns. */
  task: Task;
  /** Seed of the trials (splits are disjoint streams of it). */
  dataSeed: number;
  /** Seed of the input noise. */
  noiseSeed: number;
  /** Training trials (the same ones every epoch). */
  trainTrials: number;
  /** Held-out test trials. */
  testTrials: number;
  /** Trials per batch. */
  batch: number;
  /** Passes over the training trials. */
  epochs: number;
  /** Adam learning rate (default 1e-3). */
  learningRate?: number;
  /** Receives one line per epoch. */
  log?: (message: string) => void;
}

/** What {@link trainBioRnn} measured. */
export interface BioTrainResult {
  /** Accuracy on the held-out test trials (never trained on). */
  testAccuracy: number;
  /** Cross-entropy on the test trials. */
  testLoss: number;
  /** Mean cross-entropy and total loss of each epoch's training batches. */
  epochLoss: number[];
  /** Mean cross-entropy plus regulariser of each epoch's training batches. */
  epochTotalLoss: number[];
  /**
   * Accuracy on each epoch's training batches, with input noise, measured before each update
   * (Keras `hist.history['accuracy']`, the quantity Shakiba et al. tabulate).
   */
  epochAccuracy: number[];
  /** Steps whose loss was NaN or infinite (0 for a numerically healthy run). */
  nonFiniteSteps: number;
  /** Optimiser steps taken. */
  steps: number;
  /** Wall time of the whole run. */
  seconds: number;
  /** Mean seconds of the regulariser's share of a step (measured on the first step). */
  secondsPerStep: number;
}

function toTensors(
  b: TrialBatch,
  outputs: number,
  values: Float32Array = b.x,
): { x: tf.Tensor2D[]; y: tf.Tensor2D } {
  const step = b.count * b.inputs;
  const x = Array.from(
    { length: b.steps },
    (_, t) => tf.tensor2d(values.subarray(t * step, (t + 1) * step), [b.count, b.inputs]),
  );
  const y = tf.tidy(() =>
    tf.oneHot(tf.tensor1d(b.labels, "int32"), outputs).toFloat()
  ) as tf.Tensor2D;
  return { x, y };
}

/** Accuracy and mean cross-entropy of `model` on trials `[0, count)` of a split. */
export async function evaluateBioRnn(
  model: BioRnn,
  task: Task,
  dataSeed: number,
  split: "val" | "test",
  count: number,
  batch = 256,
): Promise<{ accuracy: number; loss: number }> {
  let correct = 0;
  let loss = 0;
  for (let start = 0; start < count; start += batch) {
    const size = Math.min(batch, count - start);
    const b = makeBatch(task, dataSeed, split, start, size);
    const { x, y } = toTensors(b, task.outputs);
    const [hits, ce] = tf.tidy(() => {
      const logits = model.logits(x);
      const pred = tf.argMax(logits, 1);
      const truth = tf.argMax(y, 1);
      return [
        tf.sum(tf.cast(tf.equal(pred, truth), "float32")),
        tf.mul(tf.losses.softmaxCrossEntropy(y, logits), size),
      ];
    });
    correct += (await hits.data())[0];
    loss += (await ce.data())[0];
    tf.dispose([...x, y, hits, ce]);
  }
  return { accuracy: correct / count, loss: loss / count };
}

/**
 * Trains with Adam on the train split and evaluates on the test split.
 *
 * @example
 * ```ts
 * import { BioRnn, makeRegulariser } from "@prevision/prevision/models";
 * import { orthogonal } from "@prevision/prevision/biology";
 * import { TASKS } from "@prevision/prevision/tasks";
 * import { trainBioRnn } from "@prevision/prevision/train";
 * const net = new BioRnn({ n: 32, inputs: 3, outputs: 2, recurrentInit: orthogonal(32, 1), seed: 1 });
 * const reg = makeRegulariser({ kind: "l1", n: 32 });
 * const r = await trainBioRnn(net, reg, {
 *   task: TASKS.gonogo, dataSeed: 1, noiseSeed: 2, trainTrials: 256, testTrials: 256, batch: 64, epochs: 2,
 * });
 * console.log(r.testAccuracy);
 * ```
 */
export async function trainBioRnn(
  model: BioRnn,
  regulariser: Regulariser,
  options: BioTrainOptions,
): Promise<BioTrainResult> {
  const t0 = performance.now();
  const { task, batch, epochs } = options;
  const optimizer = tf.train.adam(options.learningRate ?? 1e-3, 0.9, 0.999, 1e-7);
  const batches: TrialBatch[] = [];
  for (let start = 0; start < options.trainTrials; start += batch) {
    const size = Math.min(batch, options.trainTrials - start);
    batches.push(makeBatch(task, options.dataSeed, "train", start, size));
  }
  const epochLoss: number[] = [];
  const epochTotalLoss: number[] = [];
  const epochAccuracy: number[] = [];
  let nonFiniteSteps = 0;
  let step = 0;
  try {
    for (let epoch = 0; epoch < epochs; epoch++) {
      let ceSum = 0;
      let totalSum = 0;
      let hitSum = 0;
      let trials = 0;
      for (const b of batches) {
        const plan = regulariser.needsCommunicability
          ? await communicabilityPlan(model.wRec as tf.Tensor2D, regulariser.epsilon)
          : undefined;
        let ce: tf.Scalar | null = null;
        let hits: tf.Scalar | null = null;
        const noisy = addInputNoise(b.x, model.noise, mix32(options.noiseSeed * 65537 + step));
        const { x, y } = toTensors(b, task.outputs, noisy);
        const total = optimizer.minimize(
          () => {
            const logits = model.logits(x);
            const c = tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar;
            ce = tf.keep(c.clone());
            hits = tf.keep(
              tf.tidy(() =>
                tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), tf.argMax(y, 1)), "float32"))
              ) as tf.Scalar,
            );
            return tf.add(c, regulariser.loss(model.wRec as tf.Tensor2D, plan)) as tf.Scalar;
          },
          true,
          model.variables,
        )!;
        model.constrain();
        const ceValue = (await ce!.data())[0];
        const totalValue = (await total.data())[0];
        if (!Number.isFinite(ceValue) || !Number.isFinite(totalValue)) nonFiniteSteps++;
        ceSum += ceValue;
        totalSum += totalValue;
        hitSum += (await hits!.data())[0];
        trials += b.count;
        tf.dispose([ce!, hits!, total, ...x, y]);
        step++;
      }
      epochLoss.push(ceSum / batches.length);
      epochTotalLoss.push(totalSum / batches.length);
      epochAccuracy.push(hitSum / trials);
      options.log?.(
        `epoch ${epoch + 1}/${epochs}: cross-entropy ${epochLoss[epoch].toFixed(4)}, total ${
          epochTotalLoss[epoch].toFixed(3)
        }`,
      );
    }
  } finally {
    optimizer.dispose();
  }
  const trainSeconds = (performance.now() - t0) / 1000;
  const test = await evaluateBioRnn(model, task, options.dataSeed, "test", options.testTrials);
  return {
    testAccuracy: test.accuracy,
    testLoss: test.loss,
    epochLoss,
    epochTotalLoss,
    epochAccuracy,
    nonFiniteSteps,
    steps: step,
    seconds: (performance.now() - t0) / 1000,
    secondsPerStep: step ? trainSeconds / step : 0,
  };
}
