/**
 * The Slurm runner: writes an sbatch job-array script for the pending units (one array task
 * per chunk of units) and an aggregation script, submits both with `sbatch` — the
 * aggregation job depends on the array (`afterany`), so the report is built when the array
 * ends, whatever became of its tasks — or with --dry-run only writes them. `--resume DIR`
 * resubmits the units still without a result. The run folder must be on a filesystem that
 * the compute nodes share. Each array task runs its units with `cli.ts sweep <study> --out
 * DIR --unit KEY` (see {@link workerArgv}), so they take the same locks and write the same
 * cost records as local workers.
 *
 * @module
 */
import { join } from "node:path";
import { writeFileAtomic } from "../util/atomic.ts";
import { InputError } from "../util/errors.ts";
import { log } from "../util/log.ts";
import { aggregateScript, arrayScript, type SlurmResources, submitScript } from "./_sbatch.ts";
import { workerArgv } from "./permissions.ts";
import { executorDir, pendingUnits, type Run } from "./run_dir.ts";

export type { SlurmResources } from "./_sbatch.ts";

/** Options of {@link runSlurm}. */
export interface SlurmOptions {
  /** Per-task resources and placement. */
  resources: SlurmResources;
  /** Units per array task. */
  chunk: number;
  /** At most this many array tasks at once (`--array=…%N`). */
  maxParallel?: number;
  /** Attempts per unit inside its array task. */
  attempts: number;
  /** Extra arguments for every worker (e.g. `--backend wasm`). */
  workerArgs: string[];
  /** Deno executable on the compute nodes. */
  deno: string;
  /** Only write the scripts. */
  dryRun: boolean;
  /** Resubmit the units without a result of a run submitted before (`--resume DIR`). */
  resume: boolean;
  /** Wait until the aggregation job has ended. */
  wait: boolean;
  /** Seconds between queue polls while waiting. */
  pollSeconds?: number;
}

/** One submission, as recorded in `executor/slurm/submissions.json`. */
export interface Submission {
  /** The batch folder's name (`batch1`, `batch2`, …). */
  batch: string;
  /** Job id of the array. */
  arrayJob: string;
  /** Job id of the aggregation job. */
  aggregateJob: string;
  /** Units submitted. */
  units: number;
  /** When (ISO 8601). */
  submitted: string;
}

/** What {@link runSlurm} did. */
export interface SlurmOutcome {
  /** Units without a result when the scripts were written. */
  pending: number;
  /** Folder of this batch's scripts and unit list. */
  batchDir: string;
  /** The job-array script. */
  arrayScript: string;
  /** The aggregation script. */
  aggregateScript: string;
  /** The script that submits both (for --dry-run). */
  submitScript: string;
  /** The submission, or null when nothing was submitted. */
  submission: Submission | null;
  /** Whether it waited for the aggregation job (then the report is up to date). */
  waited: boolean;
  /** Units of this submission still without a result after waiting. */
  failed: string[];
}

async function slurmCommand(program: string, args: string[]): Promise<string> {
  let out: Deno.CommandOutput;
  try {
    out = await new Deno.Command(program, { args, stdin: "null" }).output();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new InputError(
        `${program} not found: Slurm's client tools are not installed here (--dry-run only writes the scripts)`,
      );
    }
    throw error;
  }
  const stdout = new TextDecoder().decode(out.stdout).trim();
  if (!out.success) {
    const stderr = new TextDecoder().decode(out.stderr).trim().split("\n")[0];
    throw new Error(`${program} ${args.join(" ")} failed: ${stderr || `exit ${out.code}`}`);
  }
  return stdout;
}

/**
 * Throws a one-line InputError unless Slurm's `sbatch` can be run here.
 *
 * @example
 * ```ts
 * import { requireSlurm } from "@prevision/prevision/experiment";
 * await requireSlurm().catch((e) => console.error(e.message)); // "sbatch not found: …"
 * ```
 */
export async function requireSlurm(): Promise<void> {
  await slurmCommand("sbatch", ["--version"]);
}

/**
 * Job ids (of `ids`) that Slurm still lists as pending or running.
 *
 * @example
 * ```ts
 * import { activeJobs } from "@prevision/prevision/experiment";
 * const running = await activeJobs(["1234", "1235"]);
 * ```
 */
export async function activeJobs(ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  try {
    const out = await slurmCommand("squeue", ["-h", "-j", ids.join(","), "-o", "%i"]);
    return out.split("\n").map((s) => s.trim()).filter(Boolean);
  } catch (error) {
    if (error instanceof InputError) throw error;
    return []; // "Invalid job id": purged from the controller, so long finished
  }
}

async function readSubmissions(path: string): Promise<Submission[]> {
  try {
    return JSON.parse(await Deno.readTextFile(path));
  } catch {
    return [];
  }
}

