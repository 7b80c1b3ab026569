/**
 * The `train` and `sweep` commands. `train <study> [flags]` is exactly `sweep <study>
 * --runner local [flags]`: the same run folder, the same flags besides the cluster ones.
 * A study's flags are its presets (`--tiny`, `--quick`, `--standard`, `--full`), the flags
 * derived from its config schema and its extra flags; the executor adds `--out`, `--resume`,
 * `--workers`, `--attempts`, `--unit` and `--aggregate`. `<study>` is a name in the registry
 * the caller passes in, or a path to a module that exports `experiment`.
 *
 * @module
 */
import { type Command, COMMON_FLAGS, type FlagSpec } from "../cli/command.ts";
import { errorMessage, InputError } from "../util/errors.ts";
import { configFlags, PRESET_FLAGS } from "./config_flags.ts";
import { RUN_FLAGS, SWEEP_FLAGS } from "./_flags.ts";
import { runStudy } from "./_run_study.ts";
import { isModulePath, type LoadedStudy, loadStudy, type StudyLoaders } from "./load.ts";
import { readRunFile } from "./run_dir.ts";

type Mode = "train" | "sweep";

function executorFlags(mode: Mode): Record<string, FlagSpec> {
  if (mode === "train") return RUN_FLAGS;
  return {
    ...RUN_FLAGS,
    workers: {
      ...RUN_FLAGS.workers,
      description: `${RUN_FLAGS.workers.description}; k8s: pods at once (all)`,
    },
    ...SWEEP_FLAGS,
  };
}

/**
 * The command of one study. Its own flags may not take the executor's names (a config field
 * called `backend` is the one exception: `--backend` then also sets it).
 */
function studyCommand(study: LoadedStudy, mode: Mode): Command {
  const exp = study.experiment;
  const own: Record<string, FlagSpec> = { ...PRESET_FLAGS };
  for (const [name, spec] of Object.entries({ ...configFlags(exp.schema), ...exp.extraFlags })) {
    if (name in own) throw new Error(`${exp.name}: flag --${name} is defined twice`);
    own[name] = spec;
  }
  const executor = executorFlags(mode);
  for (const name of Object.keys(own)) {
    if (name in executor || (name in COMMON_FLAGS && name !== "backend")) {
      throw new Error(`${exp.name}: its flag --${name} collides with the executor's --${name}`);
    }
  }
  const where = mode === "train"
    ? "in this process or on local worker processes"
    : "locally, on Slurm or on Kubernetes";
  return {
    name: exp.name,
    summary:
      `${exp.summary}\nRuns its units ${where}; the presets set every size, the flags below override them.`,
    flags: { ...own, ...executor },
    needsBackend: exp.needsBackend !== false,
    run: (flags) => runStudy(study, mode, flags),
  };
}

/** A command that parses the executor's flags, then reports why the study did not load. */
function unloadable(name: string, mode: Mode, error: unknown): Command {
  return {
    name,
    summary: `(cannot be loaded: ${errorMessage(error)})`,
    flags: executorFlags(mode),
    run: () => Promise.reject(error),
  };
}

/** The study commands: every registered name, plus (through `has`) any module path. */
function studyCommands(studies: StudyLoaders, mode: Mode): Record<string, () => Promise<Command>> {
  const names = () => Object.keys(studies);
  const load = (name: string) => async (): Promise<Command> => {
    try {
      return studyCommand(await loadStudy(studies, name), mode);
    } catch (error) {
      if (!(error instanceof InputError) && !isModulePath(name)) throw error;
      return unloadable(name, mode, error);
    }
  };
  return new Proxy({} as Record<string, () => Promise<Command>>, {
    ownKeys: () => names(),
    getOwnPropertyDescriptor: (_t, key) =>
      typeof key === "string" && names().includes(key)
        ? { enumerable: true, configurable: true, value: load(key) }
        : undefined,
    has: (_t, key) => typeof key === "string" && (names().includes(key) || isModulePath(key)),
    get: (_t, key) => typeof key === "string" ? load(key) : undefined,
  });
}

/**
 * The study of the run that `--resume DIR` names (when it is a registered one), so that
 * `train --resume DIR` needs no study name.
 */
function studyOfResume(studies: StudyLoaders) {
  return async (argv: string[]): Promise<string | undefined> => {
    let dir: string | undefined;
    argv.forEach((arg, i) => {
      if (arg === "--resume") dir = argv[i + 1];
      else if (arg.startsWith("--resume=")) dir = arg.slice("--resume=".length);
    });
    if (dir === undefined) return undefined;
    const { experiment } = await readRunFile(dir);
    if (Object.hasOwn(studies, experiment)) return experiment;
    throw new InputError(
      `${dir} is a run of ${experiment}, which is not a registered study: name its module before --resume`,
    );
  };
}

/**
 * `deno task train [study] [flags]`: runs a study's units in this process or on local
 * worker processes; `train --resume DIR` continues a run (whatever its study).
 *
 * @example
 * ```ts
 * import { trainCommand } from "@prevision/prevision/experiment";
 * const train = trainCommand({}, "may2025");
 * train.name; // "train"
 * ```
 */
export function trainCommand(studies: StudyLoaders, defaultStudy: string): Command {
  return {
    name: "train",
    summary:
      `Run a study (default: ${defaultStudy}) into one run folder: config.json, units/, report.md, summary.json, figures/.\n` +
      "`train --resume DIR` continues a run with its saved config.",
    positionals: "<study>",
    flags: {},
    subcommands: studyCommands(studies, "train"),
    defaultSubcommand: defaultStudy,
    pickSubcommand: studyOfResume(studies),
  };
}

/**
 * `deno task sweep <study> --runner local|slurm|k8s [flags]`: the units of a study over
 * local workers, a Slurm job array or a Kubernetes Indexed Job (`--dry-run`).
 *
 * @example
 * ```ts
 * import { sweepCommand } from "@prevision/prevision/experiment";
 * const sweep = sweepCommand({});
 * sweep.name; // "sweep"
 * ```
 */
export function sweepCommand(studies: StudyLoaders): Command {
  return {
    name: "sweep",
    summary:
      "Run a study's units over local worker processes (--runner local, the same as `train`), a Slurm job array (--runner slurm) or a Kubernetes Indexed Job (--runner k8s --dry-run).\n" +
      "<study> is a registered name or the path of a module exporting `experiment`.",
    positionals: "<study>",
    flags: {},
    subcommands: studyCommands(studies, "sweep"),
    pickSubcommand: studyOfResume(studies),
  };
}
