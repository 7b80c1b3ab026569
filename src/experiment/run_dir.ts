/**
 * The run folder: every study run, whichever runner ran its units, writes the same one.
 *
 * ```
 * config.json        {experiment, backend, config}: what was run (the config is validated
 *                    against the study's schema when the run is resumed)
 * units/<key>.json   one result per unit, written atomically by the process that ran it
 * report.md          the study's report (human)
 * summary.json       {@link RunSummary} (machine)
 * figures/<name>     the report's figures
 * executor/          bookkeeping: locks/<key>.lock, costs/<key>.json, slurm/, k8s/
 * ```
 *
 * @module
 */
import { join, resolve } from "node:path";
import type { Flags } from "../cli/command.ts";
import { writeFileAtomic } from "../util/atomic.ts";
import { errorMessage, InputError } from "../util/errors.ts";
import { log } from "../util/log.ts";
import type { AnyExperiment, Experiment, Preset, Unit } from "./contract.ts";
import { validateConfig } from "./config_flags.ts";

/** What `config.json` holds. */
export interface RunFile {
  /** The study's name. */
  experiment: string;
  /**
   * The backend: the one the executor initialised for a local run, or for a cluster run the
   * one asked for (`auto` when none), which each node resolves (each unit's cost record says
   * what it ran on); null for a study that uses none.
   */
  backend: string | null;
  /** The study's config. */
  config: unknown;
}

/** A study's config and units bound to a run folder: what every runner works from. */
export interface Run {
  /** The study. */
  experiment: AnyExperiment;
  /** How worker processes name the study: its registered name or an absolute module path. */
  ref: string;
  /** The study's config (validated). */
  config: { preset: Preset };
  /** The config's units, in the study's order. */
  units: Unit<unknown>[];
  /** Absolute path of the run folder. */
  runDir: string;
  /** Values of the study's extra flags (forwarded to workers, given to units as ctx.flags). */
  flags: Flags;
}

/** Where `config.json` of a run folder is. */
export function configPath(runDir: string): string {
  return join(runDir, "config.json");
}

/** Where the result of unit `key` lives. */
export function unitPath(runDir: string, key: string): string {
  return join(runDir, "units", `${key}.json`);
}

/** The executor's bookkeeping folder of a run (locks, costs, cluster scripts). */
export function executorDir(runDir: string): string {
  return join(runDir, "executor");
}

/** The lock file a process holds while it runs unit `key`. */
export function lockPath(runDir: string, key: string): string {
  return join(executorDir(runDir), "locks", `${key}.lock`);
}

/** Where the process that ran unit `key` records what it cost. */
export function costPath(runDir: string, key: string): string {
  return join(executorDir(runDir), "costs", `${key}.json`);
}

/**
 * Default folder of a new run: `runs/<name>-<UTC timestamp>`.
 *
 * @example
 * ```ts
 * import { defaultRunDir } from "@prevision/prevision/experiment";
 * defaultRunDir("may2025"); // e.g. "runs/may2025-2026-03-01T12-00-00-000"
 * ```
 */
export function defaultRunDir(name: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, "-").replace(/Z$/, "");
  return join("runs", `${name}-${stamp}`);
}

/** A study's units, checked: keys must be unique and filename-safe. */
function unitsOf(exp: AnyExperiment, config: { preset: Preset }): Unit<unknown>[] {
  const units = exp.units(config);
  const seen = new Set<string>();
  for (const unit of units) {
    if (!/^[A-Za-z0-9_][A-Za-z0-9_.=+-]*$/.test(unit.key) || seen.has(unit.key)) {
      throw new Error(`${exp.name}: unit key '${unit.key}' is not unique or not filename-safe`);
    }
    seen.add(unit.key);
  }
  return units;
}

/**
 * Reads `config.json` of a run folder; a missing or unreadable one is a one-line error.
 *
 * @example
 * ```ts
 * import { readRunFile } from "@prevision/prevision/experiment";
 * const { experiment, config } = await readRunFile("runs/may2025-quick");
 * ```
 */
export async function readRunFile(runDir: string): Promise<RunFile> {
  let text: string;
  try {
    text = await Deno.readTextFile(configPath(runDir));
  } catch {
    throw new InputError(`${runDir} has no config.json (not a run folder)`);
  }
  try {
    const file = JSON.parse(text);
    if (typeof file?.experiment !== "string") throw new Error("no 'experiment' field");
    return { experiment: file.experiment, backend: file.backend ?? null, config: file.config };
  } catch (error) {
    throw new InputError(`${configPath(runDir)} is not a run's config: ${errorMessage(error)}`);
  }
}

