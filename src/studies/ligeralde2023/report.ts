/**
 * The ligeralde2023 report: probe accuracies, capacities (the authors' definition), the
 * participation-ratio dimension and the held-out validation loss per condition (mean, SD,
 * 95 % CI over seeds); capacity per layer for translation, class and wave manifolds;
 * translation probes at intermediate layers; paired t-tests between conditions (pairs =
 * same seed, Holm-corrected within each metric), and SVG figures.
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
  "capacityEmbedding",
  "capacityClass",
  "waveCapacity",
  "dimension",
  "validationLoss",
] as const;
/**
 * One of {@link LIGERALDE_METRICS}: probe accuracies; simulated capacity (balanced
 * dichotomies, with bias) of ±10 % translation manifolds at the features and at the
 * embedding, of class manifolds and of held-out wave manifolds at the features; the
 * participation-ratio dimension of the translation manifolds at the features; the
 * contrastive loss on held-out waves after the last epoch.
 */
export type LigeraldeMetric = typeof LIGERALDE_METRICS[number];

function metric(r: LigeraldeUnitResult, m: LigeraldeMetric): number {
  const at = (layer: string) => r.capacity[layer];
  switch (m) {
    case "classification":
      return r.classification;
    case "translation":
      return r.translation;
    case "capacity":
      return at("features")?.translation.simulated ?? NaN;
    case "capacityEmbedding":
      return at("embedding")?.translation.simulated ?? NaN;
    case "capacityClass":
      return at("features")?.class.simulated ?? NaN;
    case "waveCapacity":
      return at("features")?.waves?.simulated ?? NaN;
    case "dimension":
      return at("features")?.translation.participationRatio ?? NaN;
    case "validationLoss":
      return r.validationLosses?.at(-1) ?? NaN;
  }
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
      if (![...xa, ...xb].every(Number.isFinite)) continue;
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

  const hidden = config.projector === "simclr" ? 1 : 2;
  const layers = layerNames(config.encoder.widths.length, hidden).filter((l) =>
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
    "## Probe accuracy (mean ± SD [95 % CI] over seeds)",
    "",
    "Linear probes on the frozen encoder's pooled features, batch-norm statistics",
    "re-estimated on each probe's training images" +
    (config.eval.reestimateBn ? "" : " (off in this run)") + ".",
    "",
    "| condition | n | classification % | translation % |" +
    config.eval.probeLayers.map((l) => ` translation % (${l}) |`).join(""),
    "|---|---|---|---|" + config.eval.probeLayers.map(() => "---|").join(""),
    ...present.map((c) => {
      const d = (m: LigeraldeMetric) => describe(by(c).map((r) => metric(r, m)));
      const acc = (m: LigeraldeMetric) => {
        const e = d(m);
        return `${pct(e.mean)} ± ${pct(e.sd)} [${pct(e.ci[0])}, ${pct(e.ci[1])}]`;
      };
      const layerAcc = config.eval.probeLayers.map((l) => {
        const e = describe(
          by(c).map((r) => r.layerTranslation?.[l] ?? NaN).filter(Number.isFinite),
        );
        return ` ${pct(e.mean)} ± ${pct(e.sd)} |`;
      });
      return `| ${c} | ${by(c).length} | ${acc("classification")} | ${acc("translation")} |` +
        layerAcc.join("");
    }),
    "",
    "## Geometry (mean ± SD over seeds)",
    "",
    `Simulated capacity as the authors measure it: ${config.eval.capacityReps} dichotomies ` +
    "per N with exactly P/2 positive manifolds, hyperplanes with a bias, α = P/N_c. " +
    `Translation manifolds: ${config.eval.capacityExemplars} Fashion-MNIST exemplars × ` +
    `${config.eval.capacityShifts} shifts of up to ±${100 * config.eval.capacityMaxShift} %; ` +
    `class manifolds: 10 × ${config.eval.capacityPerClass}; wave manifolds: up to ` +
    `${config.eval.waveManifolds} held-out waves × ${config.eval.wavePoints} frames (the same ` +
    "waves for every condition of a seed). PR = participation-ratio dimension of the " +
    "translation-manifold points; validation loss = the pre-training loss on held-out waves " +
    "(random init: untrained).",
    "",
    "| condition | n | α translation (features) | α translation (embedding) | α class (features) | " +
    "α waves (features) | PR (features) | validation loss |",
    "|---|---|---|---|---|---|---|---|",
    ...present.map((c) => {
      const cell = (m: LigeraldeMetric, digits = 3) => {
        const e = describe(by(c).map((r) => metric(r, m)).filter(Number.isFinite));
        return `${fmt(e.mean, digits)} ± ${fmt(e.sd, digits)}`;
      };
      return `| ${c} | ${by(c).length} | ${cell("capacity")} | ${cell("capacityEmbedding")} | ` +
        `${cell("capacityClass")} | ${cell("waveCapacity")} | ${cell("dimension", 1)} | ` +
        `${cell("validationLoss")} |`;
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
    "## Capacity per layer (simulated α; mean-field α, R_M, D_M, centre correlation, PR)",
    "",
    "| condition | manifolds | " + layers.join(" | ") + " |",
    "|---|---|" + layers.map(() => "---").join("|") + "|",
    ...present.flatMap((c) =>
      (["translation", "class", "waves"] as const).map((kind) => {
        const cells = layers.map((l) => {
          const m = (f: (e: LigeraldeUnitResult["capacity"][string]["translation"]) => number) =>
            describe(
              withLayer(c, l).map((r) => r.capacity[l][kind]).filter((e) => e !== undefined)
                .map((e) => f(e!)),
            ).mean;
          return `${fmt(m((e) => e.simulated))} (MF ${fmt(m((e) => e.meanField))}, R ${
            fmt(m((e) => e.radius), 2)
          }, D ${fmt(m((e) => e.dimension), 1)}, ρ ${fmt(m((e) => e.centreCorrelation), 2)}, PR ${
            fmt(m((e) => e.participationRatio), 1)
          })`;
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
      const val = Array.from(
        { length: epochs },
        (_, e) =>
          fmt(
            describe(rs.map((r) => r.validationLosses?.[e] ?? NaN).filter(Number.isFinite)).mean,
            4,
          ),
      );
      return `- ${c}: ${mean.join(" → ")} (${
        fmt(describe(rs.map((r) => r.waves)).mean, 0)
      } waves); ` +
        `held-out waves: ${val.join(" → ")}`;
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
