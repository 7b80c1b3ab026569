/**
 * The figures of the zhong2025 report (SVG text): per arm, learning curves and Kaplan–Meier
 * curves of trials-to-criterion; the top layer's selectivity sweep; and the held-out
 * projections on the coding direction.
 *
 * @module
 */
import type { KaplanMeierCurve } from "../../analysis/stats/kaplan_meier.ts";
import { linePlot, type Series, summarise } from "../_kit/mod.ts";
import type { Arm } from "./config.ts";
import { TEST_STIMULI } from "./_neural.ts";
import { armRuns, topLayer } from "./_compare.ts";
import type { Zhong2025Result } from "./unit.ts";

const meanOf = (values: number[]) => summarise(values).mean;

/** A Kaplan–Meier curve as a step line from (0, 1). */
function steps(name: string, curve: KaplanMeierCurve): Series {
  const x = [0], y = [1];
  for (const s of curve.steps) {
    x.push(s.time, s.time);
    y.push(y[y.length - 1], s.survival);
  }
  return { name, x, y };
}

function learningCurves(by: Map<string, Zhong2025Result[]>, arm: Arm): Series[] {
  const out: Series[] = [];
  for (const [group, rs] of by) {
    const runs = armRuns(rs, arm);
    if (runs.length === 0 || (arm === "plastic" && group === "task")) continue;
    const blocks = Math.min(...runs.map((r) => r.curve.length));
    const x = Array.from({ length: blocks }, (_, i) => 20 * (i + 1));
    const cols = x.map((_, i) => summarise(runs.map((r) => r.curve[i])));
    out.push({
      name: group,
      x,
      y: cols.map((c) => c.mean),
      err: cols.map((c) => (c.n > 1 ? c.sd / Math.sqrt(c.n) : 0)),
    });
  }
  return out;
}

/**
 * The figures by file name (none when no group has results).
 *
 * @example
 * ```ts
 * Object.keys(figures(new Map(), ["frozen"], {})); // []
 * ```
 */
export function figures(
  by: Map<string, Zhong2025Result[]>,
  arms: readonly Arm[],
  survival: Record<string, Record<string, KaplanMeierCurve>>,
): Record<string, string> {
  const sweeps: Series[] = [], projections: Series[] = [];
  for (const [group, rs] of by) {
    if (rs.length === 0) continue;
    const sweep = topLayer(rs[0]).sweep;
    sweeps.push({
      name: group,
      x: sweep.map((s) => s.threshold),
      y: sweep.map((_, i) => meanOf(rs.map((r) => topLayer(r).sweep[i].fraction))),
    });
    // Projections rescaled per seed so leaf1 = +1 and circle1 = −1 (the SI scale).
    projections.push({
      name: group,
      x: TEST_STIMULI.map((_, i) => i),
      y: TEST_STIMULI.map((c) =>
        meanOf(rs.flatMap((r) => {
          const p = topLayer(r).projection;
          const [l, k, v] = [p.leaf1, p.circle1, p[c]];
          if (l === null || k === null || v === null || Math.abs(l - k) < 1e-9) return [];
          return [(2 * (v - k)) / (l - k) - 1];
        }))
      ),
    });
  }
  if (sweeps.length === 0) return {};
  const out: Record<string, string> = {};
  for (const arm of arms) {
    out[`learning_curves_${arm}.svg`] = linePlot(learningCurves(by, arm), {
      title: `Task learning, ${arm} arm (fraction correct per 20 trials, ± s.e.m.)`,
      xLabel: "trial",
      yLabel: "fraction correct",
    });
    const curves = Object.entries(survival[arm] ?? {}).filter(([g]) =>
      !(arm === "plastic" && g === "task")
    );
    out[`criterion_survival_${arm}.svg`] = linePlot(curves.map(([g, c]) => steps(g, c)), {
      title: `Not yet at criterion, ${arm} arm (Kaplan–Meier)`,
      xLabel: "trial",
      yLabel: "fraction of seeds",
    });
  }
  out["selectivity_sweep.svg"] = linePlot(sweeps, {
    title: "Selective units (top layer, d′ over frames) vs |d′| threshold",
    xLabel: "|d′| threshold",
    yLabel: "fraction selective",
  });
  out["coding_direction.svg"] = linePlot(projections, {
    title: `Held-out projection: ${TEST_STIMULI.map((c, i) => `${i}=${c}`).join(" ")}`,
    xLabel: "stimulus",
    yLabel: "projection (leaf1 = 1, circle1 = −1)",
  });
  return out;
}
