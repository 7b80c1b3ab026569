/**
 * The shape every experiment takes, so that runs can be split into independent units
 * (condition × seed × fold × …), run in parallel or on a cluster, resumed after a crash,
 * and aggregated into a report from whatever units are done.
 */
import type { Flags, FlagSpec } from "../cli/command.ts";

/** One independent piece of an experiment, identified by a stable key. */
export interface UnitSpec {
  /** Stable, filename-safe key, e.g. `directional-seed3-fold1`. */
  key: string;
  /** JSON-serialisable parameters of this unit (condition, seed, fold, …). */
  params: Record<string, unknown>;
}

/** What a unit gets besides its spec. */
export interface UnitContext {
  /** The run folder (shared by all units); a unit may write large artefacts under it. */
  runDir: string;
  /** Progress line for humans (stderr). */
  log(message: string): void;
}

/** What the report step gets. */
export interface ReportContext {
  runDir: string;
  /** Keys of units that have no result (not run yet, or failed). */
  missing: string[];
  log(message: string): void;
}

/**
 * An experiment. `Config` and `Result` must be JSON-serialisable: the config is written to
 * `<runDir>/config.json`, each unit's result to `<runDir>/units/<key>.json`.
 */
export interface Experiment<Config = Record<string, unknown>, Result = Record<string, unknown>> {
  name: string;
  summary: string;
  /** Experiment-specific flags (besides --quick, --full, --seeds, --out, --workers, --json). */
  flags: Record<string, FlagSpec>;
  /** Turns flags (including `quick`/`full`) into a config; throws InputError on bad input. */
  configure(flags: Flags): Config;
  /** The independent units of this config. */
  units(config: Config): UnitSpec[];
  /** Runs one unit (selects its own backend if needed) and returns its result. */
  runUnit(config: Config, unit: UnitSpec, ctx: UnitContext): Promise<Result>;
  /**
   * Aggregates the results that exist (keyed by unit key) into report files under runDir and
   * returns the JSON summary that `--json` prints.
   */
  report(
    config: Config,
    results: Map<string, Result>,
    ctx: ReportContext,
  ): Promise<Record<string, unknown>>;
}
