/**
 * The custom tfjs layers of the frame predictor, registered with tfjs serialization so that
 * checkpoints are plain tfjs `model.json` files:
 * - `PrevisionConvRecurrent`: a convolutional recurrent layer (vanilla RNN, GRU, or LSTM
 *   with elementwise peepholes) over [batch, time, height, width, channels], zero state;
 * - `PrevisionTimeBatchNorm`: batch norm over batch·time·space per channel (PyTorch
 *   BatchNorm3d semantics: momentum 0.1, eps 1e-5, unbiased running variance);
 * - `PrevisionLastStep`: the last time step, [b, t, h, w, c] → [b, h, w, c].
 *
 * The vanilla-RNN cell runs as one fused op (`convRnnLayer`, src/ops/conv_rnn.ts: one
 * wasm kernel forward and one backward when the channels are a multiple of 4, the same
 * maths from tfjs ops otherwise), and batch norm in training as `batchNormTrain`; GRU and
 * LSTM are composed from tfjs ops step by step.
 */
import { tf } from "../backend/tf.ts";
import { batchNormTrain, channelAffine, convRnnLayer } from "../ops/conv_rnn.ts";

/** Recurrent cell types. */
export const CELLS = ["rnn", "gru", "lstm"] as const;
/** One of {@link CELLS}. */
export type CellType = typeof CELLS[number];

/** Keyword arguments tfjs passes to a layer's `call` (e.g. `training`). */
// deno-lint-ignore no-explicit-any
export type LayerKwargs = Record<string, any>;
/** A tensor shape as tfjs layers see it: `null` for the batch dimension when unknown. */
export type LayerShape = (number | null)[];
const gatesOf = (cell: CellType) => (cell === "rnn" ? 1 : cell === "gru" ? 3 : 4);
const first = (x: tf.Tensor | tf.Tensor[]) => (Array.isArray(x) ? x[0] : x);

/** Config of {@link ConvRecurrent}. */
export interface ConvRecurrentArgs {
  /** Recurrent cell. */
  cell: CellType;
  /** Output channels (hidden state channels). */
  filters: number;
  /** Size of the square recurrent and input convolutions. */
  kernelSize: number;
  /**
   * A second bias on the hidden convolution, as in the authors' PyTorch cells (`x2h` and
   * `h2h` each have one). For the RNN and LSTM it adds to the first; in the GRU it sits inside
   * the reset gate's product. Default false (one bias), for older checkpoints.
   */
  hiddenBias?: boolean;
  /** Layer name (tfjs picks one when absent). */
  name?: string;
}

/** A convolutional recurrent layer; see the module comment. */
export class ConvRecurrent extends tf.layers.Layer {
  /** Registered class name. */
  static className = "PrevisionConvRecurrent";
  /**
   * When true, the vanilla RNN takes the step-by-step tfjs-op path instead of the fused op,
   * and {@link TimeBatchNorm} its tfjs-op path in training instead of the fused batch norm
   * (for parity tests and benchmarks; the maths is the same).
   */
  static unfused = false;
  /** Recurrent cell. */
  readonly cell: CellType;
  /** Output channels. */
  readonly filters: number;
  /** Convolution kernel size. */
  readonly kernelSize: number;
  /** Whether the hidden convolution has its own bias (see {@link ConvRecurrentArgs.hiddenBias}). */
  readonly hiddenBias: boolean;
  private wx!: tf.LayerVariable;
  private wh!: tf.LayerVariable;
  private bias!: tf.LayerVariable;
  private biasH: tf.LayerVariable | null = null;
  private peep: tf.LayerVariable[] = [];

  /** A layer with the given cell and sizes; its weights are created by `build`. */
  constructor(args: ConvRecurrentArgs) {
    super({ name: args.name });
    this.cell = args.cell;
    this.filters = args.filters;
    this.kernelSize = args.kernelSize;
    this.hiddenBias = args.hiddenBias ?? false;
  }

  /** Creates the weights for inputs [batch, time, height, width, channels]. */
  override build(inputShape: LayerShape | LayerShape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as LayerShape;
    const [, , h, w, cin] = shape as number[];
    const k = this.kernelSize;
    const g = gatesOf(this.cell) * this.filters;
    const zeros = tf.initializers.zeros();
    this.wx = this.addWeight("wx", [k, k, cin, g], "float32", zeros);
    this.wh = this.addWeight("wh", [k, k, this.filters, g], "float32", zeros);
    this.bias = this.addWeight("bias", [g], "float32", zeros);
    if (this.hiddenBias) this.biasH = this.addWeight("bias_h", [g], "float32", zeros);
    if (this.cell === "lstm") {
      this.peep = ["wci", "wcf", "wco"].map((n) =>
        this.addWeight(n, [h, w, this.filters], "float32", zeros)
      );
    }
    this.built = true;
  }

