/**
 * What `train <study>` and `sweep <study>` do once their flags are parsed: pick the run
 * folder and config (new, continued, or resumed from config.json), then run one unit, build
 * the report only, or hand the pending units to the local, Slurm or Kubernetes runner.
 */
import { choiceFlag, type Flags, numberFlag } from "../cli/command.ts";
import { InputError } from "../util/errors.ts";
import { configFlags, configure, PRESET_FLAGS } from "./config_flags.ts";
import type { AnyExperiment } from "./contract.ts";
import { resourcesFrom } from "./_flags.ts";
import { writeK8sManifest } from "./k8s.ts";
import type { LoadedStudy } from "./load.ts";
import { runLocal } from "./local.ts";
import { requireSlurm, runSlurm, type SlurmOutcome } from "./slurm.ts";
import { createRun, defaultRunDir, openRun, type Run } from "./run_dir.ts";
import { writeReport } from "./report.ts";
import { runUnitOnce } from "./unit.ts";
import { watchParent } from "./_parent.ts";

/** Where the units of a run go. */
export const RUNNERS = ["local", "slurm", "k8s"] as const;

/** The values of the study's extra flags that were given. */
function extraValues(exp: AnyExperiment, flags: Flags): Flags {
  const values: Flags = {};
  for (const name of Object.keys(exp.extraFlags ?? {})) {
    if (flags[name] !== undefined) values[name] = flags[name];
  }
  return values;
}

/** Arguments every worker gets: the backend asked for and the study's extra flags. */
function forwardedArgs(exp: AnyExperiment, flags: Flags): string[] {
  const args = typeof flags.backend === "string" ? [`--backend=${flags.backend}`] : [];
  for (const [name, value] of Object.entries(extraValues(exp, flags))) {
    if (value === true) args.push(`--${name}`);
    else if (typeof value === "string") args.push(`--${name}=${value}`);
    else if (Array.isArray(value)) { for (const v of value) args.push(`--${name}=${v}`); }
  }
  return args;
}

/** A run continues with its saved config: config flags would be silently ignored, so refuse. */
function refuseConfigFlags(exp: AnyExperiment, flags: Flags, dir: string): void {
  const names = [...Object.keys(PRESET_FLAGS), ...Object.keys(configFlags(exp.schema))];
  // --backend picks this process's backend; a config field of that name keeps its saved value.
  const given = names.filter((name) => name !== "backend" && flags[name] !== undefined);
  if (given.length > 0) {
    throw new InputError(
      `--resume continues ${dir} with its saved config; drop ${
        given.map((n) => `--${n}`).join(" ")
      }`,
    );
  }
}

/** The backend config.json records (see RunFile.backend). */
async function backendOf(exp: AnyExperiment, runner: string, flags: Flags): Promise<string | null> {
  if (exp.needsBackend === false) return null;
  if (runner !== "local") return typeof flags.backend === "string" ? flags.backend : "auto";
  const { currentBackend } = await import("../backend/select.ts");
  return currentBackend();
}

function slurmResult(outcome: SlurmOutcome) {
  const jobs = outcome.submission
    ? { array: outcome.submission.arrayJob, aggregate: outcome.submission.aggregateJob }
    : null;
  const paths = {
    arrayScript: outcome.arrayScript,
    aggregateScript: outcome.aggregateScript,
    submitScript: outcome.submitScript,
  };
  return { jobs, paths };
}

