/**
 * `deno task sweep <experiment> [--quick|--full] [experiment flags] --runner local|slurm|k8s`:
 * runs an experiment's units over worker processes on this machine, as a Slurm job array, or
 * writes a Kubernetes Indexed Job. `<experiment>` is a registered name or a path to a module
 * exporting `experiment`. Worker processes and array tasks call the same command with
 * `--unit KEY`; the aggregation job calls it with `--aggregate`.
 */
import { join } from "node:path";
import type { Command, Flags, FlagSpec } from "../cli/command.ts";
import { choiceFlag, numberFlag } from "../cli/command.ts";
import { EXPERIMENT_FLAGS } from "./experiment_command.ts";
import { defaultRunDir } from "./runner.ts";
import { InputError } from "../util/errors.ts";
import { log } from "../util/log.ts";
import {
  aggregate,
  type AnyExperiment,
  isModulePath,
  loadExperiment,
  makePlan,
  registeredNames,
  requireSlurm,
  runLocal,
  runSlurm,
  runUnitOnce,
  type SweepPlan,
  writeK8sManifest,
} from "./sweep/index.ts";
import { resourcesFrom } from "./sweep/_flags.ts";

/** Flags of `sweep` besides the experiment's own. */
export const SWEEP_FLAGS: Record<string, FlagSpec> = {
  runner: { type: "string", description: "local | slurm | k8s (default local)" },
  workers: {
    type: "string",
    description: "local: worker processes (default: cores); k8s: pods at once (all)",
  },
  attempts: { type: "string", description: "attempts per unit before it counts as failed (2)" },
  resume: {
    type: "boolean",
    description: "reuse the config in --out; slurm: resubmit the units without a result",
  },
  "dry-run": { type: "boolean", description: "slurm/k8s: only write the scripts/manifest" },
  wait: { type: "boolean", description: "slurm: wait for the array and the report job" },
  aggregate: { type: "boolean", description: "only build the report from the done units" },
  cpus: { type: "string", description: "slurm/k8s: CPUs per task (1)" },
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

function workerArgsFrom(flags: Flags): string[] {
  return typeof flags.backend === "string" ? ["--backend", flags.backend] : [];
}

/** Config for this sweep: the run folder's saved config when resuming, else from the flags. */
async function configFor(exp: AnyExperiment, flags: Flags): Promise<unknown> {
  if (typeof flags.out === "string") {
    try {
      const saved = JSON.parse(await Deno.readTextFile(join(flags.out, "config.json")));
      const explicit = Object.keys({ ...exp.flags, quick: 1, full: 1 }).some((name) =>
        flags[name] !== undefined && flags[name] !== (exp.flags[name]?.default)
      );
      if (flags.unit !== undefined || flags.aggregate || (flags.resume && !explicit)) {
        return saved.config;
      }
    } catch {
      if (flags.unit !== undefined || flags.aggregate || flags.resume) {
        throw new InputError(`${flags.out} has no config.json of a sweep to resume`);
      }
    }
  } else if (flags.unit !== undefined || flags.aggregate || flags.resume) {
    throw new InputError("--unit, --aggregate and --resume need --out RUN_DIR");
  }
  return exp.configure(flags);
}

async function sweep(exp: AnyExperiment, ref: string, needsBackend: boolean, flags: Flags) {
  const runner = choiceFlag(flags, "runner", ["local", "slurm", "k8s"] as const, "local");
  if (flags.quick && flags.full) throw new InputError("--quick and --full exclude each other");
  if (runner === "k8s" && !flags["dry-run"] && !flags.unit && !flags.aggregate) {
    throw new InputError("--runner k8s only writes a manifest: add --dry-run");
  }
  const attempts = numberFlag(flags, "attempts", 2, { integer: true, min: 1, max: 10 });
  const cores = navigator.hardwareConcurrency ?? 1;
  const workers = numberFlag(flags, "workers", cores, { integer: true, min: 1, max: 1024 });
  const chunk = numberFlag(flags, "chunk", 1, { integer: true, min: 1 });
  const maxParallel = flags["max-parallel"] === undefined
    ? undefined
    : numberFlag(flags, "max-parallel", 1, { integer: true, min: 1 });
  const resources = resourcesFrom(flags);
  const cluster = !flags.unit && !flags.aggregate && !flags["dry-run"];
  if (runner === "slurm" && cluster) await requireSlurm();
  const t0 = performance.now();
  const config = await configFor(exp, flags);
  if (exp.units(config).length === 0) {
    throw new InputError(`${exp.name}: this configuration has no units to sweep`);
  }
  const runDir = typeof flags.out === "string" ? flags.out : defaultRunDir(exp.name);
  const plan: SweepPlan = await makePlan(exp, ref, config, runDir);
  if (typeof flags.unit === "string") {
    if (needsBackend) {
      const { parseBackend, useBackend } = await import("../backend/select.ts");
      await useBackend(parseBackend(flags.backend as string | undefined));
    }
    return { experiment: exp.name, ...(await runUnitOnce(plan, flags.unit)) };
  }
  const paths = { out: plan.runDir, config: join(plan.runDir, "config.json") };
  const base = { experiment: exp.name, runner, out: plan.runDir };
  if (flags.aggregate) {
    const agg = await aggregate(plan);
    return {
      ...base,
      runner: "aggregate",
      units: agg.units,
      paths: { ...paths, summary: agg.summaryPath },
      report: agg.report,
    };
  }
  if (runner === "local") {
    const outcome = await runLocal(plan, { workers, attempts, workerArgs: workerArgsFrom(flags) });
    const agg = await aggregate(plan, outcome.failed);
    return {
      ...base,
      seconds: (performance.now() - t0) / 1000,
      ran: outcome.ran,
      units: { ...agg.units, failedKeys: outcome.failed },
      paths: { ...paths, units: join(plan.runDir, "units"), summary: agg.summaryPath },
      report: agg.report,
    };
  }
  if (runner === "k8s") {
    const k8s = await writeK8sManifest(plan, {
      image: typeof flags.image === "string" ? flags.image : "prevision:latest",
      pvc: typeof flags.pvc === "string" ? flags.pvc : "prevision-results",
      parallelism: flags.workers === undefined ? Number.MAX_SAFE_INTEGER : workers,
      chunk,
      attempts,
      cpus: resources.cpus,
      memory: resources.mem,
      workerArgs: workerArgsFrom(flags),
    });
    return {
      ...base,
      units: { total: plan.units.length, done: plan.units.length - k8s.pending, failed: 0 },
      completions: k8s.completions,
      paths: { ...paths, manifest: k8s.manifest },
    };
  }
  const outcome = await runSlurm(plan, {
    resources,
    chunk,
    maxParallel,
    attempts,
    workerArgs: workerArgsFrom(flags),
    deno: typeof flags.deno === "string" ? flags.deno : Deno.execPath(),
    dryRun: flags["dry-run"] === true,
    resume: flags.resume === true,
    wait: flags.wait === true,
  });
  const slurmPaths = {
    ...paths,
    arrayScript: outcome.arrayScript,
    aggregateScript: outcome.aggregateScript,
    submitScript: outcome.submitScript,
    summary: join(plan.runDir, "sweep", "summary.json"),
  };
  const jobs = outcome.submission
    ? { array: outcome.submission.arrayJob, aggregate: outcome.submission.aggregateJob }
    : null;
  if (outcome.waited || (outcome.pending === 0 && !flags["dry-run"])) {
    const agg = await aggregate(plan, outcome.failed);
    return { ...base, jobs, units: agg.units, paths: slurmPaths, report: agg.report };
  }
  const total = plan.units.length;
  return {
    ...base,
    jobs,
    units: {
      total,
      done: total - outcome.pending,
      failed: 0,
      submitted: jobs ? outcome.pending : 0,
    },
    paths: slurmPaths,
  };
}

function sweepCommandFor(name: string): Command {
  return {
    name,
    summary: `Sweep the units of ${name} locally, on Slurm or on Kubernetes.`,
    flags: { ...EXPERIMENT_FLAGS, ...SWEEP_FLAGS },
  };
}

async function loadSweepCommand(name: string): Promise<Command> {
  let loaded;
  try {
    loaded = await loadExperiment(name);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    // Parse the sweep's flags, then say why this experiment cannot be swept.
    return { ...sweepCommandFor(name), run: () => Promise.reject(error) };
  }
  const { experiment, ref, needsBackend } = loaded;
  for (const flag of Object.keys(experiment.flags)) {
    if (flag in SWEEP_FLAGS && !(flag in EXPERIMENT_FLAGS)) {
      log(`warning: ${name}'s flag --${flag} is shadowed by the sweep's --${flag}`);
    }
  }
  return {
    name,
    summary: `Sweep the units of ${name}: ${experiment.summary}`,
    flags: { ...EXPERIMENT_FLAGS, ...experiment.flags, ...SWEEP_FLAGS },
    run: (flags) => sweep(experiment, ref, needsBackend, flags),
  };
}

/**
 * Subcommands: every registered experiment, and (through `has`) any module path, which
 * `runCli` then resolves like a name.
 */
const targets = new Proxy({} as Record<string, () => Promise<Command>>, {
  ownKeys: () => registeredNames(),
  getOwnPropertyDescriptor: (_t, key) =>
    typeof key === "string" && registeredNames().includes(key)
      ? { enumerable: true, configurable: true, value: () => loadSweepCommand(key) }
      : undefined,
  has: (_t, key) =>
    typeof key === "string" && (registeredNames().includes(key) || isModulePath(key)),
  get: (_t, key) => typeof key === "string" ? () => loadSweepCommand(key) : undefined,
});

/** `deno task sweep <experiment> …`. */
export const sweepCommand: Command = {
  name: "sweep",
  summary:
    "Run an experiment's units over local workers (--runner local), a Slurm job array (--runner slurm) or a Kubernetes Indexed Job (--runner k8s --dry-run). <experiment> is a registered name or a module path exporting `experiment`.",
  flags: {},
  subcommands: targets,
};
