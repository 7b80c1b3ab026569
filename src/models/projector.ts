/**
 * Projection heads for contrastive learning: `hidden.length` blocks of Linear–BN–ReLU and a
 * final Linear layer, with L2-normalised outputs. SimCLR's head is one hidden layer as wide
 * as the features and a 128-d output; the "wide" head of Ligeralde et al. is 8192-8192-8192.
 */
import { tf } from "../backend/tf.ts";
import { InputError } from "../util/errors.ts";
import { mm } from "../linalg/matmul.ts";
import { type BatchNorm, batchNorm, type BnUpdates, ParamStore } from "./layers.ts";

/** Shape of a {@link Projector}. */
export interface ProjectorConfig {
  /** Input (feature) dimension. */
  inDim: number;
  /** Widths of the Linear–BN–ReLU blocks. */
  hidden: number[];
  /** Output (embedding) dimension. */
  outDim: number;
}

/**
 * The two heads of the paper for an encoder with `featureDim` features.
 *
 * @example
 * ```ts
 * import { projectorPreset } from "@prevision/prevision/models";
 * projectorPreset("simclr", 512); // { inDim: 512, hidden: [512], outDim: 128 }
 * projectorPreset("wide", 512); // { inDim: 512, hidden: [8192, 8192], outDim: 8192 }
 * ```
 */
export function projectorPreset(kind: "simclr" | "wide", featureDim: number): ProjectorConfig {
  return kind === "simclr"
    ? { inDim: featureDim, hidden: [featureDim], outDim: 128 }
    : { inDim: featureDim, hidden: [8192, 8192], outDim: 8192 };
}

interface Dense {
  w: tf.Variable;
  b: tf.Variable;
  bn?: BatchNorm;
}

/**
 * A projection head.
 *
 * @example
 * ```ts
 * import { Projector } from "@prevision/prevision/models";
 * import { tf, useBackend } from "@prevision/prevision";
 * await useBackend("cpu");
 * const head = new Projector({ inDim: 16, hidden: [16], outDim: 8 }, 1);
 * const z = head.apply(tf.randomNormal([4, 16]), true); // rows have unit norm
 * ```
 */
export class Projector {
  /** The layer sizes. */
  readonly config: ProjectorConfig;
  /** The trainable parameters and batch-norm statistics. */
  readonly params: ParamStore;
  #layers: Dense[];

  /** A projector with seeded initial weights (PyTorch's Linear initialisation). */
  constructor(config: ProjectorConfig, seed: number) {
    const dims = [config.inDim, ...config.hidden, config.outDim];
    if (dims.some((d) => !Number.isInteger(d) || d < 1)) {
      throw new InputError(`projector: dimensions must be positive integers, got [${dims}]`);
    }
    this.config = config;
    this.params = new ParamStore(seed, 0x960);
    this.#layers = dims.slice(1).map((out, i) => {
      const fanIn = dims[i];
      // PyTorch's Linear default: U(−1/√fan_in, 1/√fan_in) ≈ normal with the same variance.
      const w = this.params.normal([fanIn, out], 1 / Math.sqrt(3 * fanIn));
      const b = this.params.fill([out], 0, true);
      return i < config.hidden.length ? { w, b, bn: this.params.batchNorm(out) } : { w, b };
    });
  }

  /** Projects [batch, inDim] features to L2-normalised [batch, outDim] embeddings. */
  apply(x: tf.Tensor2D, training: boolean, updates?: BnUpdates): tf.Tensor2D {
    return this.applyLayers(x, training, updates).at(-1)!;
  }

  /**
   * Every layer's output: each hidden Linear–BN–ReLU block, then the L2-normalised
   * embedding (for measuring the geometry of the projector layers, as Ligeralde et al. do).
   */
  applyLayers(x: tf.Tensor2D, training: boolean, updates?: BnUpdates): tf.Tensor2D[] {
    const outs: tf.Tensor2D[] = [];
    let h: tf.Tensor2D = x;
    for (const layer of this.#layers) {
      // mm: fast gradients on wasm (explicit transposes, see src/linalg/matmul.ts)
      h = tf.add(mm(h, layer.w as tf.Tensor2D), layer.b) as tf.Tensor2D;
      if (layer.bn) {
        h = tf.relu(batchNorm(h, layer.bn, training, updates)) as tf.Tensor2D;
        outs.push(h);
      }
    }
    const norm = tf.sqrt(tf.add(tf.sum(tf.square(h), 1, true), 1e-12));
    outs.push(tf.div(h, norm) as tf.Tensor2D);
    return outs;
  }

  /** Frees the parameters. */
  dispose(): void {
    this.params.dispose();
  }
}
