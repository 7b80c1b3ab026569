/**
 * The next-frame predictor of May, Dauphin & Gjorgjieva (2025): three convolutional
 * recurrent layers, each followed by batch norm over batch·time·space, then a 3×3
 * convolution to one channel on the last time step and a sigmoid. Input
 * [batch, frames, size, size, 1] in [0, 1]; output [batch, size, size, 1], the next frame.
 */
import { tf } from "../backend/tf.ts";
import { Rng } from "../util/rng.ts";
import { InputError } from "../util/errors.ts";
import {
  CELLS,
  type CellType,
  ConvRecurrent,
  LastStep,
  TimeBatchNorm,
} from "./frame_predictor_layers.ts";

/** Configuration of {@link buildFramePredictor}. */
export interface FramePredictorConfig {
  /** Recurrent cell: vanilla conv-RNN (the paper's main model), GRU or LSTM. */
  cell: CellType;
  /** Channels of each recurrent layer (paper: 64). */
  channels: number;
  /** Kernel size of the recurrent convolutions (paper: 3). */
  kernel: number;
  /** Frame height = width (paper: 64). */
  size: number;
  /** Input frames per sample (paper: 10). */
  frames: number;
  /** Recurrent layers (paper: 3). */
  layers: number;
  /**
   * Initialisation. `"pytorch"`, as the authors' code: each cell has two biases (input and
   * hidden convolution), recurrent weights and biases U(±1/√C), and the readout keeps
   * PyTorch's `nn.Conv2d` default, U(±1/√(9C)) for weight and bias. `"uniform"` (the
   * default, for older checkpoints): one bias per cell and U(±1/√C) everywhere.
   */
  init?: FramePredictorInit;
}

/** Initialisation schemes of {@link FramePredictorConfig}. */
export const FRAME_PREDICTOR_INITS = ["pytorch", "uniform"] as const;
/** One of {@link FRAME_PREDICTOR_INITS}. */
export type FramePredictorInit = typeof FRAME_PREDICTOR_INITS[number];

/** The paper's configuration. */
export const PAPER_FRAME_PREDICTOR: FramePredictorConfig = {
  cell: "rnn",
  channels: 64,
  kernel: 3,
  size: 64,
  frames: 10,
  layers: 3,
  init: "pytorch",
};

/** Checks a config; throws InputError naming the bad field. */
export function validateFramePredictorConfig(config: FramePredictorConfig): void {
  if (!(CELLS as readonly string[]).includes(config.cell)) {
    throw new InputError(`cell must be one of ${CELLS.join(", ")}, got '${config.cell}'`);
  }
  const positive = (name: keyof FramePredictorConfig, max: number) => {
    const v = config[name] as number;
    if (!Number.isInteger(v) || v < 1 || v > max) {
      throw new InputError(`${name} must be an integer in [1, ${max}], got ${v}`);
    }
  };
  positive("channels", 1024);
  positive("kernel", 15);
  positive("size", 1024);
  positive("frames", 1000);
  positive("layers", 16);
  if (
    config.init !== undefined && !(FRAME_PREDICTOR_INITS as readonly string[]).includes(config.init)
  ) {
    throw new InputError(
      `init must be one of ${FRAME_PREDICTOR_INITS.join(", ")}, got '${config.init}'`,
    );
  }
  if (config.kernel % 2 === 0) throw new InputError(`kernel must be odd, got ${config.kernel}`);
}

/**
 * Builds the frame predictor with weights drawn from U(−1/√C, 1/√C) (C = channels) using
 * `seed`; batch-norm scales 1, shifts 0, running statistics 0 and 1.
 *
 * @example
 * ```ts
 * import { buildFramePredictor } from "@prevision/prevision/models";
 * const model = buildFramePredictor({ cell: "rnn", channels: 8, kernel: 3, size: 16, frames: 4, layers: 3 }, 1);
 * ```
 */
export function buildFramePredictor(config: FramePredictorConfig, seed: number): tf.LayersModel {
  validateFramePredictorConfig(config);
  const { size, frames, channels, kernel, cell, layers } = config;
  const input = tf.input({ shape: [frames, size, size, 1], name: "frames" });
  let x: tf.SymbolicTensor = input;
  for (let l = 0; l < layers; l++) {
    x = new ConvRecurrent({
      cell,
      filters: channels,
      kernelSize: kernel,
      hiddenBias: config.init === "pytorch",
      name: `recurrent${l + 1}`,
    })
      .apply(x) as tf.SymbolicTensor;
    x = new TimeBatchNorm({ name: `norm${l + 1}` }).apply(x) as tf.SymbolicTensor;
  }
  x = new LastStep({ name: "last_step" }).apply(x) as tf.SymbolicTensor;
  const output = tf.layers.conv2d({
    filters: 1,
    kernelSize: 3,
    padding: "same",
    activation: "sigmoid",
    name: "readout",
  }).apply(x) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: output, name: "frame_predictor" });
  initFramePredictor(model, channels, seed, config.init);
  return model;
}

/**
 * Re-draws every trainable non-normalisation weight with `seed`: U(−1/√C, 1/√C), except the
 * readout under `"pytorch"` init, which gets PyTorch's conv default U(±1/√(9C)).
 */
export function initFramePredictor(
  model: tf.LayersModel,
  channels: number,
  seed: number,
  init: FramePredictorInit = "uniform",
): void {
  const rng = new Rng(seed, 0x1417);
  for (const layer of model.layers) {
    if (layer instanceof TimeBatchNorm || layer.weights.length === 0) continue;
    const fanIn = 9 * channels;
    const bound = init === "pytorch" && layer.name === "readout"
      ? 1 / Math.sqrt(fanIn)
      : 1 / Math.sqrt(channels);
    const values = layer.getWeights().map((w) => {
      const data = new Float32Array(w.size);
      for (let i = 0; i < data.length; i++) data[i] = rng.range(-bound, bound);
      return tf.tensor(data, w.shape);
    });
    layer.setWeights(values);
    tf.dispose(values);
  }
}

/**
 * Runs the model layer by layer with an explicit training flag (batch norm uses batch
 * statistics and updates its running averages when `training` is true).
 */
export function forwardFramePredictor(
  model: tf.LayersModel,
  x: tf.Tensor,
  training: boolean,
): tf.Tensor {
  let y = x;
  for (const layer of model.layers) {
    if (layer.getClassName() === "InputLayer") continue;
    y = layer.apply(y, { training }) as tf.Tensor;
  }
  return y;
}

/**
 * Summed squared error per sample, averaged over the batch (the paper's loss).
 *
 * @example
 * ```ts
 * import { summedSquaredError } from "@prevision/prevision/models";
 * // summedSquaredError(pred, target) → scalar tensor
 * ```
 */
export function summedSquaredError(pred: tf.Tensor, target: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const batch = pred.shape[0] ?? 1;
    return tf.sum(tf.squaredDifference(pred, target)).div(batch) as tf.Scalar;
  });
}
