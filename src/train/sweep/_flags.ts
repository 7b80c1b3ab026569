/** Slurm/k8s resource flags, checked so that nothing odd reaches an #SBATCH line. */
import type { Flags } from "../../cli/command.ts";
import { numberFlag } from "../../cli/command.ts";
import { InputError } from "../../util/errors.ts";
import type { SlurmResources } from "./_sbatch.ts";

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
