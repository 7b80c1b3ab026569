/**
 * Running one unit, whoever runs it (this process, a local worker, a Slurm array task, a
 * Kubernetes pod): take the unit's lock, skip it if its result exists, run it, store the
 * result atomically and record what it cost. The lock (flock, released by the kernel when
 * the process dies) makes "done exactly once" hold even when a killed sweep left an
 * orphaned worker running and a restarted one reaches the same unit.
 *
 * @module
 */
import { dirname } from "node:path";
import { hostname } from "node:os";
import process from "node:process";
import { writeFileAtomic } from "../util/atomic.ts";
import { InputError } from "../util/errors.ts";
import { log } from "../util/log.ts";
import type { CostSummary, UnitCost } from "./contract.ts";
import { costPath, lockPath, type Run, unitPath } from "./run_dir.ts";

/** What {@link runUnitOnce} did. */
export interface UnitOutcome {
  /** The unit's key. */
  key: string;
  /** False when the unit already had a result (another process finished it). */
  ran: boolean;
  /** Wall seconds of the unit (0 when skipped). */
  seconds: number;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * The kernel threads a process may use: `PREVISION_THREADS` when set (the local runner sets
 * it to cores ÷ workers for its workers), else one per core.
 *
 * @example
 * ```ts
 * import { kernelThreads } from "@prevision/prevision/experiment";
 * kernelThreads(); // e.g. 8 on an 8-core machine without PREVISION_THREADS
 * ```
 */
export function kernelThreads(): number {
  let env: string | undefined;
  try {
    env = Deno.env.get("PREVISION_THREADS");
  } catch {
    env = undefined; // no env permission
  }
  const n = Number(env);
  if (env && Number.isInteger(n) && n >= 1) return n;
  return navigator.hardwareConcurrency ?? 1;
}

function usage(): { cpuSeconds: number; peakRssMiB: number | null } {
  try {
    const u = process.resourceUsage();
    return { cpuSeconds: (u.userCPUTime + u.systemCPUTime) / 1e6, peakRssMiB: u.maxRSS / 1024 };
  } catch {
    return { cpuSeconds: 0, peakRssMiB: null };
  }
}

/**
 * The tfjs backend the unit ran on. tfjs keeps its engine on the global object, so a process
 * in which it was never loaded answers null without loading it just to say so (a study may
 * also pick its backend itself, so the executor's own choice is not the answer).
 */
async function backendName(): Promise<string | null> {
  if (!("_tfengine" in globalThis)) return null;
  const { tf } = await import("../backend/tf.ts");
  return tf.getBackend() ?? null;
}

/**
 * Runs unit `key` of `run` in this process unless it is done; says which happened.
 *
 * @example
 * ```ts
 * import { may2025, openRun, runUnitOnce } from "@prevision/prevision/studies";
 * const run = await openRun(may2025, "may2025", "runs/may2025-quick");
 * const { ran } = await runUnitOnce(run, run.units[0].key);
 * ```
 */
export async function runUnitOnce(
  run: Run,
  key: string,
  options: { restartUnit?: boolean } = {},
): Promise<UnitOutcome> {
  const unit = run.units.find((u) => u.key === key);
  if (!unit) throw new InputError(`unknown unit '${key}' for ${run.experiment.name}`);
  const lockFile = lockPath(run.runDir, key);
  await Deno.mkdir(dirname(lockFile), { recursive: true });
  const lock = await Deno.open(lockFile, { create: true, write: true });
  try {
    if (!(await lock.tryLock(true))) {
      log(`[${key}] another process holds this unit; waiting for it`);
      await lock.lock(true);
    }
    if (await exists(unitPath(run.runDir, key))) {
      log(`[${key}] already done, skipped`);
      return { key, ran: false, seconds: 0 };
    }
    const t0 = performance.now();
    const before = usage();
    const result = await run.experiment.runUnit(run.config, unit.params, {
      runDir: run.runDir,
      key,
      log: (message) => log(`[${key}] ${message}`),
      flags: run.flags,
      restartUnit: options.restartUnit,
    });
    await writeFileAtomic(unitPath(run.runDir, key), JSON.stringify(result));
    const seconds = (performance.now() - t0) / 1000;
    const after = usage();
    const cost: UnitCost = {
      key,
      seconds: Math.round(seconds * 1000) / 1000,
      cpuSeconds: Math.round((after.cpuSeconds - before.cpuSeconds) * 100) / 100,
      peakRssMiB: after.peakRssMiB === null ? null : Math.round(after.peakRssMiB * 10) / 10,
      threads: kernelThreads(),
      backend: await backendName(),
      host: hostname(),
      finished: new Date().toISOString(),
    };
    await writeFileAtomic(costPath(run.runDir, key), JSON.stringify(cost));
    return { key, ran: true, seconds };
  } finally {
    lock.close();
  }
}

/**
 * The cost records of a run's units (those run by this executor).
 *
 * @example
 * ```ts
 * import { may2025, openRun, unitCosts } from "@prevision/prevision/studies";
 * const costs = await unitCosts(await openRun(may2025, "may2025", "runs/may2025-quick"));
 * ```
 */
export async function unitCosts(run: Run): Promise<UnitCost[]> {
  const costs: UnitCost[] = [];
  for (const unit of run.units) {
    try {
      costs.push(JSON.parse(await Deno.readTextFile(costPath(run.runDir, unit.key))));
    } catch {
      // not run by this executor, or not yet
    }
  }
  return costs;
}

/**
 * Mean and maximum of a run's unit costs; null when none was recorded.
 *
 * @example
 * ```ts
 * import { costSummary } from "@prevision/prevision/experiment";
 * costSummary([]); // null
 * ```
 */
export function costSummary(costs: UnitCost[]): CostSummary | null {
  if (costs.length === 0) return null;
  const round = (x: number) => Math.round(x * 100) / 100;
  const mean = (xs: number[]) => round(xs.reduce((a, b) => a + b, 0) / xs.length);
  const rss = costs.map((c) => c.peakRssMiB).filter((x): x is number => typeof x === "number");
  const seconds = costs.map((c) => c.seconds);
  return {
    measured: costs.length,
    meanSeconds: mean(seconds),
    maxSeconds: round(Math.max(...seconds)),
    meanCpuSeconds: mean(costs.map((c) => c.cpuSeconds ?? 0)),
    meanPeakRssMiB: rss.length ? mean(rss) : null,
    maxPeakRssMiB: rss.length ? round(Math.max(...rss)) : null,
    threads: [...new Set(costs.map((c) => c.threads))].sort((a, b) => a - b),
    backends: [...new Set(costs.map((c) => c.backend ?? "none"))].sort(),
    hosts: [...new Set(costs.map((c) => c.host))].sort(),
  };
}
