/**
 * The zhong2025 report: learning curves per group, the selectivity sweep and the coding-
 * direction projections (SVG), statistics over seeds, report.json and the --json summary.
 */
import { join } from "node:path";
import { writeFileAtomic } from "../../util/atomic.ts";
import { linePlot, type Series } from "../../studies/_kit/plots.ts";
import { mannWhitneyU } from "../../analysis/stats/mannwhitney.ts";
import { welchTTest } from "../../analysis/stats/ttest.ts";
import { holm } from "../../analysis/stats/corrections.ts";
import { wilcoxonSignedRank } from "../../analysis/stats/wilcoxon.ts";
import type { Zhong2025Config, Zhong2025Result } from "./_zhong2025_unit.ts";
import { TEST_STIMULI } from "./_zhong2025_neural.ts";

type Stat = { mean: number; sd: number; n: number };
const r4 = (v: number) => Math.round(v * 1e4) / 1e4;

function stat(xs: number[]): Stat {
  const n = xs.length;
  if (n === 0) return { mean: NaN, sd: NaN, n };
  const m = xs.reduce((a, b) => a + b, 0) / n;
  const v = n > 1 ? xs.reduce((a, b) => a + (b - m) ** 2, 0) / (n - 1) : NaN;
  return { mean: r4(m), sd: r4(Math.sqrt(v)), n };
}

/**
 * Comparison of one measure between two groups over seeds: Mann–Whitney U and Welch t
 * (independent samples), and the Wilcoxon signed-rank test paired by seed (every group of a
 * seed starts from the same initial encoder), when both groups have the same seeds.
 */
function compare(a: number[], b: number[], seedsA: number[], seedsB: number[]) {
  if (a.length < 2 || b.length < 2) return null;
  let pairedP: number | null = null;
  if (seedsA.length === seedsB.length && seedsA.every((s, i) => s === seedsB[i])) {
    const w = a.some((v, i) => v !== b[i]) ? wilcoxonSignedRank(a, b) : null;
    pairedP = w && Number.isFinite(w.p) ? r4(w.p) : null;
  }
  const mw = mannWhitneyU(a, b);
  const allSame = [...a, ...b].every((v) => v === a[0]);
  const t = allSame ? null : welchTTest(a, b);
  return {
    difference: r4(
      a.reduce((s, v) => s + v, 0) / a.length - b.reduce((s, v) => s + v, 0) / b.length,
    ),
    mannWhitneyP: r4(mw.pValue),
    welchP: t && Number.isFinite(t.p) ? r4(t.p) : null,
    pairedWilcoxonP: pairedP,
  };
}

