/**
 * The biologically grounded RNN of Shakiba et al. 2026: Gaussian input noise (training
 * only) → SimpleRNN(n, ReLU) with a custom recurrent initialiser, regulariser and optional
 * non-negativity constraint → dense softmax readout of the last state. Keras defaults
 * elsewhere: Glorot-uniform input and readout kernels, zero biases, Adam(1e-3, ε = 1e-7).
 * Trained with a custom loop (tf.variables), so it runs on every tfjs backend.
 */
import { tf } from "../backend/tf.ts";
import { Rng } from "../util/rng.ts";
import { mm } from "../linalg/matmul.ts";
import { reluRnnLayer } from "./_rnn_op.ts";

/** Options of {@link BioRnn}. */
export interface BioRnnOptions {
  /** Recurrent units (= neurons of the connectome). */
  n: number;
  /** Input features per time step. */
  inputs: number;
  /** Output classes. */
  outputs: number;
  /** Initial recurrent weights, n×n row-major (row = from, column = to). */
  recurrentInit: ArrayLike<number>;
  /** Seeds the input and output weights. */
  seed: number;
  /** Input noise sd during training (0.05). */
  noise?: number;
  /** Keep recurrent weights ≥ 0 (Keras NonNeg after every update). */
  nonNegative?: boolean;
}

function glorot(rng: Rng, rows: number, cols: number): tf.Variable {
  const limit = Math.sqrt(6 / (rows + cols));
  const v = new Float32Array(rows * cols);
  for (let i = 0; i < v.length; i++) v[i] = rng.range(-limit, limit);
  return tf.tidy(() => tf.variable(tf.tensor2d(v, [rows, cols])));
}

/**
 * A noise → ReLU RNN → softmax classifier.
 *
 * @example
 * ```ts
 * import { BioRnn } from "@prevision/prevision/models";
 * import { orthogonal } from "@prevision/prevision/biology";
 * const net = new BioRnn({ n: 16, inputs: 3, outputs: 2, recurrentInit: orthogonal(16, 1), seed: 1 });
 * net.dispose();
 * ```
 */
export class BioRnn {
  /** Recurrent units. */
  readonly n: number;
  /** Input features per time step. */
  readonly inputs: number;
  /** Output classes. */
  readonly outputs: number;
  /** Input noise sd during training. */
  readonly noise: number;
  /** Whether recurrent weights are kept ≥ 0. */
  readonly nonNegative: boolean;
  /** Input weights, [inputs, n]. */
  readonly wIn: tf.Variable;
  /** Recurrent weights, [n, n] (row = from, column = to). */
  readonly wRec: tf.Variable;
  /** Recurrent bias, [n]. */
  readonly bias: tf.Variable;
  /** Output weights, [n, outputs]. */
  readonly wOut: tf.Variable;
  /** Output bias, [outputs]. */
  readonly bOut: tf.Variable;

  /**
   * A network with the given recurrent initialisation and seeded Glorot-uniform input and output
   * weights.
   */
  constructor(options: BioRnnOptions) {
    const { n, inputs, outputs } = options;
    if (options.recurrentInit.length !== n * n) {
      throw new RangeError(
        `BioRnn: recurrent init has ${options.recurrentInit.length} values, need ${n * n}`,
      );
    }
    this.n = n;
    this.inputs = inputs;
    this.outputs = outputs;
    this.noise = options.noise ?? 0.05;
    this.nonNegative = options.nonNegative ?? false;
    const rng = new Rng(options.seed, 0x6e7);
    this.wIn = glorot(rng, inputs, n);
    const init = Float32Array.from(options.recurrentInit);
    this.wRec = tf.tidy(() => tf.variable(tf.tensor2d(init, [n, n])));
    this.bias = tf.tidy(() => tf.variable(tf.zeros([n])));
    this.wOut = glorot(rng, n, outputs);
    this.bOut = tf.tidy(() => tf.variable(tf.zeros([outputs])));
    // Like Keras, the constraint acts after each update, not on the initial weights.
  }

  /** The trainable variables. */
  get variables(): tf.Variable[] {
    return [this.wIn, this.wRec, this.bias, this.wOut, this.bOut];
  }

  /**
   * Logits for a batch given as one input tensor per time step (batch × inputs each).
   * Training noise is added by the caller ({@link addInputNoise}) so it can be drawn on the
   * host in one pass rather than as one random op per step.
   */
  logits(xs: tf.Tensor2D[]): tf.Tensor2D {
    return tf.tidy(() => {
      const h = reluRnnLayer(
        xs,
        this.wIn as tf.Tensor2D,
        this.bias as tf.Tensor1D,
        this.wRec as tf.Tensor2D,
      );
      return tf.add(mm(h, this.wOut as tf.Tensor2D), this.bOut) as tf.Tensor2D;
    });
  }

  /** Applies the non-negativity constraint (no-op when not constrained). */
  constrain(): void {
    if (!this.nonNegative) return;
    tf.tidy(() => this.wRec.assign(tf.relu(this.wRec)));
  }

  /** The recurrent weights, n×n row-major. */
  async recurrentWeights(): Promise<Float32Array> {
    return new Float32Array(await this.wRec.data());
  }

  /** Frees the variables. */
  dispose(): void {
    tf.dispose(this.variables);
  }
}

/**
 * Adds Gaussian noise of sd `sd` to time-major inputs (the GaussianNoise layer of training),
 * seeded.
 *
 * @example
 * ```ts
 * import { addInputNoise } from "@prevision/prevision/models";
 * const noisy = addInputNoise(new Float32Array(8), 0.05, 1);
 * ```
 */
export function addInputNoise(x: Float32Array, sd: number, seed: number): Float32Array {
  const rng = new Rng(seed, 0x9015e);
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i] + sd * rng.normal();
  return out;
}
