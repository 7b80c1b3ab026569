/**
 * The executor: the {@link Experiment} contract every study implements, and the one
 * machinery that runs a study — split into independent units, run in this process, on local
 * worker processes, as a Slurm job array or a Kubernetes Indexed Job, resumed after a crash,
 * and aggregated into the same run folder (`config.json`, `units/`, `report.md`,
 * `summary.json`, `figures/`) — plus the `train` and `sweep` commands built on it.
 *
 * @example
 * ```ts
 * import { createRun, may2025, runLocal, writeReport } from "@prevision/prevision/studies";
 * const run = await createRun(may2025, "may2025", may2025.presets.tiny, "runs/tiny", null);
 * const { failed } = await runLocal(run, { workers: 1, attempts: 1, workerArgs: [] });
 * const summary = await writeReport(run, { seconds: 0, failed });
 * console.log(summary.metrics);
 * ```
 *
 * @module
 */
export {
  type AnyExperiment,
  type CostSummary,
  type Experiment,
  type MetricSummary,
  type Preset,
  PRESETS,
  type ReportContext,
  type RunSummary,
  type StudyReport,
  type TestSummary,
  type Unit,
  type UnitContext,
  type UnitCost,
} from "./contract.ts";
export {
  configErrorLine,
  configFlags,
  configure,
  PRESET_FLAGS,
  presetFrom,
  validateConfig,
} from "./config_flags.ts";
export {
  configPath,
  costPath,
  createRun,
  defaultRunDir,
  executorDir,
  lockPath,
  openRun,
  pendingUnits,
  readResults,
  readRunFile,
  type Run,
  type RunFile,
  unitPath,
} from "./run_dir.ts";
export { costSummary, kernelThreads, runUnitOnce, unitCosts, type UnitOutcome } from "./unit.ts";
export { type ReportOptions, writeReport } from "./report.ts";
export {
  type LocalOptions,
  type LocalOutcome,
  resumeCommand,
  runLocal,
  threadsPerWorker,
} from "./local.ts";
export {
  activeJobs,
  requireSlurm,
  runSlurm,
  type SlurmOptions,
  type SlurmOutcome,
  type SlurmResources,
  type Submission,
} from "./slurm.ts";
export { k8sMemory, type K8sOptions, writeK8sManifest } from "./k8s.ts";
export { checkoutRoot, workerArgv, workerPermissions } from "./permissions.ts";
export { isModulePath, type LoadedStudy, loadStudy, type StudyLoaders } from "./load.ts";
export { sweepCommand, trainCommand } from "./cli.ts";
export type { Command, Flags, FlagSpec } from "../cli/command.ts";
