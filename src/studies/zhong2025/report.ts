/**
 * The zhong2025 report: per arm, the authors' behavioural measure and trials-to-criterion
 * as censored data (Kaplan–Meier); the top layer's selectivity by the authors' d′; per-layer
 * measures; similarity indices with bootstrap CIs; one Holm-corrected family of tests; and
 * SVG figures. The executor writes what it returns as `report.md`, `summary.json` and
 * `figures/`.
 *
 * `summary.json` metrics, per group (mean/sd/n over seeds): per arm `<arm>.lickDifference.
 * session<k>`, `<arm>.lickRewarded.session1`, `<arm>.lickUnrewarded.session1`,
 * `<arm>.first200Correct`, `<arm>.reachedCriterion`; top layer `selectiveFraction`,
 * `meanAbsDPrime`, `perLapSelectiveFraction`, `corridorFraction`; `layer<k>.{selectiveFraction,
 * meanAbsDPrime, perLapSelectiveFraction, weightChange}` (k = 1 is the input side);
 * `similarity.<stimulus>`; for exposed groups `exposureLoss.{first, last}`. `extra`:
 * `objective`, `arms`, `survival.<arm>.<group>` (Kaplan–Meier: n, reached, median or null,
 * steps) and `similarityCi.<group>.<stimulus>` (mean and 95 % bootstrap CI over seeds).
 *
 * @module
 */
import { bootstrapCi } from "../../analysis/stats/bootstrap.ts";
import { kaplanMeier, type KaplanMeierCurve } from "../../analysis/stats/kaplan_meier.ts";
import type { MetricSummary, ReportContext, StudyReport } from "../../experiment/contract.ts";
import { formatMeanSd, summarise } from "../_kit/mod.ts";
import type { Arm, Zhong2025Config } from "./config.ts";
import type { Zhong2025Result } from "./unit.ts";
import { TEST_STIMULI } from "./_neural.ts";
import { armRuns, compareGroups, topLayer } from "./_compare.ts";
import { figures } from "./_figures.ts";
import { type Ci, markdown } from "./_markdown.ts";

type GroupMetrics = Record<string, MetricSummary>;

/** Every metric of one group's results (one value per seed). */
function groupMetrics(rs: Zhong2025Result[], arms: readonly Arm[]): GroupMetrics {
  const out: GroupMetrics = {};
  for (const arm of arms) {
    const runs = armRuns(rs, arm);
    if (runs.length === 0) continue;
    const sessions = Math.min(...runs.map((r) => r.sessions.length));
    for (let k = 0; k < sessions; k++) {
      out[`${arm}.lickDifference.session${k + 1}`] = summarise(
        runs.map((r) => r.sessions[k].difference),
      );
    }
    out[`${arm}.lickRewarded.session1`] = summarise(runs.map((r) => r.sessions[0].rewarded));
    out[`${arm}.lickUnrewarded.session1`] = summarise(runs.map((r) => r.sessions[0].unrewarded));
    out[`${arm}.first200Correct`] = summarise(runs.map((r) => r.first200Correct));
    out[`${arm}.reachedCriterion`] = summarise(runs.map((r) => (r.reached ? 1 : 0)));
  }
  const top = rs.map(topLayer);
  out.selectiveFraction = summarise(top.map((l) => l.selectiveFraction));
  out.meanAbsDPrime = summarise(top.map((l) => l.meanAbsDPrime));
  out.perLapSelectiveFraction = summarise(top.map((l) => l.perLapSelectiveFraction));
  out.corridorFraction = summarise(top.map((l) => l.corridorFraction));
  rs[0].neural.layers.forEach((_, k) => {
    for (const m of ["selectiveFraction", "meanAbsDPrime", "perLapSelectiveFraction"] as const) {
      out[`layer${k + 1}.${m}`] = summarise(rs.map((r) => r.neural.layers[k][m]));
    }
    out[`layer${k + 1}.weightChange`] = summarise(rs.map((r) => r.neural.layers[k].weightChange));
  });
  for (const c of TEST_STIMULI.slice(2)) {
    out[`similarity.${c}`] = summarise(siValues(rs, c));
  }
  const losses = rs.flatMap((r) => (r.exposureLoss ? [r.exposureLoss] : []));
  if (losses.length > 0) {
    out["exposureLoss.first"] = summarise(losses.map((l) => l.first));
    out["exposureLoss.last"] = summarise(losses.map((l) => l.last));
  }
  return out;
}

/** The top layer's similarity indices of one stimulus (seeds where it is defined). */
function siValues(rs: Zhong2025Result[], stimulus: string): number[] {
  return rs.map((r) => topLayer(r).similarity[stimulus]).filter((v): v is number => v !== null);
}

/** Mean similarity index with a 95 % percentile bootstrap CI over seeds (null: no value). */
function siCi(rs: Zhong2025Result[], stimulus: string): Ci | null {
  const v = siValues(rs, stimulus);
  if (v.length === 0) return null;
  const ci = bootstrapCi(v, { seed: 1, resamples: 2000 });
  return { mean: ci.estimate, lower: ci.lower, upper: ci.upper, n: v.length };
}

/**
 * Aggregates the unit results that exist into the study report.
 *
 * @example
 * ```ts
 * import { zhong2025Presets } from "@prevision/prevision/studies";
 * const r = await report(zhong2025Presets.tiny, new Map(), {
 *   runDir: ".",
 *   missing: [],
 *   log() {},
 * });
 * r.tests.length; // 0: nothing to compare yet
 * ```
 */
export function report(
  config: Zhong2025Config,
  results: Map<string, Zhong2025Result>,
  ctx: ReportContext,
): Promise<StudyReport> {
  const by = new Map<string, Zhong2025Result[]>();
  for (const g of config.groups) by.set(g, []);
  for (const r of results.values()) by.get(r.group)?.push(r);
  for (const rs of by.values()) rs.sort((x, y) => x.seed - y.seed);
  const metrics: Record<string, GroupMetrics> = {};
  const survival: Record<string, Record<string, KaplanMeierCurve>> = {};
  const similarityCi: Record<string, Record<string, Ci | null>> = {};
  for (const arm of config.arms) survival[arm] = {};
  for (const [g, rs] of by) {
    if (rs.length === 0) continue;
    metrics[g] = groupMetrics(rs, config.arms);
    for (const arm of config.arms) {
      const runs = armRuns(rs, arm);
      if (runs.length === 0) continue;
      survival[arm][g] = kaplanMeier(
        runs.map((r) => r.trialsToCriterion),
        runs.map((r) => r.reached),
      );
    }
    similarityCi[g] = Object.fromEntries(
      TEST_STIMULI.slice(2).map((c) => [c, siCi(rs, c)]),
    );
  }
  const tests = compareGroups(by, config.arms);
  const svgs = figures(by, config.arms, survival);
  for (const [g, s] of Object.entries(metrics)) {
    const arms = config.arms.filter((a) => s[`${a}.lickDifference.session1`]).map((a) =>
      `${a} session-1 lick difference ${formatMeanSd(s[`${a}.lickDifference.session1`], 3)}`
    );
    ctx.log(
      `${g.padEnd(12)} ${arms.join("  ")}  selective ${formatMeanSd(s.selectiveFraction, 3)}`,
    );
  }
  return Promise.resolve({
    markdown: markdown({
      config,
      metrics,
      survival,
      similarityCi,
      tests,
      figureNames: Object.keys(svgs),
      missing: ctx.missing,
    }),
    metrics,
    tests,
    figures: svgs,
    extra: { objective: config.objective, arms: config.arms, survival, similarityCi },
  });
}
