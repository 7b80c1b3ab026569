/**
 * Sweeps: an experiment's independent units run over local worker processes, a Slurm job
 * array, or a Kubernetes Indexed Job, with each unit's result in its own file so that a
 * sweep survives crashes and is resumed by running it again. The CLI is
 * `src/train/sweep_cli.ts`; the guide is docs/scaling.md.
 *
 * @module
 */
export {
  type AnyExperiment,
  type ExperimentRef,
  isModulePath,
  loadExperiment,
  registeredNames,
} from "./registry.ts";
export {
  aggregate,
  costPath,
  makePlan,
  pendingUnits,
  type SweepCounts,
  sweepDir,
  type SweepPlan,
  type UnitCost,
  unitCosts,
  workerArgv,
} from "./plan.ts";
export { runUnitOnce } from "./unit_worker.ts";
export { type LocalOptions, type LocalOutcome, runLocal } from "./local.ts";
export {
  activeJobs,
  requireSlurm,
  runSlurm,
  type SlurmOptions,
  type SlurmOutcome,
  type Submission,
} from "./slurm.ts";
export { k8sMemory, type K8sOptions, writeK8sManifest } from "./k8s.ts";
export type { SlurmResources } from "./_sbatch.ts";
