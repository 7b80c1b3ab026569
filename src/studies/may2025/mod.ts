/**
 * `deno task train may2025`: retinal-wave pre-training for motion prediction (May,
 * Dauphin & Gjorgjieva 2025; SCIENCE.md §1). Next-frame predictors are pre-trained on
 * directional or undirectional Teh waves, then fine-tuned on the corridor movie; the
 * report compares their validation loss before fine-tuning (epoch 0), after one epoch,
 * at their best epoch, and the test loss of the best model, against networks that were
 * not pre-trained, had their pre-trained weights shuffled, were pre-trained briefly, or
 * had their pre-training taken out of a fixed epoch budget.
 *
 * One unit = one replicate seed × one cross-validation fold, running every condition;
 * the pre-trained weights of a seed are computed once and shared by its folds.
 *
 * @module
 */
import type { Experiment, Unit } from "../../experiment/contract.ts";
import { type May2025Config, may2025Presets, may2025Schema, validateMay2025 } from "./config.ts";
import { reportMay2025 } from "./report.ts";
import { type May2025Params, type May2025UnitResult, runMay2025Unit, unitKey } from "./unit.ts";

export {
  MAY2025_CONDITIONS,
  type May2025Condition,
  type May2025Config,
  may2025Presets,
  may2025Schema,
  validateMay2025,
} from "./config.ts";
export {
  type DataConfig,
  dataConfig,
  type FoldData,
  foldData,
  targetMovie,
  type WaveData,
  waveData,
  type WaveKind,
} from "./data.ts";
export { pretrainDir, type PretrainHistory } from "./_pretrain.ts";
export {
  conditionDir,
  type ConditionResult,
  type May2025Params,
  type May2025UnitResult,
  runMay2025Unit,
  shuffleWeights,
  unitKey,
} from "./unit.ts";
export {
  MAY2025_METRICS,
  type May2025Metric,
  type May2025TestDetail,
  reportMay2025,
} from "./report.ts";

/**
 * The units of a config: every seed of fold 1, then of fold 2, … (key `seed<S>-fold<F>`).
 *
 * @example
 * ```ts
 * import { may2025Presets, may2025Units } from "@prevision/prevision/studies";
 * may2025Units(may2025Presets.tiny).map((u) => u.key); // ["seed1-fold1", "seed2-fold1", "seed3-fold1"]
 * ```
 */
export function may2025Units(config: May2025Config): Unit<May2025Params>[] {
  const units: Unit<May2025Params>[] = [];
  for (let fold = 0; fold < config.folds; fold++) {
    for (const seed of config.seeds) {
      units.push({ key: unitKey(seed, fold), params: { seed, fold } });
    }
  }
  return units;
}

/**
 * The may2025 study, as `deno task train may2025` and `deno task sweep may2025` run it.
 *
 * @example
 * ```ts
 * import { configure, may2025 } from "@prevision/prevision/studies";
 * const config = configure(may2025, { tiny: true, seeds: "2" });
 * may2025.units(config).length; // 2
 * ```
 */
export const experiment: Experiment<May2025Config, May2025Params, May2025UnitResult> = {
  name: "may2025",
  summary: "Retinal-wave pre-training for next-frame prediction (May, Dauphin & Gjorgjieva 2025).",
  schema: may2025Schema,
  presets: may2025Presets,
  validate: validateMay2025,
  units: may2025Units,
  runUnit: runMay2025Unit,
  report: reportMay2025,
};

/** {@link experiment} under the study's name (for `import { may2025 } from …/studies`). */
export const may2025: Experiment<May2025Config, May2025Params, May2025UnitResult> = experiment;