/** Aggregates unit results into figures, report.json and the summary. */
export async function report(
  config: Zhong2025Config,
  results: Map<string, Zhong2025Result>,
  ctx: { runDir: string; missing: string[]; log(m: string): void },
): Promise<Record<string, unknown>> {
  const by = new Map<string, Zhong2025Result[]>();
  for (const g of config.groups) by.set(g, []);
  for (const r of results.values()) by.get(r.group)?.push(r);
  for (const rs of by.values()) rs.sort((x, y) => x.seed - y.seed);
  const seedsOf = (g: string) => (by.get(g) ?? []).map((r) => r.seed);
  const top = (r: Zhong2025Result) => r.neural.layers[r.neural.layers.length - 1];
  const measures = {
    trialsToCriterion: (r: Zhong2025Result) => r.trialsToCriterion,
    first200Correct: (r: Zhong2025Result) => r.first200Correct,
    selectiveFraction: (r: Zhong2025Result) => top(r).selectiveFraction,
    // |d′| ≥ 0.3 saturates in small models; the mean |d′| still shows the change.
    meanAbsDPrime: (r: Zhong2025Result) => top(r).meanAbsDPrime,
  };
  const groups: Record<string, Record<string, unknown>> = {};
  for (const [g, rs] of by) {
    if (rs.length === 0) continue;
    const entry: Record<string, unknown> = {};
    for (const [k, f] of Object.entries(measures)) entry[k] = stat(rs.map(f));
    entry.reachedCriterion = rs.filter((r) => r.reached).length;
    entry.layers = rs[0].neural.layers.map((_, k) => ({
      selectiveFraction: stat(rs.map((r) => r.neural.layers[k].selectiveFraction)),
      meanAbsDPrime: stat(rs.map((r) => r.neural.layers[k].meanAbsDPrime)),
      weightChange: stat(rs.map((r) => r.neural.layers[k].weightChange)),
    }));
    entry.similarity = Object.fromEntries(
      TEST_STIMULI.slice(2).map((c) => [
        c,
        stat(rs.map((r) => top(r).similarity[c]).filter((v): v is number => v !== null)),
      ]),
    );
    groups[g] = entry;
  }

  // Statistics over seeds: exposed-naturalistic vs naive and vs grating-exposed (Holm over
  // the two comparisons of each measure), and task vs naive / unsupervised for selectivity.
  const values = (g: string, f: (r: Zhong2025Result) => number) => (by.get(g) ?? []).map(f);
  const tests: Record<string, Record<string, unknown>> = {};
  for (const [k, f] of Object.entries(measures)) {
    const pairs: [string, string][] = [["unsupervised", "naive"], ["unsupervised", "grating"]];
    if (k === "selectiveFraction" || k === "meanAbsDPrime") {
      pairs.push(["task", "naive"], ["task", "unsupervised"]);
    }
    const rows = pairs.map(([a, b]) => ({
      a,
      b,
      c: compare(values(a, f), values(b, f), seedsOf(a), seedsOf(b)),
    }));
    const ok = rows.filter((r) => r.c !== null);
    const adjusted = holm(ok.map((r) => r.c!.mannWhitneyP));
    tests[k] = Object.fromEntries(rows.map((r) => {
      const i = ok.indexOf(r);
      return [
        `${r.a}_vs_${r.b}`,
        r.c ? { ...r.c, mannWhitneyPHolm: r4(adjusted[i]) } : null,
      ];
    }));
  }

  const figures: string[] = [];
  const save = async (name: string, svg: string) => {
    await writeFileAtomic(join(ctx.runDir, name), svg);
    figures.push(name);
  };
  const curveSeries: Series[] = [];
  const sweepSeries: Series[] = [];
  const projSeries: Series[] = [];
  for (const [g, rs] of by) {
    if (rs.length === 0) continue;
    const len = Math.min(...rs.map((r) => r.curve.length));
    const x = Array.from({ length: len }, (_, i) => 20 * (i + 1));
    const cols = x.map((_, i) => stat(rs.map((r) => r.curve[i])));
    curveSeries.push({
      name: g,
      x,
      y: cols.map((c) => c.mean),
      err: cols.map((c) => (c.n > 1 ? c.sd / Math.sqrt(c.n) : 0)),
    });
    const sweep = top(rs[0]).sweep;
    sweepSeries.push({
      name: g,
      x: sweep.map((s) => s.threshold),
      y: sweep.map((_, i) => stat(rs.map((r) => top(r).sweep[i].fraction)).mean),
    });
    // Projections rescaled per seed so leaf1 = +1 and circle1 = −1 (the SI scale).
    projSeries.push({
      name: g,
      x: TEST_STIMULI.map((_, i) => i),
      y: TEST_STIMULI.map((c) =>
        stat(rs.map((r) => {
          const p = top(r).projection, span = p.leaf1 - p.circle1;
          return Math.abs(span) > 1e-9 ? (2 * (p[c] - p.circle1)) / span - 1 : 0;
        })).mean
      ),
    });
  }
  if (curveSeries.length > 0) {
    await save(
      "learning_curves.svg",
      linePlot(curveSeries, {
        title: "Task learning (fraction correct per 20 trials, ± s.e.m.)",
        xLabel: "trial",
        yLabel: "fraction correct",
      }),
    );
    await save(
      "selectivity_sweep.svg",
      linePlot(sweepSeries, {
        title: "Selective units (top layer) vs |d′| threshold",
        xLabel: "|d′| threshold",
        yLabel: "fraction selective",
      }),
    );
    await save(
      "coding_direction.svg",
      linePlot(projSeries, {
        title: `Held-out projection: ${TEST_STIMULI.map((c, i) => `${i}=${c}`).join(" ")}`,
        xLabel: "stimulus",
        yLabel: "projection (leaf1 = 1, circle1 = −1)",
      }),
    );
  }
  const summary = {
    mode: config.mode,
    objective: config.objective,
    seeds: config.seeds.length,
    groups,
    tests,
    figures,
    missing: ctx.missing,
  };
  await writeFileAtomic(join(ctx.runDir, "report.json"), JSON.stringify(summary, null, 2));
  for (const [g, e] of Object.entries(groups)) {
    const s = e as Record<string, Stat>;
    ctx.log(
      `${
        g.padEnd(12)
      } trials-to-criterion ${s.trialsToCriterion.mean} ± ${s.trialsToCriterion.sd}` +
        `  first-200 correct ${s.first200Correct.mean} ± ${s.first200Correct.sd}` +
        `  selective ${s.selectiveFraction.mean} ± ${s.selectiveFraction.sd}`,
    );
  }
  for (const [k, t] of Object.entries(tests)) {
    for (const [pair, c] of Object.entries(t)) {
      if (c) ctx.log(`${k} ${pair}: ${JSON.stringify(c)}`);
    }
  }
  return summary;
}
