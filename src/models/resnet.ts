/**
 * A ResNet-18-style encoder (He et al. 2016, torchvision layout): a 7×7 stride-2 stem conv,
 * batch norm, ReLU and 3×3 stride-2 max pooling, then stages of basic residual blocks
 * (the first block of every stage after the first halves the resolution), and global
 * average pooling to a feature vector. Width and depth are configurable: ResNet-18 is
 * widths [64, 128, 256, 512] with two blocks per stage (512-d features).
 */
import { tf } from "../backend/tf.ts";
import { InputError } from "../util/errors.ts";
import { mm } from "../linalg/matmul.ts";
import { type BatchNorm, batchNorm, type BnUpdates, ParamStore } from "./layers.ts";

/** Shape of a {@link ResNetEncoder}. */
export interface ResNetConfig {
  /** Input channels (3: grayscale replicated, as in the paper). */
  inChannels: number;
  /** Channels of each stage. */
  widths: number[];
  /** Basic blocks per stage. */
  blocks: number[];
  /** Stem kernel size (7). */
  stemKernel: number;
  /** Stem stride (2). */
  stemStride: number;
  /** 3×3 stride-2 max pooling after the stem (true in ResNet-18). */
  maxPool: boolean;
}

/**
 * The ResNet-18 layout.
 *
 * @example
 * ```ts
 * import { RESNET18 } from "@prevision/prevision/models";
 * console.log(RESNET18.widths); // [64, 128, 256, 512]
 * ```
 */
export const RESNET18: ResNetConfig = {
  inChannels: 3,
  widths: [64, 128, 256, 512],
  blocks: [2, 2, 2, 2],
  stemKernel: 7,
  stemStride: 2,
  maxPool: true,
};

/**
 * Throws an InputError unless `config` describes a buildable encoder.
 *
 * @example
 * ```ts
 * import { checkResNetConfig, RESNET18 } from "@prevision/prevision/models";
 * checkResNetConfig({ ...RESNET18, widths: [16, 32], blocks: [1, 1] }); // fine
 * ```
 */
export function checkResNetConfig(config: ResNetConfig): void {
  const { widths, blocks } = config;
  if (widths.length === 0 || widths.length !== blocks.length) {
    throw new InputError(`resnet: widths and blocks must be non-empty and of equal length`);
  }
  const all = [...widths, ...blocks, config.inChannels, config.stemKernel, config.stemStride];
  if (all.some((v) => !Number.isInteger(v) || v < 1)) {
    throw new InputError(`resnet: widths, blocks, channels and stem must be positive integers`);
  }
}

interface ConvBn {
  w: tf.Variable;
  bn: BatchNorm;
  stride: number;
}

interface Block {
  a: ConvBn;
  b: ConvBn;
  shortcut?: ConvBn;
}

/** Outputs of one forward pass. */
export interface EncoderOutput {
  /** Globally pooled features, [batch, widths.at(-1)]. */
  features: tf.Tensor2D;
  /** Activation maps after the stem (pooled) and after every stage, [batch, h, w, c]. */
  layers: tf.Tensor4D[];
}

/**
 * The encoder. Variables are created from `seed`; `apply` runs it in training mode (batch
 * statistics, recorded in `updates`) or evaluation mode (running statistics).
 *
 * @example
 * ```ts
 * import { ResNetEncoder } from "@prevision/prevision/models";
 * import { tf, useBackend } from "@prevision/prevision";
 * await useBackend("cpu");
 * const enc = new ResNetEncoder({ ...RESNET18, widths: [8, 16], blocks: [1, 1] }, 1);
 * const out = enc.apply(tf.zeros([2, 32, 32, 3]), false);
 * console.log(out.features.shape); // [2, 16]
 * ```
 */
export class ResNetEncoder {
  /** The architecture. */
  readonly config: ResNetConfig;
  /** The trainable parameters and batch-norm statistics. */
  readonly params: ParamStore;
  #stem: ConvBn;
  #stages: Block[][];

