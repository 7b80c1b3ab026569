/**
 * The figures of the zhong2025 report (SVG text): learning curves per group, the top
 * layer's selectivity sweep, and the held-out projections on the coding direction.
 *
 * @module
 */
import { linePlot, type Series, summarise } from "../_kit/mod.ts";
import { TEST_STIMULI } from "./_neural.ts";
import type { Zhong2025Result } from "./unit.ts";

const top = (r: Zhong2025Result) => r.neural.layers[r.neural.layers.length - 1];
const meanOf = (values: number[]) => summarise(values).mean;

/**
 * The three figures by file name (none when no group has results).
 *
 * @example
 * ```ts
 * Object.keys(figures(new Map())); // []
 * ```
 */
export function figures(by: Map<string, Zhong2025Result[]>): Record<string, string> {
  const curves: Series[] = [], sweeps: Series[] = [], projections: Series[] = [];
  for (const [group, rs] of by) {
    if (rs.length === 0) continue;
    const blocks = Math.min(...rs.map((r) => r.curve.length));
    const x = Array.from({ length: blocks }, (_, i) => 20 * (i + 1));
    const cols = x.map((_, i) => summarise(rs.map((r) => r.curve[i])));
    curves.push({
      name: group,
      x,
      y: cols.map((c) => c.mean),
      err: cols.map((c) => (c.n > 1 ? c.sd / Math.sqrt(c.n) : 0)),
    });
    const sweep = top(rs[0]).sweep;
    sweeps.push({
      name: group,
      x: sweep.map((s) => s.threshold),
      y: sweep.map((_, i) => meanOf(rs.map((r) => top(r).sweep[i].fraction))),
    });
    // Projections rescaled per seed so leaf1 = +1 and circle1 = −1 (the SI scale).
    projections.push({
      name: group,
      x: TEST_STIMULI.map((_, i) => i),
      y: TEST_STIMULI.map((c) =>
        meanOf(rs.map((r) => {
          const p = top(r).projection, span = p.leaf1 - p.circle1;
          return Math.abs(span) > 1e-9 ? (2 * (p[c] - p.circle1)) / span - 1 : 0;
        }))
      ),
    });
  }
  if (curves.length === 0) return {};
  return {
    "learning_curves.svg": linePlot(curves, {
      title: "Task learning (fraction correct per 20 trials, ± s.e.m.)",
      xLabel: "trial",
      yLabel: "fraction correct",
    }),
    "selectivity_sweep.svg": linePlot(sweeps, {
      title: "Selective units (top layer) vs |d′| threshold",
      xLabel: "|d′| threshold",
      yLabel: "fraction selective",
    }),
    "coding_direction.svg": linePlot(projections, {
      title: `Held-out projection: ${TEST_STIMULI.map((c, i) => `${i}=${c}`).join(" ")}`,
      xLabel: "stimulus",
      yLabel: "projection (leaf1 = 1, circle1 = −1)",
    }),
  };
}