  /** [batch, time, height, width, filters]. */
  override computeOutputShape(inputShape: LayerShape | LayerShape[]): LayerShape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as LayerShape;
    return [shape[0], shape[1], shape[2], shape[3], this.filters];
  }

  /** Runs the cell over time from a zero state; returns every step's hidden state. */
  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: LayerKwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = first(inputs) as tf.Tensor5D;
      const [b, t, h, w, cin] = x.shape;
      const f = this.filters;
      const g = gatesOf(this.cell) * f;
      // Time-major layout, so that each step is a contiguous slice (the wasm backend copies
      // contiguous slices with one memcpy but walks strided ones element by element).
      const timeMajor = x.reshape([b, t, h * w * cin]).transpose([1, 0, 2])
        .reshape([t * b, h, w, cin]) as tf.Tensor4D;
      // [t·b, h, w, f] time-major → [b, t, h, w, f] through 3-D views (5-D ops are slow on wasm)
      const batchMajor = (y: tf.Tensor) =>
        y.reshape([t, b, h * w * f]).transpose([1, 0, 2]).reshape([b, t, h, w, f]);
      if (this.cell === "rnn" && !ConvRecurrent.unfused) {
        // h_t = tanh(conv(x_t, wx) + bias + conv(h_{t−1}, wh)), h_{−1} = 0: as below
        return batchMajor(convRnnLayer(
          timeMajor,
          this.wx.read() as tf.Tensor4D,
          (this.biasH
            ? tf.add(this.bias.read(), this.biasH.read())
            : this.bias.read()) as tf.Tensor1D,
          this.wh.read() as tf.Tensor4D,
          t,
        ));
      }
      const xc = tf.conv2d(timeMajor, this.wx.read() as tf.Tensor4D, 1, "same")
        .reshape([t * b * h * w, g]).add(this.bias.read()).reshape([t, b * h * w * g]);
      const steps = Array.from(
        { length: t },
        (_, i) => xc.slice([i, 0], [1, b * h * w * g]).reshape([b, h, w, g]) as tf.Tensor4D,
      );
      const wh = this.wh.read() as tf.Tensor4D;
      const biasH = this.biasH?.read();
      const convH = (state: tf.Tensor4D) => {
        const y = tf.conv2d(state, wh, 1, "same");
        return biasH ? tf.add(y, biasH) : y;
      };
      // With a hidden bias the zero initial state still contributes it (conv(0) + b_h).
      const zeroState = biasH ? tf.zeros([b, h, w, f]) as tf.Tensor4D : null;
      const outs: tf.Tensor[] = [];
      let hPrev: tf.Tensor | null = zeroState;
      let cPrev: tf.Tensor | null = null;
      for (const xt of steps) {
        let hNext: tf.Tensor;
        if (this.cell === "rnn") {
          hNext = tf.tanh(hPrev ? tf.add(xt, convH(hPrev as tf.Tensor4D)) : xt);
        } else if (this.cell === "gru") {
          const [xz, xr, xn]: tf.Tensor[] = tf.split(xt, 3, 3);
          const hs: tf.Tensor[] | null = hPrev ? tf.split(convH(hPrev as tf.Tensor4D), 3, 3) : null;
          const z: tf.Tensor = tf.sigmoid(hs ? tf.add(xz, hs[0]) : xz);
          const r: tf.Tensor = tf.sigmoid(hs ? tf.add(xr, hs[1]) : xr);
          const n: tf.Tensor = tf.tanh(hs ? tf.add(xn, tf.mul(r, hs[2])) : xn);
          const keep: tf.Tensor = tf.mul(tf.sub(1, z), n);
          hNext = hPrev ? tf.add(keep, tf.mul(z, hPrev)) : keep;
        } else {
          const pre: tf.Tensor = hPrev ? tf.add(xt, convH(hPrev as tf.Tensor4D)) : xt;
          const [pi, pf, pc, po]: tf.Tensor[] = tf.split(pre, 4, 3);
          const [wci, wcf, wco] = this.peep.map((p) => p.read());
          const i: tf.Tensor = tf.sigmoid(cPrev ? tf.add(pi, tf.mul(wci, cPrev)) : pi);
          const fg: tf.Tensor = tf.sigmoid(cPrev ? tf.add(pf, tf.mul(wcf, cPrev)) : pf);
          const fresh: tf.Tensor = tf.mul(i, tf.tanh(pc));
          const c: tf.Tensor = cPrev ? tf.add(tf.mul(fg, cPrev), fresh) : fresh;
          const o: tf.Tensor = tf.sigmoid(tf.add(po, tf.mul(wco, c)));
          hNext = tf.mul(o, tf.tanh(c));
          cPrev = c;
        }
        hPrev = hNext;
        outs.push(hNext);
      }
      // stack time-major (its gradient then unstacks contiguous blocks), then to [b, t, …]
      return batchMajor(tf.stack(outs, 0).reshape([t * b, h, w, f]));
    });
  }

  /** The layer's constructor arguments, for tfjs serialization. */
  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      cell: this.cell,
      filters: this.filters,
      kernelSize: this.kernelSize,
      hiddenBias: this.hiddenBias,
    };
  }
}

