/**
 * The local runner: the pending units of a sweep over N worker processes on this machine.
 * Each unit runs in its own process, so a crash (an exception, an out-of-memory kill, a
 * segfault in a kernel) costs only that attempt; a unit that fails `attempts` times is
 * reported as failed and the others go on. Units already done are skipped, so rerunning the
 * same command after an interruption finishes the sweep.
 */
import { unitPath } from "../runner.ts";
import { errorMessage } from "../../util/errors.ts";
import { log } from "../../util/log.ts";
import { pendingUnits, type SweepPlan, workerArgv } from "./plan.ts";

/** Options of {@link runLocal}. */
export interface LocalOptions {
  /** Parallel worker processes. */
  workers: number;
  /** Attempts per unit before it counts as failed. */
  attempts: number;
  /** Extra arguments for every worker (e.g. `--backend wasm`). */
  workerArgs: string[];
}

/** What {@link runLocal} did. */
export interface LocalOutcome {
  /** Units that were pending when the sweep started. */
  pending: number;
  /** Units whose result this sweep's workers wrote. */
  ran: number;
  /** Units given up on after `attempts` failures. */
  failed: string[];
}

async function hasResult(plan: SweepPlan, key: string): Promise<boolean> {
  try {
    await Deno.stat(unitPath(plan.runDir, key));
    return true;
  } catch {
    return false;
  }
}

async function attempt(plan: SweepPlan, key: string, opts: LocalOptions): Promise<boolean> {
  const [program, ...args] = workerArgv(plan, ["--unit", key, "--json", ...opts.workerArgs]);
  const child = new Deno.Command(program, {
    args,
    stdin: "null",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const out = await child.output();
  if (!out.success) {
    const how = out.signal ? `signal ${out.signal}` : `exit code ${out.code}`;
    throw new Error(`worker ended with ${how}`);
  }
  if (!(await hasResult(plan, key))) throw new Error("worker ended without a result");
  const last = new TextDecoder().decode(out.stdout).trim().split("\n").pop() ?? "{}";
  try {
    return JSON.parse(last).ran === true;
  } catch {
    return false;
  }
}

/** Runs every pending unit of `plan` over `opts.workers` processes. */
export async function runLocal(plan: SweepPlan, opts: LocalOptions): Promise<LocalOutcome> {
  const pending = await pendingUnits(plan);
  const total = plan.units.length;
  log(
    `${plan.experiment.name}: ${total} units, ${total - pending.length} already done, ` +
      `${pending.length} to run on ${Math.min(opts.workers, pending.length)} workers ` +
      `(run folder ${plan.runDir})`,
  );
  const queue = [...pending];
  const failed: string[] = [];
  let ran = 0;
  let finished = total - pending.length;
  const worker = async () => {
    for (let unit = queue.shift(); unit; unit = queue.shift()) {
      for (let n = 1; n <= opts.attempts; n++) {
        try {
          if (await attempt(plan, unit.key, opts)) ran++;
          finished++;
          log(`[${finished}/${total}] ${unit.key} done`);
          break;
        } catch (error) {
          log(`[${unit.key}] attempt ${n}/${opts.attempts} failed: ${errorMessage(error)}`);
          if (n === opts.attempts) failed.push(unit.key);
        }
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(opts.workers, queue.length)) }, worker),
  );
  if (failed.length > 0) log(`${failed.length} unit(s) failed: ${failed.join(", ")}`);
  return { pending: pending.length, ran, failed };
}