/**
 * Starts a run in `runDir` with `config` (writing config.json), or continues the run already
 * there when it holds the same study and config; a different one is a one-line error.
 *
 * @example
 * ```ts
 * import { createRun, may2025 } from "@prevision/prevision/studies";
 * const run = await createRun(may2025, "may2025", may2025.presets.tiny, "runs/may-tiny", "wasm");
 * run.units.length; // units of the tiny preset
 * ```
 */
export async function createRun<C extends { preset: Preset }, P, R>(
  exp: Experiment<C, P, R>,
  ref: string,
  config: C,
  runDir: string,
  backend: string | null,
  flags: Flags = {},
): Promise<Run> {
  const study = exp as unknown as AnyExperiment;
  const dir = resolve(runDir);
  const units = unitsOf(study, config);
  let existing: RunFile | null = null;
  try {
    await Deno.stat(configPath(dir));
    existing = await readRunFile(dir);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  if (existing) {
    if (existing.experiment !== exp.name) {
      throw new InputError(`${runDir} holds a run of ${existing.experiment}; use another --out`);
    }
    if (JSON.stringify(existing.config) !== JSON.stringify(config)) {
      throw new InputError(
        `${runDir} holds a run with a different config; continue it with --resume ${runDir} or use another --out`,
      );
    }
    if (backend !== null && existing.backend !== null && existing.backend !== backend) {
      log(
        `warning: ${runDir} was started on ${existing.backend}; its next units run on ${backend}`,
      );
    }
  } else {
    const file: RunFile = { experiment: exp.name, backend, config };
    await writeFileAtomic(configPath(dir), JSON.stringify(file, null, 2) + "\n");
  }
  return { experiment: study, ref, config, units, runDir: dir, flags };
}

/**
 * Opens the run in `runDir` with its saved config, validated against the study's current
 * schema (a config the study no longer accepts is a one-line error).
 *
 * @example
 * ```ts
 * import { may2025, openRun } from "@prevision/prevision/studies";
 * const run = await openRun(may2025, "may2025", "runs/may2025-quick");
 * ```
 */
export async function openRun<C extends { preset: Preset }, P, R>(
  exp: Experiment<C, P, R>,
  ref: string,
  runDir: string,
  flags: Flags = {},
): Promise<Run> {
  const study = exp as unknown as AnyExperiment;
  const file = await readRunFile(runDir);
  if (file.experiment !== exp.name) {
    throw new InputError(`${runDir} is a run of ${file.experiment}, not of ${exp.name}`);
  }
  let config: { preset: Preset };
  try {
    config = validateConfig(study, file.config);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new InputError(
      `${configPath(runDir)} no longer fits ${exp.name}'s config: ${errorMessage(error)}`,
    );
  }
  const dir = resolve(runDir);
  return { experiment: study, ref, config, units: unitsOf(study, config), runDir: dir, flags };
}

/**
 * The results that exist in a run folder, by unit key (units without a readable result are
 * left out).
 *
 * @example
 * ```ts
 * import { may2025, openRun, readResults } from "@prevision/prevision/studies";
 * const results = await readResults(await openRun(may2025, "may2025", "runs/may2025-quick"));
 * ```
 */
export async function readResults(run: Run): Promise<Map<string, unknown>> {
  const results = new Map<string, unknown>();
  for (const unit of run.units) {
    try {
      results.set(unit.key, JSON.parse(await Deno.readTextFile(unitPath(run.runDir, unit.key))));
    } catch {
      // not done yet
    }
  }
  return results;
}

/**
 * Units of a run that have no result yet, in the study's order.
 *
 * @example
 * ```ts
 * import { may2025, openRun, pendingUnits } from "@prevision/prevision/studies";
 * const todo = await pendingUnits(await openRun(may2025, "may2025", "runs/may2025-quick"));
 * ```
 */
export async function pendingUnits(run: Run): Promise<Unit<unknown>[]> {
  const pending: Unit<unknown>[] = [];
  for (const unit of run.units) {
    try {
      await Deno.stat(unitPath(run.runDir, unit.key));
    } catch {
      pending.push(unit);
    }
  }
  return pending;
}
