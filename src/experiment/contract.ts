/**
 * The contract every study implements, so that one executor can split a run into
 * independent units (condition × seed × fold × …), run them in this process, on local
 * worker processes, on Slurm or on Kubernetes, resume after a crash, and aggregate whatever
 * is done into the same run folder: `config.json`, `units/`, `report.md`, `summary.json`,
 * `figures/`.
 *
 * @module
 */
// A full npm specifier (not the import map) so that mod.ts can be imported from a URL.
// deno-lint-ignore no-import-prefix -- see above
import type { z } from "npm:zod@4.6.7";
import type { Flags, FlagSpec } from "../cli/command.ts";

/** Run sizes, with the same meaning in every study. */
export const PRESETS = ["tiny", "quick", "standard", "full"] as const;
/**
 * One of {@link PRESETS}: `tiny` (tests, seconds), `quick` (the default, ≤ 8 minutes on
 * 2 cores), `standard` (≤ 1 hour on 2 cores, close to the paper), `full` (the paper's sizes).
 */
export type Preset = typeof PRESETS[number];

/** One independent piece of a run, identified by a stable, filename-safe key. */
export interface Unit<Params> {
  /** Stable key, e.g. `seed3-fold1`; the unit's result is `units/<key>.json`. */
  key: string;
  /** JSON-serialisable parameters of this unit (condition, seed, fold, …). */
  params: Params;
}

/** What a unit gets besides its config and parameters. */
export interface UnitContext {
  /** The run folder (shared by all units); a unit may write large artefacts under it. */
  runDir: string;
  /** The unit's key. */
  key: string;
  /** Progress line for humans (stderr). */
  log(message: string): void;
  /**
   * Values of the study's {@link Experiment.extraFlags} given on the command line (the
   * executor forwards them to worker processes and array tasks); never part of the config.
   */
  flags?: Flags;
  /**
   * `--restart-unit`: training state of this unit that cannot be loaded is discarded and the
   * unit trains from the start, instead of stopping with an error naming the file.
   */
  restartUnit?: boolean;
}

/** What the report step gets. */
export interface ReportContext {
  /** The run folder. */
  runDir: string;
  /** Keys of units that have no result (not run yet, or failed). */
  missing: string[];
  /** Progress line for humans (stderr). */
  log(message: string): void;
  /** Values of the study's {@link Experiment.extraFlags} given on the command line. */
  flags?: Flags;
}

/** Mean, standard deviation and count of one metric over replicates. */
export interface MetricSummary {
  /** Mean over replicates. */
  mean: number;
  /** Sample standard deviation (n − 1); 0 for a single replicate. */
  sd: number;
  /** Replicates. */
  n: number;
}

/** One statistical comparison in a summary. */
export interface TestSummary {
  /** Metric compared, e.g. `test` or `epoch0`. */
  metric: string;
  /** The first group compared (`a` vs `b`). */
  a: string;
  /** The second group compared. */
  b: string;
  /** The test, e.g. `paired t`, `Mann–Whitney U`, `Kruskal–Wallis`. */
  method: string;
  /** The test statistic (t, U, H, …). */
  statistic: number;
  /** Unadjusted p-value. */
  p: number;
  /** p-value after the correction named in `correction`. */
  pAdjusted: number;
  /** Multiple-comparison correction, e.g. `holm` or `bonferroni`. */
  correction: string;
  /** Replicates per group (pairs for paired tests). */
  n: number;
}

/**
 * What a study's report step produces; the executor writes it as `report.md`,
 * `summary.json` and `figures/<name>`, atomically.
 */
export interface StudyReport {
  /** Human-readable report (Markdown). */
  markdown: string;
  /** Metric summaries by group (condition, variant, …) then metric name. */
  metrics: Record<string, Record<string, MetricSummary>>;
  /** The statistical tests behind the report's claims. */
  tests: TestSummary[];
  /** Figures by file name (SVG text, or bytes for PNG/GIF). */
  figures?: Record<string, string | Uint8Array>;
  /** Study-specific extra fields for `summary.json` (documented in the study's docs page). */
  extra?: Record<string, unknown>;
}

/** The machine-readable summary of a run (`summary.json`), the same shape for every study. */
export interface RunSummary {
  /** The study's name. */
  experiment: string;
  /** The config's preset. */
  preset: Preset;
  /** Wall seconds of this invocation (units already done by an earlier one not counted). */
  seconds: number;
  /**
   * Units in the config, units with a result, units this invocation gave up on after every
   * attempt failed, and units without a result.
   */
  units: { total: number; done: number; failed: string[]; missing: string[] };
  /** The report's metric summaries by group, then metric. */
  metrics: Record<string, Record<string, MetricSummary>>;
  /** The report's statistical tests. */
  tests: TestSummary[];
  /** Paths written, relative to the run folder. */
  files: string[];
  /** What the units cost, over those whose cost was recorded (null when none was). */
  costs?: CostSummary | null;
  /** The report's study-specific fields ({@link StudyReport.extra}). */
  extra?: Record<string, unknown>;
}