/** Batch norm over batch·time·space per channel; see the module comment. */
export class TimeBatchNorm extends tf.layers.Layer {
  /** Registered class name. */
  static className = "PrevisionTimeBatchNorm";
  /** Weight of the current batch in the running statistics (PyTorch's momentum). */
  readonly momentum = 0.1;
  /** Added to the variance before the square root. */
  readonly epsilon = 1e-5;
  private gamma!: tf.LayerVariable;
  private beta!: tf.LayerVariable;
  private movingMean!: tf.LayerVariable;
  private movingVar!: tf.LayerVariable;

  /** A batch-norm layer; its weights are created by `build`. */
  constructor(args: { name?: string } = {}) {
    super(args);
  }

  /** Creates γ, β and the running mean and variance for the last (channel) axis. */
  override build(inputShape: LayerShape | LayerShape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as LayerShape;
    const c = shape[shape.length - 1] as number;
    this.gamma = this.addWeight("gamma", [c], "float32", tf.initializers.ones());
    this.beta = this.addWeight("beta", [c], "float32", tf.initializers.zeros());
    this.movingMean = this.addWeight(
      "moving_mean",
      [c],
      "float32",
      tf.initializers.zeros(),
      undefined,
      false,
    );
    this.movingVar = this.addWeight(
      "moving_variance",
      [c],
      "float32",
      tf.initializers.ones(),
      undefined,
      false,
    );
    this.built = true;
  }

  /**
   * Normalises with the batch's statistics in training (updating the running ones), with the
   * running statistics otherwise.
   */
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: LayerKwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = first(inputs);
      // Everything on a 2-D [n, c] view: reductions and broadcasts over 5-D tensors (and
      // their gradients) take slow generic paths on the wasm backend.
      const c = x.shape[x.shape.length - 1];
      const x2 = x.reshape([-1, c]);
      let mean: tf.Tensor;
      let variance: tf.Tensor;
      if (kwargs?.training) {
        // moments of a 2-D [n, c] view: fast on every backend (5-D reductions are not on wasm)
        const m = tf.moments(x2, 0);
        mean = m.mean;
        variance = m.variance;
        const count = x2.shape[0];
        const unbiased = variance.mul(count / Math.max(1, count - 1));
        const mm = this.movingMean.read();
        const mv = this.movingVar.read();
        this.movingMean.write(mm.mul(1 - this.momentum).add(mean.mul(this.momentum)));
        this.movingVar.write(mv.mul(1 - this.momentum).add(unbiased.mul(this.momentum)));
        if (!ConvRecurrent.unfused) {
          // the same normalisation as below, as one fused op (kernel on wasm when c % 4 = 0)
          return batchNormTrain(
            x2,
            this.gamma.read() as tf.Tensor1D,
            this.beta.read() as tf.Tensor1D,
            this.epsilon,
          ).reshape(x.shape);
        }
      } else {
        mean = this.movingMean.read();
        variance = this.movingVar.read();
      }
      // One pass over x: x·a + b with a = γ/√(var + ε), b = β − mean·a (per channel).
      const a = tf.rsqrt(variance.add(this.epsilon)).mul(this.gamma.read());
      const b = this.beta.read().sub(mean.mul(a));
      return channelAffine(x2, a, b).reshape(x.shape);
    });
  }
}

/** The last time step of a sequence. */
export class LastStep extends tf.layers.Layer {
  /** Registered class name. */
  static className = "PrevisionLastStep";

  /** A layer without weights. */
  constructor(args: { name?: string } = {}) {
    super(args);
  }

  /** The input shape without its time axis. */
  override computeOutputShape(inputShape: LayerShape | LayerShape[]): LayerShape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as LayerShape;
    return [shape[0], ...shape.slice(2)];
  }

  /** [b, t, …] → [b, …] at t − 1. */
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = first(inputs);
      const [b, t, ...rest] = x.shape as number[];
      const n = rest.reduce((p, d) => p * d, 1);
      // a 3-D view: the wasm backend slices rank ≤ 4 row by row, higher ranks per element
      return x.reshape([b, t, n]).slice([0, t - 1, 0], [b, 1, n]).reshape([b, ...rest]);
    });
  }
}

tf.serialization.registerClass(ConvRecurrent);
tf.serialization.registerClass(TimeBatchNorm);
tf.serialization.registerClass(LastStep);
