/**
 * What one worker process (a local worker or a Slurm array task) does for one unit: takes
 * the unit's lock, skips it if its result already exists, runs it, stores the result
 * atomically and records its time and peak memory. The lock (flock, released by the kernel
 * when the process dies) makes "done exactly once" hold even when a killed sweep left an
 * orphaned worker running and a restarted one reaches the same unit.
 */
import { join } from "node:path";
import { hostname } from "node:os";
import process from "node:process";
import { runUnitInProcess, unitPath } from "../runner.ts";
import { writeFileAtomic } from "../../util/atomic.ts";
import { InputError } from "../../util/errors.ts";
import { log } from "../../util/log.ts";
import { costPath, sweepDir, type SweepPlan, type UnitCost } from "./plan.ts";

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Peak resident memory of this process in MiB (getrusage's ru_maxrss). */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** CPU seconds (user + system, all threads) this process has used. */
export function cpuSeconds(): number {
  const usage = process.resourceUsage();
  return (usage.userCPUTime + usage.systemCPUTime) / 1e6;
}

/** Runs unit `key` of the plan in this process unless it is done; says which happened. */
export async function runUnitOnce(
  plan: SweepPlan,
  key: string,
): Promise<{ key: string; ran: boolean; seconds: number }> {
  const unit = plan.units.find((u) => u.key === key);
  if (!unit) throw new InputError(`unknown unit '${key}' for ${plan.experiment.name}`);
  const lockPath = join(sweepDir(plan.runDir), "locks", `${key}.lock`);
  await Deno.mkdir(join(sweepDir(plan.runDir), "locks"), { recursive: true });
  const lock = await Deno.open(lockPath, { create: true, write: true });
  try {
    if (!(await lock.tryLock(true))) {
      log(`[${key}] another worker holds this unit; waiting for it`);
      await lock.lock(true);
    }
    if (await exists(unitPath(plan.runDir, key))) {
      log(`[${key}] already done, skipped`);
      return { key, ran: false, seconds: 0 };
    }
    const t0 = performance.now();
    const cpu0 = cpuSeconds();
    await runUnitInProcess(plan.experiment, plan.config, unit, plan.runDir);
    const seconds = (performance.now() - t0) / 1000;
    const cost: UnitCost = {
      key,
      seconds,
      cpuSeconds: Math.round((cpuSeconds() - cpu0) * 100) / 100,
      peakRssMiB: Math.round(peakRssMiB() * 10) / 10,
      host: hostname(),
      finished: new Date().toISOString(),
    };
    await writeFileAtomic(costPath(plan.runDir, key), JSON.stringify(cost));
    log(`[${key}] done in ${seconds.toFixed(1)} s`);
    return { key, ran: true, seconds };
  } finally {
    lock.close();
  }
}
