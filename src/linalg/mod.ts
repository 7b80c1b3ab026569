/**
 * Small dense linear algebra: the matrix exponential (float32 tfjs with gradients, and a
 * float64 reference), weighted communicability of a connectivity matrix, and a matrix
 * product whose gradient avoids tfjs's slow transposed products on WASM.
 *
 * @example The communicability of a 3-node chain, in float64
 * ```ts
 * import { communicability64 } from "@prevision/prevision/linalg";
 * const w = [0, 1, 0, 1, 0, 1, 0, 1, 0];
 * const c = communicability64(w, 3); // 3×3, zero diagonal
 * console.log(c[1]);
 * ```
 *
 * @module
 */
export {
  communicability,
  communicability64,
  communicabilityPlan,
  normalisedAdjacency,
} from "./communicability.ts";
export { expm, type ExpmPlan, expmPlan } from "./expm.ts";
export { expm64, expmTaylor64, matmul64, norm1, solve64 } from "./expm64.ts";
export { mm } from "./matmul.ts";
