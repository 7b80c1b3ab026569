/**
 * The report step of every run: the study's `report()` over whatever results exist, written
 * as `report.md`, `figures/<name>` and `summary.json` ({@link RunSummary}), each atomically.
 * `summary.json` is written last, so a run folder that has one has the others.
 *
 * @module
 */
import { join } from "node:path";
import { writeFileAtomic } from "../util/atomic.ts";
import { log } from "../util/log.ts";
import type { RunSummary } from "./contract.ts";
import { readResults, type Run } from "./run_dir.ts";
import { costSummary, unitCosts } from "./unit.ts";

/** Options of {@link writeReport}. */
export interface ReportOptions {
  /** Wall seconds of this invocation so far. */
  seconds: number;
  /** Units the runner gave up on in this invocation. */
  failed?: string[];
}

function checkFigureName(study: string, name: string): void {
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(name)) {
    throw new Error(`${study}: figure name '${name}' is not a plain file name`);
  }
}

/**
 * Runs the study's report over the results in the run folder and writes `report.md`,
 * `figures/` and `summary.json`; returns the summary.
 *
 * @example
 * ```ts
 * import { may2025, openRun, writeReport } from "@prevision/prevision/studies";
 * const summary = await writeReport(await openRun(may2025, "may2025", "runs/may2025-quick"), {
 *   seconds: 0,
 * });
 * summary.units.missing; // keys of units without a result
 * ```
 */
export async function writeReport(run: Run, opts: ReportOptions): Promise<RunSummary> {
  const results = await readResults(run);
  const missing = run.units.map((u) => u.key).filter((key) => !results.has(key));
  const report = await run.experiment.report(run.config, results, {
    runDir: run.runDir,
    missing,
    log,
    flags: run.flags,
  });
  const files = ["config.json"];
  await writeFileAtomic(join(run.runDir, "report.md"), report.markdown);
  files.push("report.md");
  for (const [name, content] of Object.entries(report.figures ?? {})) {
    checkFigureName(run.experiment.name, name);
    await writeFileAtomic(join(run.runDir, "figures", name), content);
    files.push(`figures/${name}`);
  }
  files.push("summary.json");
  const summary: RunSummary = {
    experiment: run.experiment.name,
    preset: run.config.preset,
    seconds: Math.round(opts.seconds * 1000) / 1000,
    units: {
      total: run.units.length,
      done: results.size,
      failed: (opts.failed ?? []).filter((key) => missing.includes(key)),
      missing,
    },
    metrics: report.metrics,
    tests: report.tests,
    files,
    costs: costSummary(await unitCosts(run)),
  };
  if (report.extra !== undefined) summary.extra = report.extra;
  await writeFileAtomic(join(run.runDir, "summary.json"), JSON.stringify(summary, null, 2) + "\n");
  return summary;
}
