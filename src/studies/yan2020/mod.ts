/**
 * yan2020 — Yan et al. 2020: a CNN trained on one simulated retinal ganglion cell's
 * white-noise responses predicts them better than STA and LN models, and its conv filters
 * recover the cell's bipolar subunits; models transfer poorly between cells and well between
 * white noise and natural-like movies. `deno task train yan2020` (see docs/yan2020.md).
 *
 * Units, per seed: one per cell (white noise, the paper's CNN; with the cell → cell
 * transfer row), and on the main cell the space × time separable CNN, the fit to Poisson
 * spikes, and the fit to natural-like movies (stimulus transfer). With `--stimulus` and
 * `--spike-times` the study fits one recorded cell instead.
 *
 * @example
 * ```ts
 * import { configure, yan2020 } from "@prevision/prevision/studies";
 * const config = configure(yan2020, { tiny: true, seeds: "2", "no-natural": true });
 * yan2020.units(config).map((u) => u.key);
 * // ["cell-quadrants-off-seed1", …, "spikes-quadrants-off-seed2"]
 * ```
 *
 * @module
 */
import type { Experiment } from "../../experiment/contract.ts";
import { validateYan2020, type Yan2020Config, yan2020Presets, yan2020Schema } from "./config.ts";
import { runYan2020Unit, type Yan2020Params, type Yan2020Result, yan2020Units } from "./unit.ts";
import { yan2020Report } from "./report.ts";

export {
  isRecorded,
  type RecordedConfig,
  type Yan2020Config,
  yan2020Presets,
  yan2020Schema,
} from "./config.ts";
export {
  type RecordedParams,
  type Scores,
  type SimulatedParams,
  type SimulatedResult,
  type UnitRole,
  type Yan2020Params,
  type Yan2020Result,
  yan2020Units,
} from "./unit.ts";
export type { RecordedResult, RecordedScores } from "./_recorded.ts";
export type {
  FilterMatch,
  FilterNull,
  FilterParts,
  ReadoutFilter,
  StaParts,
  StnmfMatch,
  TemporalMatch,
} from "./_filters.ts";
export { cellsOf, type Stimulus } from "./data.ts";
export { yan2020Report } from "./report.ts";

/** The yan2020 study, as `deno task train yan2020` and `deno task sweep yan2020` run it. */
export const experiment: Experiment<Yan2020Config, Yan2020Params, Yan2020Result> = {
  name: "yan2020",
  summary: "Yan et al. 2020: a CNN fitted to a simulated ganglion cell reveals its subunits.",
  schema: yan2020Schema,
  presets: yan2020Presets,
  validate: validateYan2020,
  units: yan2020Units,
  runUnit: (config, params, ctx) => runYan2020Unit(config, params, ctx),
  report: (config, results, ctx) => yan2020Report(config, results, ctx),
};
