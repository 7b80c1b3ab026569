/**
 * The ligeralde2023 report: probe accuracies and capacities per condition (mean, SD, 95 % CI
 * over seeds), capacity per layer for translation and class manifolds, paired t-tests
 * between conditions (pairs = same seed, Holm-corrected within each metric), and SVG figures.
 *
 * @module
 */
import type { MetricSummary, ReportContext, StudyReport } from "../../experiment/contract.ts";
import { describe, pairedTTest } from "../../analysis/stats/mod.ts";
import { correctFamily, type RawTest, summarise } from "../_kit/summaries.ts";
import { linePlot } from "../_kit/plots.ts";
import type { LigeraldeConfig } from "./config.ts";
import type { LigeraldeUnitResult } from "./unit.ts";
import { layerNames } from "./_eval.ts";

/** The metrics of `summary.json`, per condition. */
export const LIGERALDE_METRICS = [
  "classification",
  "translation",
  "capacity",
  "capacityClass",
] as const;
/** One of {@link LIGERALDE_METRICS}: probe accuracies, and simulated capacity at the features. */
export type LigeraldeMetric = typeof LIGERALDE_METRICS[number];

function metric(r: LigeraldeUnitResult, m: LigeraldeMetric): number {
  if (m === "classification") return r.classification;
  if (m === "translation") return r.translation;
  if (m === "capacity") return r.capacity.features.translation.simulated;
  return r.capacity.features.class.simulated;
}

const fmt = (v: number, d = 3) => (Number.isFinite(v) ? v.toFixed(d) : "n/a");
const pct = (v: number) => (Number.isFinite(v) ? (100 * v).toFixed(1) : "n/a");

/** Results of one condition, by seed. */
type ByCondition = (condition: string) => LigeraldeUnitResult[];

/**
 * Paired t-tests: every trained condition against random init, and waves against each of its
 * shuffle controls; one Holm family per metric.
 */
function comparisons(present: string[], by: ByCondition) {
  const pairs: [string, string][] = [];
  for (const c of present) {
    if (c !== "random" && present.includes("random")) pairs.push([c, "random"]);
  }
  for (const c of ["temporal", "pixel", "both"]) {
    if (present.includes("waves") && present.includes(c)) pairs.push(["waves", c]);
  }
  const tests = [];
  const meanDifferences: number[] = [];
  for (const m of LIGERALDE_METRICS) {
    const family: RawTest[] = [];
    for (const [a, b] of pairs) {
      const seeds = by(a).map((r) => r.seed).filter((s) => by(b).some((r) => r.seed === s));
      if (seeds.length < 2) continue;
      const xa = seeds.map((s) => metric(by(a).find((r) => r.seed === s)!, m));
      const xb = seeds.map((s) => metric(by(b).find((r) => r.seed === s)!, m));
      const t = pairedTTest(xa, xb);
      family.push({ metric: m, a, b, method: "paired t", statistic: t.t, p: t.p, n: seeds.length });
      meanDifferences.push(t.meanDifference);
    }
    tests.push(...correctFamily(family, "holm"));
  }
  return { tests, meanDifferences };
}

/** Capacity-by-layer figures (one line per condition) and the accuracy figure. */
function figures(
  present: string[],
  layers: string[],
  withLayer: (c: string, l: string) => LigeraldeUnitResult[],
  metrics: Record<string, Record<string, MetricSummary>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kind of ["translation", "class"] as const) {
    const series = present.map((c) => {
      const y = layers.map((l) =>
        describe(withLayer(c, l).map((r) => r.capacity[l][kind].simulated))
      );
      return {
        name: c,
        x: layers.map((_, i) => i),
        y: y.map((d) => d.mean),
        err: y.map((d) => (Number.isFinite(d.sd) ? d.sd : 0)),
      };
    });
    out[`capacity_${kind}.svg`] = linePlot(series, {
      title: `Simulated capacity of ${kind} manifolds by layer (${layers.join(", ")})`,
      xLabel: `layer (0 = ${layers[0]}, ${layers.length - 1} = ${layers.at(-1)})`,
      yLabel: "capacity α = P/N",
    });
  }
  const accuracy = (["classification", "translation"] as const).map((m) => ({
    name: m,
    x: present.map((_, i) => i),
    y: present.map((c) => metrics[c][m].mean),
    err: present.map((c) => (Number.isFinite(metrics[c][m].sd) ? metrics[c][m].sd : 0)),
  }));
  out["accuracy.svg"] = linePlot(accuracy, {
    title: "Linear-probe test accuracy by condition (± SD over seeds)",
    xLabel: present.map((c, i) => `${i}=${c}`).join(" "),
    yLabel: "accuracy",
  });
  return out;
}

/**
 * Aggregates the units that exist into report.md, summary metrics, tests and figures.
 * `extra.capacityByLayer` holds the simulated capacity per condition, layer and manifold
 * kind; `extra.meanDifferences` the mean paired difference (a − b) of each test, in order.
 *
 * @example
 * ```ts
 * import { ligeralde2023 } from "@prevision/prevision/studies";
 * const ctx = { runDir: "/tmp/run", missing: [], log: console.log };
 * const report = await reportLigeralde(ligeralde2023.presets.tiny, new Map(), ctx);
 * console.log(report.markdown);
 * ```
 */
