/**
 * The CNN of Yan et al. 2020 for one retinal ganglion cell: the last `history` frames as
 * input channels → Conv k×k valid (L1 5.5e-4 + L2 1e-3 on the weights) → Gaussian noise
 * (σ 0.1, training only) → ReLU → Flatten → Dense(1) (L2 1e-3, activity L1 1e-3) →
 * parametric softplus α·log(1 + e^(β·u)). Poisson loss. The `separable` variant constrains
 * every conv filter to space × time (spatial k×k ⊗ temporal history), as in factorised
 * spatio-temporal retina models.
 *
 * The conv has only (size − k + 1)² output positions (2×2 for 7×7 on 8×8), so it is computed
 * as one matrix product with the kernel zero-padded to each position: the same
 * arithmetic as a valid convolution, and its gradients are matrix products too, which every
 * backend (including WASM/XNNPACK) has.
 */
import { tf } from "../backend/tf.ts";
import { InputError } from "../util/errors.ts";
import { Rng } from "../util/rng.ts";
import type { FlatMovie } from "../stimuli/flat_movie.ts";
import { historyBatch } from "./rgc_cnn_input.ts";

/**
 * Architecture and regularisation of {@link RgcCnn}.
 *
 * @example
 * ```ts
 * import { RgcCnn, type RgcCnnConfig } from "@prevision/prevision/models";
 * const config: Partial<RgcCnnConfig> = { channels: 4, variant: "separable" };
 * const model = new RgcCnn(config);
 * model.dispose();
 * ```
 */
export interface RgcCnnConfig {
  /** Stimulus pixels per side (default 8). */
  size: number;
  /** Frames of history given as channels (default 20). */
  history: number;
  /** Conv kernel size (default 7, valid padding). */
  kernel: number;
  /** Conv filters (default 8). */
  channels: number;
  /** `paper`: full k×k×history filters; `separable`: spatial ⊗ temporal filters. */
  variant: "paper" | "separable";
  /** Std of the Gaussian noise added to conv outputs during training (default 0.1). */
  noiseStd: number;
  /** L1 penalty on the conv weights (default 5.5e-4). */
  l1Conv: number;
  /** L2 penalty on the conv weights (default 1e-3). */
  l2Conv: number;
  /** L2 penalty on the dense weights (default 1e-3). */
  l2Dense: number;
  /** L1 penalty on the mean absolute generator signal (default 1e-3). */
  l1Activity: number;
  /** Seeds the initial weights (default 0). */
  seed: number;
}

/** The paper's settings. */
export const RGC_CNN_DEFAULTS: RgcCnnConfig = {
  size: 8,
  history: 20,
  kernel: 7,
  channels: 8,
  variant: "paper",
  noiseStd: 0.1,
  l1Conv: 5.5e-4,
  l2Conv: 1e-3,
  l2Dense: 1e-3,
  l1Activity: 1e-3,
  seed: 0,
};

/**
 * Plain-array copy of a model's weights (for saving, analysis and transfer).
 *
 * @example
 * ```ts
 * import { RgcCnn, type RgcCnnWeights } from "@prevision/prevision/models";
 * import { useBackend } from "@prevision/prevision";
 * await useBackend("cpu");
 * const model = new RgcCnn({ channels: 2 });
 * const saved: RgcCnnWeights = model.getWeights();
 * await Deno.writeTextFile("rgc_cnn.json", JSON.stringify(saved));
 * model.dispose();
 * ```
 */
export interface RgcCnnWeights {
  /** The model's configuration. */
  config: RgcCnnConfig;
  /** Effective conv kernel `[kernel, kernel, history, channels]` row-major. */
  conv: number[];
  /** Separable variant only: spatial `[k·k, channels]` and temporal `[history, channels]`. */
  spatial?: number[];
  /** Separable variant only: temporal `[history, channels]`. */
  temporal?: number[];
  /** Conv bias `[channels]`. */
  convBias: number[];
  /** Dense weights `[positions · channels]` (index `position · channels + channel`). */
  dense: number[];
  /** Dense bias. */
  denseBias: number;
  /** Output nonlinearity: rate = α · softplus(β · generator). */
  alpha: number;
  /** See `alpha`. */
  beta: number;
}

function normalInit(rng: Rng, shape: number[], std: number): tf.Variable {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = std * rng.normal();
  return tf.tidy(() => tf.variable(tf.tensor(v, shape)));
}

