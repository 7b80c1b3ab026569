/** The text of the sbatch scripts the Slurm runner writes (see slurm.ts). */
import { shJoin, shq } from "./_shell.ts";

/** Per-task resources and placement of the job array (and the aggregation job). */
export interface SlurmResources {
  /** CPUs per task (also the task's kernel threads). */
  cpus: number;
  /** Slurm memory string, e.g. `4G`. */
  mem: string;
  /** Slurm time string, e.g. `02:00:00`. */
  time: string;
  /** Partition (the site's default when absent). */
  partition?: string;
  /** Account to charge (the site's default when absent). */
  account?: string;
  /** Extra `#SBATCH` options, e.g. `--qos=short`. */
  extra: string[];
}

function header(name: string, res: SlurmResources, log: string, cwd: string): string[] {
  const lines = [
    "#!/bin/bash",
    `#SBATCH --job-name=${name}`,
    `#SBATCH --cpus-per-task=${res.cpus}`,
    `#SBATCH --mem=${res.mem}`,
    `#SBATCH --time=${res.time}`,
  ];
  if (res.partition) lines.push(`#SBATCH --partition=${res.partition}`);
  if (res.account) lines.push(`#SBATCH --account=${res.account}`);
  lines.push(`#SBATCH --output=${log}`, `#SBATCH --chdir=${cwd}`);
  for (const option of res.extra) lines.push(`#SBATCH ${option}`);
  return lines;
}

/** The job-array script: task i runs units i·chunk+1 … (i+1)·chunk of the units file. */
export function arrayScript(opts: {
  name: string;
  res: SlurmResources;
  tasks: number;
  maxParallel?: number;
  logDir: string;
  cwd: string;
  unitsFile: string;
  chunk: number;
  attempts: number;
  /** Worker argv without `--unit KEY`. */
  worker: string[];
}): string {
  const throttle = opts.maxParallel ? `%${opts.maxParallel}` : "";
  return [
    ...header(opts.name, opts.res, `${opts.logDir}/%A_%a.log`, opts.cwd),
    `#SBATCH --array=0-${opts.tasks - 1}${throttle}`,
    "# Written by `deno task sweep --runner slurm`: one array task per chunk of units.",
    "set -u",
    "export NO_COLOR=1",
    "# Kernel threads: the task's CPUs (unless PREVISION_THREADS is set).",
    'export PREVISION_THREADS="${PREVISION_THREADS:-${SLURM_CPUS_PER_TASK:-1}}"',
    `UNITS=${shq(opts.unitsFile)}`,
    `CHUNK=${opts.chunk}`,
    `ATTEMPTS=${opts.attempts}`,
    "first=$(( SLURM_ARRAY_TASK_ID * CHUNK + 1 ))",
    "last=$(( first + CHUNK - 1 ))",
    "status=0",
    'for key in $(sed -n "${first},${last}p" "$UNITS"); do',
    "  ok=0",
    '  for attempt in $(seq 1 "$ATTEMPTS"); do',
    `    if ${shJoin(opts.worker)} --unit "$key"; then ok=1; break; fi`,
    '    echo "unit $key: attempt $attempt of $ATTEMPTS failed" >&2',
    "  done",
    '  [ "$ok" = 1 ] || status=1',
    "done",
    'exit "$status"',
    "",
  ].join("\n");
}

/** The aggregation script: builds the report from whatever units are done. */
export function aggregateScript(opts: {
  name: string;
  res: SlurmResources;
  logDir: string;
  cwd: string;
  /** Worker argv without `--aggregate`. */
  worker: string[];
}): string {
  return [
    ...header(
      `${opts.name}-report`,
      { ...opts.res, cpus: 1 },
      `${opts.logDir}/report_%j.log`,
      opts.cwd,
    ),
    "# Written by `deno task sweep --runner slurm`: runs after the array (afterany).",
    "set -u",
    "export NO_COLOR=1",
    `exec ${shJoin(opts.worker)} --aggregate --json`,
    "",
  ].join("\n");
}

/** A script that submits the array and then the dependent aggregation job (for --dry-run). */
export function submitScript(array: string, aggregate: string): string {
  return [
    "#!/bin/bash",
    "# Submits the job array, then the aggregation job that runs once the array has ended.",
    "set -eu",
    `array=$(sbatch --parsable ${shq(array)})`,
    "array=${array%%;*}",
    `sbatch --parsable --dependency=afterany:"$array" ${shq(aggregate)}`,
    "",
  ].join("\n");
}