/** Runs `train <study>` (`mode` train: always the local runner) or `sweep <study>`. */
export async function runStudy(
  study: LoadedStudy,
  mode: "train" | "sweep",
  flags: Flags,
): Promise<Record<string, unknown>> {
  const t0 = performance.now();
  const seconds = () => (performance.now() - t0) / 1000;
  const exp = study.experiment;
  const runner = mode === "train" ? "local" : choiceFlag(flags, "runner", RUNNERS, "local");
  const extra = extraValues(exp, flags);
  const restartUnit = flags["restart-unit"] === true;
  const workerArgs = [...forwardedArgs(exp, flags), ...(restartUnit ? ["--restart-unit"] : [])];
  const resume = typeof flags.resume === "string" ? flags.resume : undefined;
  const out = typeof flags.out === "string" ? flags.out : undefined;
  if (resume !== undefined && out !== undefined) {
    throw new InputError("--resume DIR already names the run folder; drop --out");
  }

  if (typeof flags.unit === "string") {
    if (out === undefined) throw new InputError("--unit needs --out RUN_DIR");
    const unwatch = watchParent();
    try {
      const run = await openRun(exp, study.ref, out, extra);
      return {
        experiment: exp.name,
        out: run.runDir,
        ...(await runUnitOnce(run, flags.unit, { restartUnit })),
      };
    } finally {
      await unwatch();
    }
  }
  if (flags.aggregate) {
    const dir = resume ?? out;
    if (dir === undefined) throw new InputError("--aggregate needs --resume RUN_DIR");
    const run = await openRun(exp, study.ref, dir, extra);
    return {
      ...(await writeReport(run, { seconds: seconds() })),
      out: run.runDir,
      runner: "aggregate",
    };
  }

  const dryRun = flags["dry-run"] === true;
  if (runner === "k8s" && !dryRun) {
    throw new InputError("--runner k8s only writes a manifest: add --dry-run");
  }
  const attempts = numberFlag(flags, "attempts", 2, { integer: true, min: 1, max: 10 });
  const chunk = numberFlag(flags, "chunk", 1, { integer: true, min: 1 });
  const maxParallel = flags["max-parallel"] === undefined
    ? undefined
    : numberFlag(flags, "max-parallel", 1, { integer: true, min: 1 });
  const resources = resourcesFrom(flags);
  if (runner === "slurm" && !dryRun) await requireSlurm();

  let run: Run;
  if (resume !== undefined) {
    refuseConfigFlags(exp, flags, resume);
    run = await openRun(exp, study.ref, resume, extra);
  } else {
    const config = configure(exp, flags);
    if (exp.units(config).length === 0) {
      throw new InputError(`${exp.name}: this configuration has no units`);
    }
    const backend = await backendOf(exp, runner, flags);
    run = await createRun(exp, study.ref, config, out ?? defaultRunDir(exp.name), backend, extra);
  }
  if (run.units.length === 0) throw new InputError(`${exp.name}: this configuration has no units`);
  const base = { experiment: exp.name, out: run.runDir, runner };

  if (runner === "local") {
    const cores = navigator.hardwareConcurrency ?? 1;
    const workers = numberFlag(flags, "workers", run.units.length > 1 ? cores : 1, {
      integer: true,
      min: 1,
      max: 1024,
    });
    const outcome = await runLocal(run, { workers, attempts, workerArgs, restartUnit });
    const summary = await writeReport(run, { seconds: seconds(), failed: outcome.failed });
    return {
      ...summary,
      ...base,
      ran: outcome.ran,
      workers: outcome.workers,
      threads: outcome.threads,
    };
  }
  if (runner === "k8s") {
    const k8s = await writeK8sManifest(run, {
      image: typeof flags.image === "string" ? flags.image : "prevision:latest",
      pvc: typeof flags.pvc === "string" ? flags.pvc : "prevision-results",
      parallelism: flags.workers === undefined
        ? Number.MAX_SAFE_INTEGER
        : numberFlag(flags, "workers", 1, { integer: true, min: 1, max: 100000 }),
      chunk,
      attempts,
      cpus: resources.cpus,
      memory: resources.mem,
      workerArgs,
    });
    const total = run.units.length;
    return {
      ...base,
      units: { total, done: total - k8s.pending, pending: k8s.pending },
      completions: k8s.completions,
      paths: { manifest: k8s.manifest },
    };
  }
  const outcome = await runSlurm(run, {
    resources,
    chunk,
    maxParallel,
    attempts,
    workerArgs,
    deno: typeof flags.deno === "string" ? flags.deno : Deno.execPath(),
    dryRun,
    resume: resume !== undefined,
    wait: flags.wait === true,
  });
  const { jobs, paths } = slurmResult(outcome);
  if (outcome.waited || (outcome.pending === 0 && !dryRun)) {
    const summary = await writeReport(run, { seconds: seconds(), failed: outcome.failed });
    return { ...summary, ...base, jobs, paths };
  }
  const total = run.units.length;
  return {
    ...base,
    jobs,
    units: { total, done: total - outcome.pending, submitted: jobs ? outcome.pending : 0 },
    paths,
  };
}