export function reportLigeralde(
  config: LigeraldeConfig,
  results: Map<string, LigeraldeUnitResult>,
  ctx: ReportContext,
): Promise<StudyReport> {
  const all = [...results.values()];
  const by: ByCondition = (c) =>
    all.filter((r) => r.condition === c).sort((a, b) => a.seed - b.seed);
  const present: string[] = config.conditions.filter((c) => by(c).length > 0);
  const metrics: Record<string, Record<string, MetricSummary>> = {};
  for (const c of present) {
    metrics[c] = Object.fromEntries(
      LIGERALDE_METRICS.map((m) => [m, summarise(by(c).map((r) => metric(r, m)))]),
    );
  }
  const { tests, meanDifferences } = comparisons(present, by);

  const layers = layerNames(config.encoder.widths.length).filter((l) =>
    all.some((r) => r.capacity[l])
  );
  // Pixel capacity does not depend on the encoder: it is measured in the random-init units.
  const withLayer = (c: string, l: string) => {
    const own = by(c).filter((r) => r.capacity[l]);
    return own.length ? own : all.filter((r) => r.capacity[l]);
  };
  const capacityByLayer = Object.fromEntries(present.map((c) => [
    c,
    Object.fromEntries(layers.map((l) => [l, {
      translation: summarise(withLayer(c, l).map((r) => r.capacity[l].translation.simulated)),
      class: summarise(withLayer(c, l).map((r) => r.capacity[l].class.simulated)),
    }])),
  ]));
  const figs = present.length ? figures(present, layers, withLayer, metrics) : {};

  const lines = [
    "# ligeralde2023 — contrastive pre-training on retinal waves",
    "",
    `Preset **${config.preset}**; encoder widths [${config.encoder.widths}], blocks ` +
    `[${config.encoder.blocks}], ${config.encoder.inChannels} input channel(s); projector ` +
    `${config.projector}; ${config.pretrain.epochs} epochs, lr ${config.pretrain.learningRate}, ` +
    `τ ${config.pretrain.tau}, k ${config.pretrain.k}; waves: ${config.waveModel}, ` +
    `${config.waveFrames} frames per seed; seeds ${config.seeds.join(", ")}.`,
    ctx.missing.length ? `\nMissing units: ${ctx.missing.join(", ")}` : "",
    "",
    "## Probe accuracy and capacity at the feature layer (mean ± SD [95 % CI] over seeds)",
    "",
    "| condition | classification % | translation % | capacity (translation) | capacity (class) |",
    "|---|---|---|---|---|",
    ...present.map((c) => {
      const d = (m: LigeraldeMetric) => describe(by(c).map((r) => metric(r, m)));
      const acc = (m: LigeraldeMetric) => {
        const e = d(m);
        return `${pct(e.mean)} ± ${pct(e.sd)} [${pct(e.ci[0])}, ${pct(e.ci[1])}]`;
      };
      const cap = (m: LigeraldeMetric) => `${fmt(d(m).mean)} ± ${fmt(d(m).sd)}`;
      return `| ${c} | ${acc("classification")} | ${acc("translation")} | ` +
        `${cap("capacity")} | ${cap("capacityClass")} |`;
    }),
    "",
    "## Paired t-tests (pairs = seeds; Holm-corrected within each metric)",
    "",
    "| metric | a | b | n | mean(a − b) | t | p | p (Holm) |",
    "|---|---|---|---|---|---|---|---|",
    ...tests.map((t, i) =>
      `| ${t.metric} | ${t.a} | ${t.b} | ${t.n} | ${fmt(meanDifferences[i], 4)} | ` +
      `${fmt(t.statistic, 2)} | ${fmt(t.p, 4)} | ${fmt(t.pAdjusted, 4)} |`
    ),
    "",
    "## Capacity per layer (simulated α; mean-field α, R_M, D_M, centre correlation)",
    "",
    "| condition | manifolds | " + layers.join(" | ") + " |",
    "|---|---|" + layers.map(() => "---").join("|") + "|",
    ...present.flatMap((c) =>
      (["translation", "class"] as const).map((kind) => {
        const cells = layers.map((l) => {
          const m = (f: (e: LigeraldeUnitResult["capacity"][string]["translation"]) => number) =>
            describe(withLayer(c, l).map((r) => f(r.capacity[l][kind]))).mean;
          return `${fmt(m((e) => e.simulated))} (MF ${fmt(m((e) => e.meanField))}, R ${
            fmt(m((e) => e.radius), 2)
          }, D ${fmt(m((e) => e.dimension), 1)}, ρ ${fmt(m((e) => e.centreCorrelation), 2)})`;
        });
        return `| ${c} | ${kind} | ${cells.join(" | ")} |`;
      })
    ),
    "",
    "## Pre-training loss (mean over seeds, per epoch)",
    "",
    ...present.filter((c) => c !== "random").map((c) => {
      const rs = by(c);
      const epochs = Math.max(0, ...rs.map((r) => r.losses.length));
      const mean = Array.from(
        { length: epochs },
        (_, e) => fmt(describe(rs.map((r) => r.losses[e]).filter(Number.isFinite)).mean, 4),
      );
      return `- ${c}: ${mean.join(" → ")} (${fmt(describe(rs.map((r) => r.waves)).mean, 0)} waves)`;
    }),
    "",
    ...Object.keys(figs).map((f) => `![${f}](figures/${f})`),
    "",
  ];
  return Promise.resolve({
    markdown: lines.join("\n"),
    metrics,
    tests,
    figures: figs,
    extra: { capacityByLayer, meanDifferences },
  });
}
