/**
 * The contract every study implements, so that one executor can split a run into
 * independent units (condition × seed × fold × …), run them in this process, on local
 * worker processes, on Slurm or on Kubernetes, resume after a crash, and aggregate whatever
 * is done into the same run folder: `config.json`, `units/`, `report.md`, `summary.json`,
 * `figures/`.
 *
 * @module
 */
import type { z } from "zod";
import type { FlagSpec } from "../cli/command.ts";

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
}

/** What the report step gets. */
export interface ReportContext {
  /** The run folder. */
  runDir: string;
  /** Keys of units that have no result (not run yet, or failed). */
  missing: string[];
  /** Progress line for humans (stderr). */
  log(message: string): void;
}

/** Mean, standard deviation and count of one metric over replicates. */
export interface MetricSummary {
  mean: number;
  sd: number;
  n: number;
}

/** One statistical comparison in a summary. */
export interface TestSummary {
  /** Metric compared, e.g. `test` or `epoch0`. */
  metric: string;
  /** The two groups compared (`a` vs `b`). */
  a: string;
  b: string;
  /** The test, e.g. `paired t`, `Mann–Whitney U`, `Kruskal–Wallis`. */
  method: string;
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
  experiment: string;
  preset: Preset;
  /** Wall seconds of this invocation (units already done by an earlier one not counted). */
  seconds: number;
  units: { total: number; done: number; failed: string[]; missing: string[] };
  metrics: Record<string, Record<string, MetricSummary>>;
  tests: TestSummary[];
  /** Paths written, relative to the run folder. */
  files: string[];
  extra?: Record<string, unknown>;
}

/**
 * A study: a typed config (a zod schema plus four presets), its units, a pure unit function
 * and a report. `Config`, `Params` and `Result` are JSON-serialisable.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import type { Experiment } from "@prevision/prevision/studies";
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
  /** Flags that are not config fields (e.g. a data folder that does not change results). */
  extraFlags?: Record<string, FlagSpec>;
  /** Checks that span several fields (throw InputError); runs after schema validation. */
  validate?(config: Config): void;
  /** The independent units of this config, in a stable order. */
  units(config: Config): Unit<Params>[];
  /** Runs one unit (a pure function of config and params, up to the backend's numerics). */
  runUnit(config: Config, params: Params, ctx: UnitContext): Promise<Result>;
  /** Aggregates the results that exist (keyed by unit key). */
  report(config: Config, results: Map<string, Result>, ctx: ReportContext): Promise<StudyReport>;
}
