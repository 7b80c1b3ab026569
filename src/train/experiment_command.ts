/**
 * Adapts an {@link Experiment} to a CLI {@link Command}: `deno task train <name>` runs the
 * whole experiment; `--unit KEY --out DIR` runs one unit of an existing run folder (what
 * worker processes and cluster array tasks do).
 */
import { join } from "node:path";
import type { Command, FlagSpec } from "../cli/command.ts";
import type { Experiment } from "./experiment.ts";
import { runExperiment, runOptionsFrom, runUnitInProcess } from "./runner.ts";
import { InputError } from "../util/errors.ts";

/** Flags every experiment accepts. */
export const EXPERIMENT_FLAGS: Record<string, FlagSpec> = {
  quick: {
    type: "boolean",
    description: "small sizes that finish in minutes on 2 cores (default)",
  },
  full: { type: "boolean", description: "the paper's sizes" },
  out: { type: "string", description: "run folder (default runs/<experiment>-<timestamp>)" },
  workers: { type: "string", description: "parallel worker processes (default: one per core)" },
  attempts: { type: "string", description: "attempts per unit before it counts as failed (2)" },
  unit: { type: "string", description: "run only this unit of the run folder given by --out" },
  resume: {
    type: "string",
    description: "continue the run in this folder (with its saved config) from its checkpoints",
  },
};

/** Reads the config a run folder was started with. */
async function savedConfig<C>(runDir: string): Promise<C> {
  const text = await Deno.readTextFile(join(runDir, "config.json")).catch(() => {
    throw new InputError(`${runDir} has no config.json (not a run folder)`);
  });
  return JSON.parse(text).config as C;
}

/** Builds the `train <name>` command for an experiment. */
export function experimentCommand<C, R>(exp: Experiment<C, R>): Command {
  return {
    name: exp.name,
    summary: exp.summary,
    flags: { ...EXPERIMENT_FLAGS, ...exp.flags },
    async run(flags) {
      if (flags.quick && flags.full) throw new InputError("--quick and --full exclude each other");
      if (typeof flags.unit === "string") {
        if (typeof flags.out !== "string") throw new InputError("--unit needs --out RUN_DIR");
        const config = await savedConfig<C>(flags.out);
        const unit = exp.units(config).find((u) => u.key === flags.unit);
        if (!unit) throw new InputError(`unknown unit '${flags.unit}' for ${exp.name}`);
        await runUnitInProcess(exp, config, unit, flags.out);
        return { experiment: exp.name, unit: unit.key, out: flags.out };
      }
      const t0 = performance.now();
      if (typeof flags.resume === "string" && typeof flags.out === "string") {
        throw new InputError("--resume DIR already names the run folder; drop --out");
      }
      const config = typeof flags.resume === "string"
        ? await savedConfig<C>(flags.resume)
        : exp.configure(flags);
      const units = exp.units(config);
      if (units.length === 0) throw new InputError(`${exp.name}: this configuration has no units`);
      const opts = runOptionsFrom(
        typeof flags.resume === "string" ? { ...flags, out: flags.resume } : flags,
        exp.name,
        units.length,
      );
      const summary = await runExperiment(exp, config, opts);
      return {
        experiment: exp.name,
        out: opts.runDir,
        seconds: (performance.now() - t0) / 1000,
        ...summary,
      };
    },
  };
}