/**
 * The ganglion-cell CNN. Call {@link RgcCnn.dispose} when done.
 *
 * @example
 * ```ts
 * import { binaryCheckerboard } from "@prevision/prevision/stimuli";
 * import { useBackend } from "@prevision/prevision";
 * import { RgcCnn } from "@prevision/prevision/models";
 * await useBackend("cpu");
 * const model = new RgcCnn({ channels: 4 });
 * const rates = model.predictMovie(binaryCheckerboard({ frames: 100 })); // 100 values
 * model.dispose();
 * ```
 */
export class RgcCnn {
  /** The architecture and regularisation this model was built with. */
  readonly config: RgcCnnConfig;
  /** Conv output positions per side. */
  readonly out: number;
  /** Trainable variables (what the optimiser updates). */
  readonly variables: tf.Variable[];
  #conv: tf.Variable | null = null;
  #spatial: tf.Variable | null = null;
  #temporal: tf.Variable | null = null;
  #convBias: tf.Variable;
  #dense: tf.Variable;
  #denseBias: tf.Variable;
  #alpha: tf.Variable;
  #beta: tf.Variable;
  #noiseCounter = 0;

  /** Builds a model; unspecified fields take {@link RGC_CNN_DEFAULTS} (the paper's). */
  constructor(config: Partial<RgcCnnConfig> = {}) {
    const c = { ...RGC_CNN_DEFAULTS, ...config };
    for (const key of ["size", "history", "kernel", "channels"] as const) {
      if (!Number.isInteger(c[key]) || c[key] < 1) {
        throw new InputError(`RGC CNN: ${key} must be a positive integer, got ${c[key]}`);
      }
    }
    if (c.kernel > c.size) throw new InputError(`RGC CNN: kernel ${c.kernel} > size ${c.size}`);
    this.config = c;
    this.out = c.size - c.kernel + 1;
    const rng = new Rng(c.seed, 0xc2);
    const { kernel: k, history: T, channels: K } = c;
    if (c.variant === "paper") {
      this.#conv = normalInit(rng, [k, k, T, K], 0.05);
    } else {
      this.#spatial = normalInit(rng, [k * k, K], 0.2);
      this.#temporal = normalInit(rng, [T, K], 0.2);
    }
    this.#convBias = tf.tidy(() => tf.variable(tf.zeros([K])));
    this.#dense = normalInit(rng, [this.out * this.out * K, 1], 0.05);
    this.#denseBias = tf.tidy(() => tf.variable(tf.zeros([1])));
    this.#alpha = tf.tidy(() => tf.variable(tf.scalar(0.2)));
    this.#beta = tf.tidy(() => tf.variable(tf.scalar(5)));
    this.variables = [
      ...(this.#conv ? [this.#conv] : [this.#spatial!, this.#temporal!]),
      this.#convBias,
      this.#dense,
      this.#denseBias,
      this.#alpha,
      this.#beta,
    ];
  }

  /** The effective conv kernel `[k, k, history, channels]`. */
  convKernel(): tf.Tensor4D {
    const { kernel: k, history: T, channels: K } = this.config;
    if (this.#conv) return this.#conv as tf.Tensor4D;
    return tf.tidy(() =>
      tf.mul(this.#spatial!.reshape([k * k, 1, K]), this.#temporal!.reshape([1, T, K]))
        .reshape([k, k, T, K])
    );
  }

  /**
   * Expected response per frame for inputs `x` `[batch, size²·history]` (see rgc_cnn_input.ts).
   * Give `xT` (x transposed) when training: the kernel gradient is then the plain product
   * xT · dy (transposed products are ~10× slower on the WASM backend).
   */
  forward(
    x: tf.Tensor2D,
    training = false,
    xT?: tf.Tensor2D,
  ): { rate: tf.Tensor1D; u: tf.Tensor1D } {
    const { size: S, kernel: k, history: T, channels: K, noiseStd } = this.config;
    const w = this.convKernel();
    const placed: tf.Tensor4D[] = [];
    for (let oy = 0; oy < this.out; oy++) {
      for (let ox = 0; ox < this.out; ox++) {
        placed.push(tf.pad(w, [[oy, S - k - oy], [ox, S - k - ox], [0, 0], [0, 0]]));
      }
    }
    // [S, S, T, positions·K] → columns ordered position-major (position · K + channel).
    const big = tf.concat(placed, 3).reshape([S * S * T, placed.length * K]);
    const product = xT
      ? tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
        value: tf.matMul(x, args[0] as tf.Tensor2D),
        gradFunc: (dy: tf.Tensor) => tf.matMul(xT, dy as tf.Tensor2D),
      }))(big)
      : tf.matMul(x, big);
    let h = tf.add(product, tf.tile(this.#convBias, [placed.length]));
    if (training && noiseStd > 0) {
      h = tf.add(h, tf.randomNormal(h.shape, 0, noiseStd, "float32", this.#nextSeed()));
    }
    h = tf.relu(h);
    const u = tf.add(tf.matMul(h, this.#dense), this.#denseBias).reshape([-1]) as tf.Tensor1D;
    const rate = tf.mul(this.#alpha, tf.softplus(tf.mul(this.#beta, u))) as tf.Tensor1D;
    return { rate, u };
  }

  #nextSeed(): number {
    return (this.config.seed * 1000003 + this.#noiseCounter++) % 2147483647;
  }

  /** Weight penalties (conv L1 + L2, dense L2), as Keras adds them to the loss. */
  weightPenalty(): tf.Scalar {
    const c = this.config;
    const w = this.convKernel();
    return tf.addN([
      tf.mul(c.l1Conv, tf.sum(tf.abs(w))),
      tf.mul(c.l2Conv, tf.sum(tf.square(w))),
      tf.mul(c.l2Dense, tf.sum(tf.square(this.#dense))),
    ]) as tf.Scalar;
  }

  /** Mean Poisson loss `mean(λ − y log(λ + 1e-7))` plus weight and activity penalties. */
  loss(x: tf.Tensor2D, y: tf.Tensor1D, training = true, xT?: tf.Tensor2D): tf.Scalar {
    const { rate, u } = this.forward(x, training, xT);
    const poisson = tf.mean(tf.sub(rate, tf.mul(y, tf.log(tf.add(rate, 1e-7)))));
    const activity = tf.mul(this.config.l1Activity, tf.mean(tf.abs(u)));
    return tf.addN([poisson, activity, this.weightPenalty()]) as tf.Scalar;
  }

  /** Predicted expected response for every frame of a movie (zero history before frame 0). */
  predictMovie(movie: FlatMovie, chunk = 2048): Float64Array {
    const { size, history } = this.config;
    if (movie.size !== size) {
      throw new InputError(`model expects ${size}² frames, got ${movie.size}²`);
    }
    const out = new Float64Array(movie.frames);
    for (let start = 0; start < movie.frames; start += chunk) {
      const frames = Array.from(
        { length: Math.min(chunk, movie.frames - start) },
        (_, i) => start + i,
      );
      const x = tf.tensor2d(historyBatch(movie, frames, history), [
        frames.length,
        size * size * history,
      ]);
      const r = tf.tidy(() => this.forward(x).rate);
      out.set(r.dataSync(), start);
      tf.dispose([x, r]);
    }
    return out;
  }

  /** A plain copy of the weights. */
  getWeights(): RgcCnnWeights {
    const conv = this.convKernel();
    const weights: RgcCnnWeights = {
      config: { ...this.config },
      conv: Array.from(conv.dataSync()),
      convBias: Array.from(this.#convBias.dataSync()),
      dense: Array.from(this.#dense.dataSync()),
      denseBias: this.#denseBias.dataSync()[0],
      alpha: this.#alpha.dataSync()[0],
      beta: this.#beta.dataSync()[0],
    };
    if (this.#spatial) {
      weights.spatial = Array.from(this.#spatial.dataSync());
      weights.temporal = Array.from(this.#temporal!.dataSync());
      conv.dispose();
    }
    return weights;
  }

  /** Loads weights saved by {@link RgcCnn.getWeights} from a model with the same config. */
  setWeights(w: RgcCnnWeights): void {
    const c = this.config;
    if (
      w.config.variant !== c.variant || w.config.channels !== c.channels ||
      w.config.kernel !== c.kernel || w.config.history !== c.history || w.config.size !== c.size
    ) throw new InputError("RGC CNN weights come from a model with a different architecture");
    if (this.#conv) this.#conv.assign(tf.tensor(w.conv, this.#conv.shape));
    else {
      this.#spatial!.assign(tf.tensor(w.spatial!, this.#spatial!.shape));
      this.#temporal!.assign(tf.tensor(w.temporal!, this.#temporal!.shape));
    }
    this.#convBias.assign(tf.tensor(w.convBias, this.#convBias.shape));
    this.#dense.assign(tf.tensor(w.dense, this.#dense.shape));
    this.#denseBias.assign(tf.tensor([w.denseBias], [1]));
    this.#alpha.assign(tf.scalar(w.alpha));
    this.#beta.assign(tf.scalar(w.beta));
  }

  /** Frees the model's tensors. */
  dispose(): void {
    tf.dispose(this.variables);
  }
}
