/**
 * Finds the {@link Experiment} a sweep runs: a name registered in
 * `src/train/experiments/index.ts` (`EXPERIMENT_DEFS`, or a module `experiments/<name>.ts`
 * that exports `experiment`), or a path to any module that exports `experiment` — so a lab
 * can sweep its own experiments without registering them.
 */
import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Experiment } from "../experiment.ts";
import { EXPERIMENT_DEFS, EXPERIMENTS } from "../experiments/index.ts";
import { InputError } from "../../util/errors.ts";

/** Any experiment, whatever its config and result types. */
export type AnyExperiment = Experiment<unknown, unknown>;

/** A loaded experiment and how worker processes name it again. */
export interface ExperimentRef {
  experiment: AnyExperiment;
  /** What workers pass back to `cli.ts sweep`: the registered name or an absolute path. */
  ref: string;
  /**
   * Whether a unit expects a tfjs backend to be initialised before it runs (its `train`
   * command says `needsBackend`, or its module exports `needsBackend = true`).
   */
  needsBackend: boolean;
}

async function trainCommandNeedsBackend(name: string): Promise<boolean> {
  if (!(name in EXPERIMENTS)) return false;
  return (await EXPERIMENTS[name]()).needsBackend === true;
}

/** Whether `name` is meant as a module path rather than a registered name. */
export function isModulePath(name: string): boolean {
  return name.includes("/") || /\.(m?[jt]s|tsx?)$/.test(name);
}

function checkShape(value: unknown, where: string): AnyExperiment {
  const exp = value as Partial<AnyExperiment> | undefined;
  const ok = exp && typeof exp === "object" && typeof exp.name === "string" &&
    typeof exp.configure === "function" && typeof exp.units === "function" &&
    typeof exp.runUnit === "function" && typeof exp.report === "function";
  if (!ok) {
    throw new InputError(
      `${where} has no units: it exports no unit-based 'experiment' (see src/train/experiment.ts), so it cannot be swept`,
    );
  }
  return exp as AnyExperiment;
}

/** Every registered experiment name (unit-based or not), for the sweep's subcommands. */
export function registeredNames(): string[] {
  return [...new Set([...Object.keys(EXPERIMENTS), ...Object.keys(EXPERIMENT_DEFS)])];
}

/** Loads an experiment by registered name or module path; InputError when it has no units. */
export async function loadExperiment(name: string): Promise<ExperimentRef> {
  if (isModulePath(name)) {
    const path = isAbsolute(name) ? name : resolve(name);
    let module: Record<string, unknown>;
    try {
      module = await import(pathToFileURL(path).href);
    } catch (error) {
      const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
      throw new InputError(`cannot load experiment module ${name}: ${reason}`);
    }
    const command = module.command as { needsBackend?: boolean } | undefined;
    return {
      experiment: checkShape(module.experiment, name),
      ref: path,
      needsBackend: module.needsBackend === true || command?.needsBackend === true,
    };
  }
  if (name in EXPERIMENT_DEFS) {
    const experiment = checkShape(await EXPERIMENT_DEFS[name](), name);
    return { experiment, ref: name, needsBackend: await trainCommandNeedsBackend(name) };
  }
  if (!(name in EXPERIMENTS)) {
    throw new InputError(`unknown experiment '${name}'; expected one of ${registeredNames()}`);
  }
  // Registered as a Command only: its module may still export the Experiment.
  let module: Record<string, unknown> = {};
  try {
    module = await import(`../experiments/${name}.ts`);
  } catch {
    module = {};
  }
  return {
    experiment: checkShape(module.experiment, `experiment '${name}'`),
    ref: name,
    needsBackend: await trainCommandNeedsBackend(name),
  };
}
