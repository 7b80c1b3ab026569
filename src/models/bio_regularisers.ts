/**
 * The recurrent-weight regularisers of the spatially embedded RNNs (Achterberg et al.
 * 2023; Shakiba et al. 2026), as the authors' code computes them:
 * WD = λΣ|W|⊙D, WDC = λΣ|W|⊙C⊙D with C the communicability of the current weights,
 * WDC_EMD = WD + 0.1·mean|sort(C_emp) − sort(C)| and the baseline Σ|W| (λ ignored, i.e. 1).
 */
import { tf } from "../backend/tf.ts";
import {
  communicability,
  communicability64,
  COMMUNICABILITY_EPSILON,
} from "../linalg/communicability.ts";
import type { ExpmPlan } from "../linalg/expm.ts";

/** Which penalty a variant uses. */
export type RegulariserKind = "wd" | "wdc" | "emd" | "l1";

/** A regulariser with its constant tensors; dispose() frees them. */
export interface Regulariser {
  /** Which penalty this is. */
  kind: RegulariserKind;
  /** Whether the loss needs the communicability (and so an expm plan per step). */
  needsCommunicability: boolean;
  /** The row-sum epsilon of that communicability (for the plan). */
  epsilon: number;
  /** The penalty for weights `w` (call inside a gradient scope). */
  loss(w: tf.Tensor2D, plan?: ExpmPlan): tf.Scalar;
  /** Frees the constant tensors. */
  dispose(): void;
}

/** Options of {@link makeRegulariser}. */
export interface RegulariserOptions {
  /** Which penalty (see the module doc: WD, WDC, WDC_EMD or the baseline Σ|W|). */
  kind: RegulariserKind;
  /** Recurrent units (the weights are n×n). */
  n: number;
  /** Strength λ (0.3 in the paper; the baseline ignores it). */
  lambda?: number;
  /** Spatial cost matrix D (n×n), required by wd, wdc and emd. */
  distance?: ArrayLike<number>;
  /** Empirical connectome (n×n) whose communicability the emd term matches. */
  empirical?: ArrayLike<number>;
  /** Weight of the EMD term (0.1). */
  emdFactor?: number;
  /**
   * Added to the row sums of |W| in the WDC communicability (1e-10). The authors' WDC adds
   * none (`rowsum ** -0.5`): 0 reproduces it. Their EMD term always adds 1e-10.
   */
  wdcEpsilon?: number;
}

/**
 * Builds a regulariser.
 *
 * @example
 * ```ts
 * import { makeRegulariser } from "@prevision/prevision/models";
 * import { gridDistances } from "@prevision/prevision/biology";
 * const reg = makeRegulariser({ kind: "wd", n: 12, distance: gridDistances([3, 2, 2]) });
 * ```
 */
export function makeRegulariser(options: RegulariserOptions): Regulariser {
  const { kind, n } = options;
  const lambda = options.lambda ?? 0.3;
  const needsD = kind !== "l1";
  if (needsD && (!options.distance || options.distance.length !== n * n)) {
    throw new RangeError(`regulariser ${kind}: needs an ${n}×${n} distance matrix`);
  }
  const d = needsD ? tf.tensor2d(Float32Array.from(options.distance!), [n, n]) : null;
  let empSorted: tf.Tensor1D | null = null;
  if (kind === "emd") {
    if (!options.empirical || options.empirical.length !== n * n) {
      throw new RangeError(`regulariser emd: needs an ${n}×${n} empirical connectome`);
    }
    const c = communicability64(options.empirical, n);
    empSorted = tf.tensor1d(Float32Array.from(c).sort().reverse());
  }
  const emdFactor = options.emdFactor ?? 0.1;
  const epsilon = kind === "wdc"
    ? options.wdcEpsilon ?? COMMUNICABILITY_EPSILON
    : COMMUNICABILITY_EPSILON;
  return {
    kind,
    needsCommunicability: kind === "wdc" || kind === "emd",
    epsilon,
    loss(w, plan) {
      return tf.tidy(() => {
        const abs = tf.abs(w);
        if (kind === "l1") return tf.sum(abs) as tf.Scalar;
        if (kind === "wd") return tf.mul(lambda, tf.sum(tf.mul(abs, d!))) as tf.Scalar;
        const c = communicability(w, plan, epsilon);
        if (kind === "wdc") return tf.mul(lambda, tf.sum(tf.mul(tf.mul(abs, c), d!))) as tf.Scalar;
        const spatial = tf.mul(lambda, tf.sum(tf.mul(abs, d!)));
        return tf.add(
          spatial,
          tf.mul(emdFactor, sortedL1(tf.reshape(c, [-1]), empSorted!)),
        ) as tf.Scalar;
      });
    },
    dispose() {
      d?.dispose();
      empSorted?.dispose();
    },
  };
}

type CustomGradFunc = Parameters<typeof tf.customGrad>[0];

/**
 * mean |sort(x) − target| (target sorted descending), the 1-D earth mover's distance
 * between equal-size samples. The gradient routes sign(sorted − target)/n back through the
 * sorting permutation (tf.topk gives it; topk itself has no gradient).
 */
function sortedL1(x: tf.Tensor, target: tf.Tensor1D): tf.Scalar {
  const f = (v: tf.Tensor, save: tf.GradSaveFunc) => {
    const n = v.size;
    const { values, indices } = tf.topk(v as tf.Tensor1D, n, true);
    const diff = tf.sub(values, target);
    save([indices, tf.sign(diff)]);
    const value = tf.mean(tf.abs(diff));
    values.dispose();
    diff.dispose();
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [idx, sign] = saved;
        const g = tf.mul(sign, tf.div(dy, n));
        return tf.scatterND(tf.reshape(idx, [n, 1]), g, [n]);
      },
    };
  };
  return (tf.customGrad(f as unknown as CustomGradFunc) as (v: tf.Tensor) => tf.Scalar)(x);
}
