/**
 * Analysis of models and recordings: prediction metrics (correlation, explainable variance,
 * bits per spike), spike-triggered averages and LN models, matching learned filters to
 * subunits, receptive-field probes, linear probes of representations, manifold capacity,
 * neural selectivity and coding directions, and the frame-prediction baselines. Statistics
 * are `@prevision/prevision/stats`, graph measures `@prevision/prevision/graph`.
 *
 * @example How well a prediction follows a response
 * ```ts
 * import { pearson } from "@prevision/prevision/analysis";
 * pearson([1, 2, 3, 4], [1.1, 1.9, 3.2, 3.9]); // ≈ 0.99
 * ```
 *
 * @module
 */
export {
  bitsPerSpike,
  fractionExplainableVariance,
  noiseCorrectedCorrelation,
  pearson,
  poissonLogLikelihood,
  signalPower,
  trialMean,
  varianceExplained,
} from "./metrics.ts";
export { fitStaModel, spikeTriggeredAverage, type StaModel } from "./sta.ts";
export { fitLnModel, type LnModel, type LnOptions } from "./ln_model.ts";
export {
  bestAssignment,
  matchFiltersToMasks,
  placeKernel,
  type Rank1,
  rank1,
  type SubunitMatch,
} from "./filters.ts";
export { type FeatureSet, linearProbe, type ProbeOptions, type ProbeResult } from "./probes.ts";
export {
  activationMaximisation,
  type ActivationMaxOptions,
  type GratingOptions,
  type GratingResponses,
  gratingResponses,
  orientationSelectivity,
  type UnitProbe,
} from "./receptive_fields.ts";
export {
  type BaselineClips,
  FRAME_BASELINES,
  type FrameBaseline,
  frameBaselineLosses,
  meanTargetFrame,
} from "./frame_baselines.ts";
export * from "./capacity/mod.ts";
export * from "./neural/mod.ts";
