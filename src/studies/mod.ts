/**
 * The five studies, each an {@link Experiment} under its name — {@link may2025},
 * {@link ligeralde2023}, {@link yan2020}, {@link shakiba2026}, {@link zhong2025} — with
 * their config schemas, presets and result types; the registry `deno task train` and
 * `deno task sweep` use ({@link STUDIES}); the pieces studies share (config flags derived
 * from the schema, summaries, corrected comparisons, SVG plots); and the executor that runs
 * any study into a run folder (`config.json`, `units/`, `report.md`, `summary.json`,
 * `figures/`), the same one `@prevision/prevision/experiment` exports.
 *
 * @example Run the tiny preset of a study in this process and read its summary
 * ```ts
 * import {
 *   configure,
 *   createRun,
 *   may2025,
 *   runLocal,
 *   writeReport,
 * } from "@prevision/prevision/studies";
 * const config = configure(may2025, { tiny: true, seeds: "1" });
 * const run = await createRun(may2025, "may2025", config, "runs/may2025-tiny", null);
 * const { failed } = await runLocal(run, { workers: 1, attempts: 1, workerArgs: [] });
 * const summary = await writeReport(run, { seconds: 0, failed });
 * console.log(summary.metrics);
 * ```
 *
 * @module
 */
export * from "../experiment/mod.ts";
export * from "./_kit/mod.ts";
export { DEFAULT_STUDY, STUDIES } from "./registry.ts";

export {
  type ConditionResult,
  experiment as may2025,
  MAY2025_CONDITIONS,
  MAY2025_METRICS,
  type May2025Condition,
  type May2025Config,
  type May2025Metric,
  type May2025Params,
  may2025Presets,
  may2025Schema,
  type May2025TestDetail,
  type May2025UnitResult,
  may2025Units,
  type PretrainHistory,
  reportMay2025,
  runMay2025Unit,
  validateMay2025,
  type WaveKind,
} from "./may2025/mod.ts";
export {
  type CapacityEntry,
  type EvalResult,
  experiment as ligeralde2023,
  LIGERALDE_CONDITIONS,
  LIGERALDE_METRICS,
  LIGERALDE_PRESETS,
  type LigeraldeCondition,
  type LigeraldeConfig,
  type LigeraldeMetric,
  type LigeraldeParams,
  ligeraldeSchema,
  type LigeraldeUnitResult,
} from "./ligeralde2023/mod.ts";
export {
  cellsOf,
  experiment as yan2020,
  type FilterMatch,
  type FilterNull,
  type FilterParts,
  isRecorded,
  type ReadoutFilter,
  type RecordedConfig,
  type RecordedParams,
  type RecordedResult,
  type RecordedScores,
  type Scores,
  type SimulatedParams,
  type SimulatedResult,
  type StaParts,
  type Stimulus,
  type StnmfMatch,
  type TemporalMatch,
  type UnitRole,
  type Yan2020Config,
  type Yan2020Params,
  yan2020Presets,
  yan2020Report,
  type Yan2020Result,
  yan2020Schema,
  yan2020Units,
} from "./yan2020/mod.ts";
export {
  experiment as shakiba2026,
  parseVariant,
  type Shakiba2026Config,
  type Shakiba2026Params,
  shakiba2026Presets,
  type Shakiba2026Result,
  shakiba2026Schema,
  TASK_NAMES,
  validateShakiba2026,
  VARIANTS,
  type VariantSpec,
} from "./shakiba2026/mod.ts";
export {
  type Arm,
  type ArmResult,
  ARMS,
  experiment as zhong2025,
  type LayerMeasures,
  measureUnits,
  type NeuralMeasures,
  type RecordingMeasures,
  recordingMeasures,
  sessionLapResponses,
  type SessionLicks,
  TEST_STIMULI,
  type Zhong2025Config,
  type Zhong2025Params,
  zhong2025Presets,
  type Zhong2025Result,
  zhong2025Schema,
} from "./zhong2025/mod.ts";
