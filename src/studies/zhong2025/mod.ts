/**
 * `deno task train zhong2025`: Zhong et al. 2025 — unrewarded exposure to virtual-reality
 * corridors reproduces most of the neural changes of task training and speeds up later task
 * learning. Units: one per group (task, unsupervised, naive, grating) × seed. Each unit
 * trains a small encoder without labels on its exposure corridors, measures its units as the
 * authors' code does (d′ over frames, corridor-unit coding direction, similarity index,
 * per-layer change), then learns the rewarded lick task trial by trial in two arms (encoder
 * frozen except for the task group; every encoder plastic). The report compares the authors'
 * behavioural measure (Mann–Whitney U), trials-to-criterion as censored data (Kaplan–Meier,
 * log-rank) and selectivity over seeds, Holm over every test, and draws SVG figures.
 * docs/zhong2025.md describes the paradigm, the model and the measures.
 *
 * @example
 * ```ts
 * import { configure, zhong2025 } from "@prevision/prevision/studies";
 * const config = configure(zhong2025, { tiny: true, groups: "naive" });
 * const [unit] = zhong2025.units(config);
 * const result = await zhong2025.runUnit(config, unit.params, {
 *   runDir: ".",
 *   key: unit.key,
 *   log: console.error,
 * });
 * result.arms.frozen?.first200Correct; // fraction of correct trials
 * ```
 *
 * @module
 */
import type { Experiment } from "../../experiment/contract.ts";
import { type Zhong2025Config, zhong2025Presets, zhong2025Schema } from "./config.ts";
import { runUnit, type Zhong2025Params, type Zhong2025Result } from "./unit.ts";
import { report } from "./report.ts";

export type { Arm, Zhong2025Config } from "./config.ts";
export type { ArmResult, SessionLicks } from "./_behaviour.ts";
export { ARMS, zhong2025Presets, zhong2025Schema } from "./config.ts";
export type { Zhong2025Params, Zhong2025Result } from "./unit.ts";
export type { LayerMeasures, NeuralMeasures } from "./_neural.ts";
export { measureUnits, TEST_STIMULI } from "./_neural.ts";
export {
  defaultCorridors,
  RECORDING_BINS,
  type RecordingMeasures,
  recordingMeasures,
  sessionLapResponses,
} from "./_recording.ts";
export { zhong2025RecordingCommand } from "./_recording_cli.ts";

/**
 * The zhong2025 study: units `<group>-seed<seed>` for every group × seed, on the backend the
 * executor chose (`--backend`; recorded in config.json).
 *
 * @example
 * ```ts
 * import { zhong2025 } from "@prevision/prevision/studies";
 * zhong2025.units(zhong2025.presets.quick).length; // 4 groups × 12 seeds = 48
 * ```
 */
export const experiment: Experiment<Zhong2025Config, Zhong2025Params, Zhong2025Result> = {
  name: "zhong2025",
  summary: "Zhong et al. 2025: unsupervised exposure to VR corridors speeds up task learning.",
  schema: zhong2025Schema,
  presets: zhong2025Presets,
  units: (config) =>
    config.groups.flatMap((group) =>
      config.seeds.map((seed) => ({ key: `${group}-seed${seed}`, params: { group, seed } }))
    ),
  runUnit: (config, params, ctx) => runUnit(config, params, ctx),
  report,
};
