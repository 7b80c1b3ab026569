/**
 * The local runner: a run's pending units in this process (one worker) or over N worker
 * processes on this machine. In a worker process a crash (an exception, an out-of-memory
 * kill, a segfault in a kernel) costs only that attempt; a unit that fails every attempt is
 * reported as failed and the others go on. Units already done are skipped, so running the
 * same command again (or `--resume DIR`) after an interruption finishes the run.
 *
 * @module
 */
import { relative } from "node:path";
import { errorMessage, InputError } from "../util/errors.ts";
import { PARENT_PIPE_ENV } from "./_parent.ts";
import { log } from "../util/log.ts";
import { UnitProgress } from "./_progress.ts";
import { workerArgv } from "./permissions.ts";
import { pendingUnits, type Run, unitPath } from "./run_dir.ts";
import { runUnitOnce } from "./unit.ts";

/** Options of {@link runLocal}. */
export interface LocalOptions {
  /** Worker processes; 1 runs the units in this process. */
  workers: number;
  /** Attempts per unit before it counts as failed. */
  attempts: number;
  /** Extra arguments for every worker (`--backend wasm`, the study's extra flags). */
  workerArgs: string[];
  /** `--restart-unit` for units run in this process (workers get it in `workerArgs`). */
  restartUnit?: boolean;
}

/** What {@link runLocal} did. */
export interface LocalOutcome {
  /** Units that had no result when the run started. */
  pending: number;
  /** Units whose result this invocation wrote. */
  ran: number;
  /** Units given up on after every attempt failed. */
  failed: string[];
  /** Worker processes used (0: the units ran in this process). */
  workers: number;
  /** Kernel threads of each worker process (null when the units ran in this process). */
  threads: number | null;
}

/**
 * Kernel threads per worker process, so that processes × threads do not exceed the cores:
 * max(1, ⌊cores / workers⌋).
 *
 * @example
 * ```ts
 * import { threadsPerWorker } from "@prevision/prevision/experiment";
 * threadsPerWorker(2, 8); // 4
 * ```
 */
export function threadsPerWorker(
  workers: number,
  cores: number = navigator.hardwareConcurrency ?? 1,
): number {
  return Math.max(1, Math.floor(cores / Math.max(1, workers)));
}

/**
 * The command that continues `run` (printed when it is interrupted).
 *
 * @example
 * ```ts
 * import { may2025, openRun, resumeCommand } from "@prevision/prevision/studies";
 * resumeCommand(await openRun(may2025, "may2025", "runs/may")); // "deno task train --resume runs/may"
 * ```
 */
export function resumeCommand(run: Run): string {
  const rel = relative(Deno.cwd(), run.runDir);
  const dir = rel && !rel.startsWith("..") ? rel : run.runDir;
  const study = run.ref.includes("/") ? `${run.ref} ` : "";
  return `deno task train ${study}--resume ${dir}`;
}

function userThreads(): boolean {
  try {
    return Boolean(Deno.env.get("PREVISION_THREADS"));
  } catch {
    return false;
  }
}

/** Stops the workers and says how to resume on Ctrl-C (or SIGTERM); returns the remover. */
function handleInterrupt(run: Run, children: Set<Deno.ChildProcess>): () => void {
  const handler = () => {
    log(`interrupted; continue with: ${resumeCommand(run)}`);
    for (const child of children) {
      try {
        child.kill("SIGTERM");
      } catch {
        // already gone
      }
    }
    Deno.exit(130);
  };
  const signals: Deno.Signal[] = Deno.build.os === "windows" ? ["SIGINT"] : ["SIGINT", "SIGTERM"];
  for (const signal of signals) Deno.addSignalListener(signal, handler);
  return () => {
    for (const signal of signals) Deno.removeSignalListener(signal, handler);
  };
}

class Interrupted extends Error {}

/** A worker that exited with code 2: bad input, which no retry fixes. */
class WorkerInputError extends InputError {}

/**
 * Forwards a worker's stderr line by line, holding back its `error: …` lines (the leader
 * reports a worker's input error once, as its own one-line error) and its `backend: …` line
 * (the leader announced the backend once for the run; a worker's warning about a backend
 * that failed still shows).
 */
async function forwardStderr(stream: ReadableStream<Uint8Array>): Promise<string[]> {
  const errors: string[] = [];
  let pending = "";
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  for await (const bytes of stream) {
    const chunk = decoder.decode(bytes, { stream: true });
    const parts = (pending + chunk).split(/(?<=[\n\r])/);
    pending = parts.pop() ?? "";
    for (const part of parts) {
      if (part.startsWith("error: ")) errors.push(part.trim().slice(7));
      else if (!part.startsWith("backend: ")) Deno.stderr.writeSync(encoder.encode(part));
    }
  }
  if (pending.startsWith("error: ")) errors.push(pending.trim().slice(7));
  else if (pending) Deno.stderr.writeSync(encoder.encode(pending));
  return errors;
}

