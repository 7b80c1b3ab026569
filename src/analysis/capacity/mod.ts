/**
 * Manifold capacity: exact linear separability, simulated capacity by bisection over the
 * projection dimension, the mean-field estimate with radius, dimension and centre
 * correlation, and the closed-form capacity of ℓ2 balls used to validate both.
 */
export { centreGlobally, makeManifolds, type Manifolds } from "./manifolds.ts";
export { type Separability, separability, type SeparabilityOptions } from "./separable.ts";
export {
  type SimulatedCapacity,
  simulatedCapacity,
  type SimulatedCapacityOptions,
} from "./simulated.ts";
export {
  centreCorrelation,
  type MeanFieldCapacity,
  meanFieldCapacity,
  type MeanFieldOptions,
  nnls,
} from "./mean_field.ts";
export { ballCapacity } from "./theory.ts";
export { participationRatio } from "./participation_ratio.ts";
