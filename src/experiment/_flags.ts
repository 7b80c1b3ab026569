/**
 * The executor's own flags (those of `train` and `sweep`, and the cluster ones of `sweep`),
 * and the Slurm/k8s resource flags, checked so that nothing odd reaches an #SBATCH line.
 */
import type { Flags, FlagSpec } from "../cli/command.ts";
import { numberFlag } from "../cli/command.ts";
import { InputError } from "../util/errors.ts";
import type { SlurmResources } from "./_sbatch.ts";

/** Flags of `train <study>` and `sweep <study>` besides the study's config flags. */
export const RUN_FLAGS: Record<string, FlagSpec> = {
  out: {
    type: "string",
    arg: "dir",
    description: "folder of a new run (default runs/<study>-<UTC time>)",
  },
  resume: {
    type: "string",
    arg: "dir",
    description: "continue the run in this folder, with its saved config",
  },
  workers: {
    type: "string",
    arg: "n",
    description:
      "worker processes (default: one per core when there are several units; 1 runs the units in this process)",
  },
  attempts: {
    type: "string",
    arg: "n",
    description: "attempts per unit before it counts as failed (2)",
  },
  unit: {
    type: "string",
    arg: "key",
    description: "run only this unit of the run in --out (what workers do)",
  },
  "restart-unit": {
    type: "boolean",
    description:
      "a unit whose saved training state cannot be loaded trains again from the start (default: stop with an error naming it)",
  },
  aggregate: {
    type: "boolean",
    description: "only build the report from the units done (of --out or --resume)",
  },
};

/** Flags `sweep <study>` adds for its runners. */
export const SWEEP_FLAGS: Record<string, FlagSpec> = {
  runner: { type: "string", description: "local | slurm | k8s (default local)" },
  "dry-run": { type: "boolean", description: "slurm/k8s: only write the scripts/manifest" },
  wait: { type: "boolean", description: "slurm: wait for the array and the report job" },
  cpus: { type: "string", description: "slurm/k8s: CPUs (and kernel threads) per task (1)" },
  mem: { type: "string", description: "slurm/k8s: memory per task, e.g. 4G (2G)" },
  time: { type: "string", description: "slurm: time limit per array task (01:00:00)" },
  partition: { type: "string", description: "slurm: partition" },
  account: { type: "string", description: "slurm: account" },
  chunk: { type: "string", description: "slurm/k8s: units per array task (1)" },
  "max-parallel": { type: "string", description: "slurm: at most N array tasks at once" },
  "sbatch-option": {
    type: "string",
    multiple: true,
    description: "slurm: extra #SBATCH option, e.g. --qos=short",
  },
  deno: { type: "string", description: "slurm: deno executable on the nodes (this one)" },
  image: { type: "string", description: "k8s: image with deno and this checkout at /app" },
  pvc: { type: "string", description: "k8s: PersistentVolumeClaim for the results" },
};

function pattern(flags: Flags, name: string, re: RegExp, what: string): string | undefined {
  const raw = flags[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== "string" || !re.test(raw)) {
    throw new InputError(`--${name} must be ${what}, got '${raw}'`);
  }
  return raw;
}

/** Reads --cpus, --mem, --time, --partition, --account and --sbatch-option. */
export function resourcesFrom(flags: Flags): SlurmResources {
  const extra = flags["sbatch-option"];
  const options = extra === undefined ? [] : Array.isArray(extra) ? extra : [String(extra)];
  for (const option of options) {
    if (!/^--?[A-Za-z][\w-]*(=[\w.,:%@+\/=-]+)?$/.test(option)) {
      throw new InputError(`--sbatch-option must look like --name=value, got '${option}'`);
    }
  }
  return {
    cpus: numberFlag(flags, "cpus", 1, { integer: true, min: 1, max: 1024 }),
    mem: pattern(flags, "mem", /^\d+[KMGT]?$/, "a Slurm memory size such as 4G or 500M") ?? "2G",
    time: pattern(
      flags,
      "time",
      /^(\d+-)?\d+(:\d\d){0,2}$/,
      "a Slurm time such as 30, 02:00:00 or 1-12:00:00",
    ) ?? "01:00:00",
    partition: pattern(flags, "partition", /^[\w.-]+$/, "a partition name"),
    account: pattern(flags, "account", /^[\w.-]+$/, "an account name"),
    extra: options,
  };
}