async function inWorker(
  run: Run,
  key: string,
  opts: LocalOptions,
  env: Record<string, string>,
  children: Set<Deno.ChildProcess>,
): Promise<boolean> {
  const [program, ...args] = workerArgv(run.ref, run.runDir, [
    "--unit",
    key,
    "--json",
    ...opts.workerArgs,
  ]);
  const child = new Deno.Command(program, {
    args,
    env: { ...env, [PARENT_PIPE_ENV]: "1" },
    // Never written: it closes when this process ends, however it ends (see _parent.ts).
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  children.add(child);
  let out: Deno.CommandStatus;
  let errors: string[];
  let stdout: string;
  try {
    const stderr = forwardStderr(child.stderr);
    const text = new Response(child.stdout).text();
    out = await child.status;
    [errors, stdout] = await Promise.all([stderr, text]);
  } finally {
    children.delete(child);
    await child.stdin.close().catch(() => {});
  }
  if (out.signal === "SIGINT") throw new Interrupted();
  if (out.code === 2) throw new WorkerInputError(errors.at(-1) ?? `unit ${key}: bad input`);
  if (!out.success && errors.length > 0) {
    throw new Error(`worker ended with exit code ${out.code}: ${errors.at(-1)}`);
  }
  if (!out.success) {
    throw new Error(
      `worker ended with ${out.signal ? `signal ${out.signal}` : `exit code ${out.code}`}`,
    );
  }
  try {
    await Deno.stat(unitPath(run.runDir, key));
  } catch {
    throw new Error("worker ended without a result");
  }
  const last = stdout.trim().split("\n").pop() ?? "{}";
  try {
    return JSON.parse(last).ran === true;
  } catch {
    return false;
  }
}

/**
 * Runs every pending unit of `run`, in this process (`workers` 1) or over `workers` worker
 * processes, each with `PREVISION_THREADS` = {@link threadsPerWorker} unless the user set it.
 *
 * @example
 * ```ts
 * import { may2025, openRun, runLocal } from "@prevision/prevision/studies";
 * const run = await openRun(may2025, "may2025", "runs/may2025-quick");
 * const { failed } = await runLocal(run, { workers: 2, attempts: 2, workerArgs: [] });
 * ```
 */
export async function runLocal(run: Run, opts: LocalOptions): Promise<LocalOutcome> {
  const pending = await pendingUnits(run);
  const total = run.units.length;
  const inProcess = opts.workers <= 1;
  const workers = inProcess ? 1 : Math.max(1, Math.min(opts.workers, pending.length));
  const threads = inProcess ? null : threadsPerWorker(workers);
  const env: Record<string, string> = {};
  if (!inProcess && !userThreads()) env.PREVISION_THREADS = String(threads);
  // Several workers share this terminal: their training progress comes as plain lines.
  if (workers > 1) env.PREVISION_PROGRESS = "lines";
  const where = pending.length === 0
    ? "(nothing left)"
    : inProcess
    ? "in this process"
    : `on ${workers} worker process${workers > 1 ? "es" : ""}` +
      (env.PREVISION_THREADS ? ` (${threads} thread${threads === 1 ? "" : "s"} each)` : "");
  log(
    `${run.experiment.name}: ${total} units, ${total - pending.length} already done, ` +
      `${pending.length} to run ${where}; run folder ${run.runDir}`,
  );
  const progress = new UnitProgress(total, total - pending.length, pending.length);
  const queue = [...pending];
  const failed: string[] = [];
  const children = new Set<Deno.ChildProcess>();
  let ran = 0;
  let interrupted = false;
  let inputError: InputError | null = null;
  const worker = async () => {
    for (let unit = queue.shift(); unit && !interrupted; unit = queue.shift()) {
      for (let n = 1; n <= opts.attempts; n++) {
        try {
          const did = inProcess
            ? (await runUnitOnce(run, unit.key, { restartUnit: opts.restartUnit })).ran
            : await inWorker(run, unit.key, opts, env, children);
          if (did) ran++;
          progress.done(unit.key);
          break;
        } catch (error) {
          if (error instanceof Interrupted) {
            interrupted = true;
            break;
          }
          if (error instanceof WorkerInputError || (inProcess && error instanceof InputError)) {
            inputError ??= error;
            interrupted = true;
            for (const child of children) child.kill("SIGTERM");
            break;
          }
          log(`[${unit.key}] attempt ${n}/${opts.attempts} failed: ${errorMessage(error)}`);
          if (n === opts.attempts) {
            failed.push(unit.key);
            progress.failed();
          }
        }
      }
    }
  };
  const removeHandler = handleInterrupt(run, children);
  try {
    await Promise.all(Array.from({ length: inProcess ? 1 : workers }, worker));
  } finally {
    removeHandler();
  }
  if (inputError) throw inputError;
  if (interrupted) throw new InputError(`interrupted; continue with: ${resumeCommand(run)}`);
  if (failed.length > 0) log(`${failed.length} unit(s) failed: ${failed.join(", ")}`);
  return { pending: pending.length, ran, failed, workers: inProcess ? 0 : workers, threads };
}