  /** An encoder with seeded initial weights. */
  constructor(config: ResNetConfig, seed: number) {
    checkResNetConfig(config);
    const { widths, blocks } = config;
    this.config = config;
    this.params = new ParamStore(seed, 0x5e5);
    this.#stem = this.#convBn(config.stemKernel, config.inChannels, widths[0], config.stemStride);
    let channels = widths[0];
    this.#stages = widths.map((width, s) =>
      Array.from({ length: blocks[s] }, (_, i) => {
        const stride = s > 0 && i === 0 ? 2 : 1;
        const block: Block = {
          a: this.#convBn(3, channels, width, stride),
          b: this.#convBn(3, width, width, 1),
        };
        if (stride !== 1 || channels !== width) {
          block.shortcut = this.#convBn(1, channels, width, stride);
        }
        channels = width;
        return block;
      })
    );
  }

  /** Length of the feature vector. */
  get featureDim(): number {
    return this.config.widths[this.config.widths.length - 1];
  }

  #convBn(k: number, cin: number, cout: number, stride: number): ConvBn {
    // Kaiming normal, fan-out, as torchvision initialises ResNets.
    const w = this.params.normal([k, k, cin, cout], Math.sqrt(2 / (k * k * cout)));
    return { w, bn: this.params.batchNorm(cout), stride };
  }

  #run(x: tf.Tensor4D, c: ConvBn, training: boolean, updates?: BnUpdates): tf.Tensor4D {
    const y = conv2dSame(x, c.w as tf.Tensor4D, c.stride);
    return batchNorm(y, c.bn, training, updates) as tf.Tensor4D;
  }

  /** Forward pass on [batch, h, w, inChannels] images. */
  apply(x: tf.Tensor4D, training: boolean, updates?: BnUpdates): EncoderOutput {
    if (x.rank !== 4 || x.shape[3] !== this.config.inChannels) {
      throw new InputError(
        `resnet: expected [batch, h, w, ${this.config.inChannels}] input, got [${x.shape}]`,
      );
    }
    const layers: tf.Tensor4D[] = [];
    let h = tf.relu(this.#run(x, this.#stem, training, updates)) as tf.Tensor4D;
    if (this.config.maxPool) h = tf.maxPool(h, 3, 2, "same");
    layers.push(h);
    for (const stage of this.#stages) {
      for (const block of stage) {
        const a = tf.relu(this.#run(h, block.a, training, updates)) as tf.Tensor4D;
        const b = this.#run(a, block.b, training, updates);
        const skip = block.shortcut ? this.#run(h, block.shortcut, training, updates) : h;
        h = tf.relu(tf.add(b, skip)) as tf.Tensor4D;
      }
      layers.push(h);
    }
    return { features: tf.mean(h, [1, 2]) as tf.Tensor2D, layers };
  }

  /** Frees every variable. */
  dispose(): void {
    this.params.dispose();
  }
}

/**
 * tf.conv2d(x, w, stride, "same"), except where every output pixel's window covers the whole
 * input (ResNet-18's last stages at 32×32 input: 2×2 and 1×1 maps under 3×3 filters): then
 * the conv is one matrix product of the flattened input with, for each output pixel, the
 * filter taps that meet the input. The taps over padding only multiply zeros, so the result
 * is the same up to float rounding, and XNNPACK (one thread) does not spend up to 9× the
 * work on padding (≈ 0.1 s per call at batch 128 with 512 channels, in the forward pass
 * and in both gradients).
 */
function conv2dSame(x: tf.Tensor4D, w: tf.Tensor4D, stride: number): tf.Tensor4D {
  const [n, h, wd, cin] = x.shape;
  const [kh, kw, , cout] = w.shape;
  const outH = Math.ceil(h / stride), outW = Math.ceil(wd / stride);
  // tfjs's "same" padding puts the smaller half before: floor(total / 2)
  const top = Math.floor(Math.max((outH - 1) * stride + kh - h, 0) / 2);
  const left = Math.floor(Math.max((outW - 1) * stride + kw - wd, 0) / 2);
  // output row oy reads input row i through filter row top − oy·stride + i
  const covers = outH * outW <= 4 && top - (outH - 1) * stride >= 0 && top + h <= kh &&
    left - (outW - 1) * stride >= 0 && left + wd <= kw;
  if (!covers) return tf.conv2d(x, w, stride, "same");
  return tf.tidy(() => {
    const panels: tf.Tensor2D[] = [];
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        const taps = tf.slice(w, [top - oy * stride, left - ox * stride, 0, 0], [h, wd, cin, cout]);
        panels.push(taps.reshape([h * wd * cin, cout]));
      }
    }
    const panel = panels.length === 1 ? panels[0] : tf.concat(panels, 1);
    // mm: its gradients multiply explicitly transposed operands (wasm's transposed products
    // are many times slower)
    return mm(x.reshape([n, h * wd * cin]), panel).reshape([n, outH, outW, cout]);
  });
}
