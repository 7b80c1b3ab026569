/**
 * Adam (Kingma & Ba 2015) with its whole state — step count, first and second moments —
 * exportable as plain arrays, so that a resumed run continues bit for bit. (tfjs's own
 * Adam recomputes β^t with `pow` on restore, which differs in the last bits from the
 * running product it keeps while training.)
 */
import { tf } from "../backend/tf.ts";
import type { NamedArrays } from "../io/checkpoint.ts";

/** Hyper-parameters of {@link Adam}. */
export interface AdamOptions {
  /** Step size. */
  learningRate: number;
  /** Decay of the first-moment estimate (default 0.9). */
  beta1?: number;
  /** Decay of the second-moment estimate (default 0.999). */
  beta2?: number;
  /** Added to the denominator (default 1e-8). */
  epsilon?: number;
}

/** Adam over a fixed list of variables. */
export class Adam {
  /** Step size. */
  readonly learningRate: number;
  /** Decay of the first-moment estimate. */
  readonly beta1: number;
  /** Decay of the second-moment estimate. */
  readonly beta2: number;
  /** Added to the denominator. */
  readonly epsilon: number;
  /** Updates applied so far. */
  step = 0;
  #m: tf.Variable[];
  #v: tf.Variable[];

  /** An optimiser of `variables` (updated in place by {@link Adam.apply}), with zeroed moments. */
  constructor(readonly variables: tf.Variable[], options: AdamOptions) {
    this.learningRate = options.learningRate;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    this.#m = variables.map((v) => tf.variable(tf.zerosLike(v), false));
    this.#v = variables.map((v) => tf.variable(tf.zerosLike(v), false));
  }

  /** Applies one update with `grads[i]` the gradient of `variables[i]`. */
  apply(grads: tf.Tensor[]): void {
    this.step += 1;
    const c1 = 1 - this.beta1 ** this.step;
    const c2 = 1 - this.beta2 ** this.step;
    tf.tidy(() => {
      grads.forEach((g, i) => {
        const m = this.#m[i].mul(this.beta1).add(g.mul(1 - this.beta1));
        const v = this.#v[i].mul(this.beta2).add(g.square().mul(1 - this.beta2));
        this.#m[i].assign(m);
        this.#v[i].assign(v);
        const update = m.div(c1).div(v.div(c2).sqrt().add(this.epsilon)).mul(this.learningRate);
        this.variables[i].assign(this.variables[i].sub(update));
      });
    });
  }

  /** The moments as named arrays (read synchronously; call outside tf.tidy). */
  exportState(): NamedArrays {
    const out: NamedArrays = {};
    this.#m.forEach((m, i) => {
      out[`m${i}`] = { shape: m.shape, values: m.dataSync() as Float32Array };
      out[`v${i}`] = { shape: this.#v[i].shape, values: this.#v[i].dataSync() as Float32Array };
    });
    return out;
  }

  /** Restores moments written by {@link exportState} and the step count. */
  importState(arrays: NamedArrays, step: number): void {
    this.#m.forEach((m, i) => {
      const a = arrays[`m${i}`], b = arrays[`v${i}`];
      if (!a || !b) throw new Error(`optimizer state lacks moments of variable ${i}`);
      m.assign(tf.tensor(a.values, a.shape));
      this.#v[i].assign(tf.tensor(b.values, b.shape));
    });
    this.step = step;
  }

  /** Frees the moment variables. */
  dispose(): void {
    tf.dispose([...this.#m, ...this.#v]);
  }
}
