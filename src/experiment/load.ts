/**
 * Finds the study a command runs: a name in the registry the caller passes in (the top-level
 * cli.ts passes `src/studies/registry.ts`, so this layer never imports the studies), or a
 * path to any module that exports `experiment` — so a lab can run its own study without
 * registering it.
 *
 * @module
 */
import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { InputError } from "../util/errors.ts";
import { type AnyExperiment, PRESETS } from "./contract.ts";

/** Studies by name, each loaded on demand (the shape of `src/studies/registry.ts`). */
export type StudyLoaders = Record<string, () => Promise<AnyExperiment>>;

/** A loaded study and how worker processes name it again. */
export interface LoadedStudy {
  /** The study. */
  experiment: AnyExperiment;
  /** What workers pass back to `cli.ts sweep`: the registered name or an absolute path. */
  ref: string;
}

/**
 * Whether `name` is meant as a module path rather than a registered name.
 *
 * @example
 * ```ts
 * import { isModulePath } from "@prevision/prevision/experiment";
 * isModulePath("./my_study.ts"); // true
 * isModulePath("may2025"); // false
 * ```
 */
export function isModulePath(name: string): boolean {
  return name.includes("/") || /\.(m?[jt]s|tsx?)$/.test(name);
}

function checkShape(value: unknown, where: string): AnyExperiment {
  const exp = value as Partial<AnyExperiment> | undefined;
  const ok = exp && typeof exp === "object" && typeof exp.name === "string" &&
    typeof (exp.schema as { safeParse?: unknown } | undefined)?.safeParse === "function" &&
    typeof exp.presets === "object" && PRESETS.every((p) => exp.presets?.[p] !== undefined) &&
    typeof exp.units === "function" && typeof exp.runUnit === "function" &&
    typeof exp.report === "function";
  if (!ok) {
    throw new InputError(
      `${where} exports no 'experiment' with a schema, presets and units (see src/experiment/contract.ts)`,
    );
  }
  return exp as AnyExperiment;
}

/**
 * Loads a study by registered name or module path; a module that exports no study is a
 * one-line error.
 *
 * @example
 * ```ts
 * import { loadStudy } from "@prevision/prevision/experiment";
 * const { experiment } = await loadStudy({}, "./my_study.ts");
 * ```
 */
export async function loadStudy(studies: StudyLoaders, name: string): Promise<LoadedStudy> {
  if (Object.hasOwn(studies, name)) {
    return { experiment: checkShape(await studies[name](), `study '${name}'`), ref: name };
  }
  if (!isModulePath(name)) {
    throw new InputError(
      `unknown study '${name}'; expected one of ${Object.keys(studies).join(", ")}`,
    );
  }
  const path = isAbsolute(name) ? name : resolve(name);
  let module: Record<string, unknown>;
  try {
    // A template with a literal scheme: `deno publish` cannot analyse a fully computed
    // specifier and warns about it; this one it recognises as a file URL.
    module = await import(`file://${pathToFileURL(path).pathname}`);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new InputError(`cannot load study module ${name}: ${reason}`);
  }
  return { experiment: checkShape(module.experiment, name), ref: path };
}