/**
 * Writes the scripts for the pending units of `run` and (unless dry-run) submits them.
 *
 * @example
 * ```ts
 * import { may2025, openRun, runSlurm } from "@prevision/prevision/studies";
 * const run = await openRun(may2025, "may2025", "runs/may2025-full");
 * const outcome = await runSlurm(run, {
 *   resources: { cpus: 4, mem: "8G", time: "04:00:00", extra: [] },
 *   chunk: 1,
 *   attempts: 2,
 *   workerArgs: [],
 *   deno: "deno",
 *   dryRun: true,
 *   resume: false,
 *   wait: false,
 * });
 * outcome.submitScript; // the script that submits the array and the report job
 * ```
 */
export async function runSlurm(run: Run, opts: SlurmOptions): Promise<SlurmOutcome> {
  const dir = join(executorDir(run.runDir), "slurm");
  const ledger = join(dir, "submissions.json");
  const earlier = await readSubmissions(ledger);
  if (earlier.length > 0 && !opts.resume && !opts.dryRun) {
    const last = earlier[earlier.length - 1];
    throw new InputError(
      `${run.runDir} was already submitted (array job ${last.arrayJob}); pass --resume ${run.runDir} to resubmit the units without a result`,
    );
  }
  if (!opts.dryRun) {
    await requireSlurm();
    const active = await activeJobs(earlier.flatMap((s) => [s.arrayJob, s.aggregateJob]));
    if (active.length > 0) {
      throw new InputError(
        `earlier jobs of this sweep are still queued or running (${
          active.join(", ")
        }); wait for them or scancel them before --resume`,
      );
    }
  }
  const pending = await pendingUnits(run);
  const tasks = Math.ceil(pending.length / opts.chunk);
  if (tasks > 1000) {
    throw new InputError(
      `${pending.length} units in ${tasks} array tasks exceed Slurm's usual MaxArraySize; raise --chunk`,
    );
  }
  const batch = `batch${earlier.length + 1}`;
  const batchDir = join(dir, batch);
  const logDir = join(dir, "logs");
  await Deno.mkdir(logDir, { recursive: true });
  const name = `prevision-${run.experiment.name}`;
  const worker = workerArgv(run.ref, run.runDir, opts.workerArgs, opts.deno);
  const paths = {
    units: join(batchDir, "units.txt"),
    array: join(batchDir, "array.sbatch"),
    aggregate: join(batchDir, "aggregate.sbatch"),
    submit: join(batchDir, "submit.sh"),
  };
  await writeFileAtomic(paths.units, pending.map((u) => u.key).join("\n") + "\n");
  if (tasks > 0) {
    await writeFileAtomic(
      paths.array,
      arrayScript({
        name,
        res: opts.resources,
        tasks,
        maxParallel: opts.maxParallel,
        logDir,
        cwd: Deno.cwd(),
        unitsFile: paths.units,
        chunk: opts.chunk,
        attempts: opts.attempts,
        worker,
      }),
    );
  }
  await writeFileAtomic(
    paths.aggregate,
    aggregateScript({ name, res: opts.resources, logDir, cwd: Deno.cwd(), worker }),
  );
  await writeFileAtomic(paths.submit, submitScript(paths.array, paths.aggregate));
  await Deno.chmod(paths.submit, 0o755);
  const outcome: SlurmOutcome = {
    pending: pending.length,
    batchDir,
    arrayScript: paths.array,
    aggregateScript: paths.aggregate,
    submitScript: paths.submit,
    submission: null,
    waited: false,
    failed: [],
  };
  if (opts.dryRun || tasks === 0) {
    log(
      tasks === 0
        ? "every unit is done: nothing to submit"
        : `wrote ${paths.array} (${tasks} array tasks); submit with ${paths.submit}`,
    );
    return outcome;
  }
  const arrayJob = (await slurmCommand("sbatch", ["--parsable", paths.array])).split(";")[0];
  const aggregateJob = (await slurmCommand("sbatch", [
    "--parsable",
    `--dependency=afterany:${arrayJob}`,
    paths.aggregate,
  ])).split(";")[0];
  const submission: Submission = {
    batch,
    arrayJob,
    aggregateJob,
    units: pending.length,
    submitted: new Date().toISOString(),
  };
  await writeFileAtomic(ledger, JSON.stringify([...earlier, submission], null, 2));
  outcome.submission = submission;
  log(
    `submitted array job ${arrayJob} (${tasks} tasks, ${pending.length} units), report job ${aggregateJob}`,
  );
  if (opts.wait) {
    const poll = (opts.pollSeconds ?? 3) * 1000;
    let lastLog = Date.now();
    for (;;) {
      const active = await activeJobs([arrayJob, aggregateJob]);
      if (active.length === 0) break;
      if (Date.now() - lastLog > 60_000) {
        log(`waiting for ${active.length} job(s) of this sweep: ${active.slice(0, 8).join(" ")}`);
        lastLog = Date.now();
      }
      await new Promise((r) => setTimeout(r, poll));
    }
    outcome.waited = true;
    const left = new Set((await pendingUnits(run)).map((u) => u.key));
    outcome.failed = pending.map((u) => u.key).filter((k) => left.has(k));
  }
  return outcome;
}