/** What running one unit cost, as recorded by the process that ran it. */
export interface UnitCost {
  /** The unit's key. */
  key: string;
  /** Wall seconds of the unit. */
  seconds: number;
  /** CPU seconds (user + system, all threads) the process used during the unit. */
  cpuSeconds: number;
  /** Peak resident memory of the process so far (getrusage maxrss), MiB; null if unknown. */
  peakRssMiB: number | null;
  /** Kernel threads the process may use (`PREVISION_THREADS`, else one per core). */
  threads: number;
  /** The tfjs backend after the unit ran (null when none was initialised). */
  backend: string | null;
  /** Host name of the machine. */
  host: string;
  /** When the unit finished (ISO 8601). */
  finished: string;
}

/** Mean and maximum of the recorded {@link UnitCost}s of a run. */
export interface CostSummary {
  /** Units whose cost was recorded. */
  measured: number;
  /** Mean wall seconds per unit. */
  meanSeconds: number;
  /** Longest unit, wall seconds. */
  maxSeconds: number;
  /** Mean CPU seconds per unit. */
  meanCpuSeconds: number;
  /** Mean peak resident memory, MiB (null when unknown). */
  meanPeakRssMiB: number | null;
  /** Largest peak resident memory, MiB: the number to give a cluster's `--mem`. */
  maxPeakRssMiB: number | null;
  /** The kernel thread counts the units ran with. */
  threads: number[];
  /** The backends the units ran on (`none` for units without one). */
  backends: string[];
  /** The hosts the units ran on. */
  hosts: string[];
}

/** A study with its types erased, as the executor handles it. */
export type AnyExperiment = Experiment<{ preset: Preset }, unknown, unknown>;

/**
 * A study: a typed config (a zod schema plus four presets), its units, a pure unit function
 * and a report. `Config`, `Params` and `Result` are JSON-serialisable.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import type { Experiment } from "@prevision/prevision/experiment";
 *
 * const schema = z.object({
 *   preset: z.enum(["tiny", "quick", "standard", "full"]),
 *   seeds: z.array(z.number().int()).describe("replicate seeds"),
 * });
 * type Config = z.infer<typeof schema>;
 * const toy: Experiment<Config, { seed: number }, { value: number }> = {
 *   name: "toy",
 *   summary: "A toy study.",
 *   schema,
 *   presets: {
 *     tiny: { preset: "tiny", seeds: [1] },
 *     quick: { preset: "quick", seeds: [1, 2] },
 *     standard: { preset: "standard", seeds: [1, 2, 3] },
 *     full: { preset: "full", seeds: [1, 2, 3, 4, 5] },
 *   },
 *   units: (c) => c.seeds.map((seed) => ({ key: `seed${seed}`, params: { seed } })),
 *   runUnit: (_c, p) => Promise.resolve({ value: p.seed * 2 }),
 *   report: (_c, results) =>
 *     Promise.resolve({ markdown: `${results.size} units`, metrics: {}, tests: [] }),
 * };
 * ```
 */
export interface Experiment<Config extends { preset: Preset }, Params, Result> {
  /** Name used on the command line (`deno task train <name>`). */
  name: string;
  /** One line for `--help`. */
  summary: string;
  /** The config's schema: flags are derived from it, `config.json` is validated with it. */
  schema: z.ZodType<Config>;
  /** The four presets; `quick` is the default. */
  presets: Record<Preset, Config>;
  /**
   * Flags that are not config fields (e.g. a data folder that does not change results); their
   * values reach the units and the report as `ctx.flags`.
   */
  extraFlags?: Record<string, FlagSpec>;
  /**
   * Whether the units need a tfjs backend initialised (from `--backend` /
   * `PREVISION_BACKEND`) before they run; default true.
   */
  needsBackend?: boolean;
  /** Checks that span several fields (throw InputError); runs after schema validation. */
  validate?(config: Config): void;
  /** The independent units of this config, in a stable order. */
  units(config: Config): Unit<Params>[];
  /** Runs one unit (a pure function of config and params, up to the backend's numerics). */
  runUnit(config: Config, params: Params, ctx: UnitContext): Promise<Result>;
  /** Aggregates the results that exist (keyed by unit key). */
  report(config: Config, results: Map<string, Result>, ctx: ReportContext): Promise<StudyReport>;
}
