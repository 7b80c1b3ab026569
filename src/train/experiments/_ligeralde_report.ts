/**
 * The ligeralde2023 report: probe accuracies and capacities per condition (mean, SD, 95 % CI
 * over seeds), capacity per layer for translation and class manifolds, paired t-tests between
 * conditions (pairs = same seed, Holm-corrected per metric), SVG figures and report.md.
 */
import { join } from "node:path";
import type { ReportContext } from "../experiment.ts";
import type { LigeraldeConfig, LigeraldeUnitResult } from "./ligeralde2023.ts";
import { layerNames } from "./_ligeralde_eval.ts";
import { describe, holm, pairedTTest } from "../../analysis/stats/index.ts";
import { linePlot } from "../../studies/_kit/plots.ts";
import { writeFileAtomic } from "../../util/atomic.ts";

type Metric = "classification" | "translation" | "capacity" | "capacityClass";
const METRICS: Metric[] = ["classification", "translation", "capacity", "capacityClass"];

function metric(r: LigeraldeUnitResult, m: Metric): number {
  if (m === "classification") return r.classification;
  if (m === "translation") return r.translation;
  if (m === "capacity") return r.capacity.features.translation.simulated;
  return r.capacity.features.class.simulated;
}

/** A comparison between two conditions on one metric. */
export interface Comparison {
  metric: Metric;
  a: string;
  b: string;
  n: number;
  meanDifference: number;
  t: number;
  p: number;
  pHolm: number;
}

const fmt = (v: number, d = 3) => (Number.isFinite(v) ? v.toFixed(d) : "n/a");
const pct = (v: number) => (Number.isFinite(v) ? (100 * v).toFixed(1) : "n/a");

/** Builds report.md and figures; returns the JSON summary. */
export async function reportLigeralde(
  config: LigeraldeConfig,
  results: Map<string, LigeraldeUnitResult>,
  ctx: ReportContext,
): Promise<Record<string, unknown>> {
  const all = [...results.values()];
  const by = (c: string) => all.filter((r) => r.condition === c).sort((a, b) => a.seed - b.seed);
  const present = config.conditions.filter((c) => by(c).length > 0);
  const conditions: Record<string, Record<string, unknown>> = {};
  for (const c of present) {
    const rs = by(c);
    const entry: Record<string, unknown> = { seeds: rs.length };
    for (const m of METRICS) {
      const d = describe(rs.map((r) => metric(r, m)));
      entry[m] = { mean: d.mean, sd: d.sd, ci: d.ci };
    }
    conditions[c] = entry;
  }
  // Pairs to test: every trained condition against random init; waves against its controls.
  const pairs: [string, string][] = [];
  for (const c of present) {
    if (c !== "random" && present.includes("random")) pairs.push([c, "random"]);
  }
  for (const c of ["temporal", "pixel", "both"] as const) {
    if (present.includes("waves") && present.includes(c)) pairs.push(["waves", c]);
  }
  const comparisons: Comparison[] = [];
  for (const m of METRICS) {
    const family: Comparison[] = [];
    for (const [a, b] of pairs) {
      const seeds = by(a).map((r) => r.seed).filter((s) => by(b).some((r) => r.seed === s));
      if (seeds.length < 2) continue;
      const xa = seeds.map((s) => metric(by(a).find((r) => r.seed === s)!, m));
      const xb = seeds.map((s) => metric(by(b).find((r) => r.seed === s)!, m));
      const t = pairedTTest(xa, xb);
      family.push({
        metric: m,
        a,
        b,
        n: seeds.length,
        meanDifference: t.meanDifference,
        t: t.t,
        p: t.p,
        pHolm: NaN,
      });
    }
    const adjusted = family.length ? holm(family.map((f) => (Number.isFinite(f.p) ? f.p : 1))) : [];
    family.forEach((f, i) => (f.pHolm = adjusted[i]));
    comparisons.push(...family);
  }

  // Figures: capacity per layer (translation and class manifolds), one line per condition.
  const layers = layerNames(config.encoder.widths.length).filter((l) =>
    all.some((r) => r.capacity[l])
  );
  // Pixel capacity does not depend on the encoder: it is measured in the random-init units.
  const withLayer = (c: string, l: string) => {
    const own = by(c).filter((r) => r.capacity[l]);
    return own.length ? own : all.filter((r) => r.capacity[l]);
  };
  const figures: string[] = [];
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
    const name = `capacity_${kind}.svg`;
    await writeFileAtomic(
      join(ctx.runDir, name),
      linePlot(series, {
        title: `Simulated capacity of ${kind} manifolds by layer (${layers.join(", ")})`,
        xLabel: `layer (0 = ${layers[0]}, ${layers.length - 1} = ${layers.at(-1)})`,
        yLabel: "capacity α = P/N",
      }),
    );
    figures.push(name);
  }
  const accSeries = (["classification", "translation"] as const).map((m) => ({
    name: m,
    x: present.map((_, i) => i),
    y: present.map((c) => (conditions[c][m] as { mean: number }).mean),
    err: present.map((c) => {
      const sd = (conditions[c][m] as { sd: number }).sd;
      return Number.isFinite(sd) ? sd : 0;
    }),
  }));
  await writeFileAtomic(
    join(ctx.runDir, "accuracy.svg"),
    linePlot(accSeries, {
      title: "Linear-probe test accuracy by condition (± SD over seeds)",
      xLabel: present.map((c, i) => `${i}=${c}`).join(" "),
      yLabel: "accuracy",
    }),
  );
  figures.push("accuracy.svg");

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
      const e = conditions[c] as Record<Metric, { mean: number; sd: number; ci: [number, number] }>;
      const acc = (m: Metric) =>
        `${pct(e[m].mean)} ± ${pct(e[m].sd)} [${pct(e[m].ci[0])}, ${pct(e[m].ci[1])}]`;
      return `| ${c} | ${acc("classification")} | ${acc("translation")} | ` +
        `${fmt(e.capacity.mean)} ± ${fmt(e.capacity.sd)} | ${fmt(e.capacityClass.mean)} ± ${
          fmt(e.capacityClass.sd)
        } |`;
    }),
    "",
    "## Paired t-tests (pairs = seeds; Holm-corrected within each metric)",
    "",
    "| metric | a | b | n | mean(a − b) | t | p | p (Holm) |",
    "|---|---|---|---|---|---|---|---|",
    ...comparisons.map((c) =>
      `| ${c.metric} | ${c.a} | ${c.b} | ${c.n} | ${fmt(c.meanDifference, 4)} | ${fmt(c.t, 2)} | ` +
      `${fmt(c.p, 4)} | ${fmt(c.pHolm, 4)} |`
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
    ...figures.map((f) => `![${f}](${f})`),
    "",
  ];
  await writeFileAtomic(join(ctx.runDir, "report.md"), lines.join("\n"));
  ctx.log(`report: ${join(ctx.runDir, "report.md")}`);
  const summaryConditions: Record<string, unknown> = {};
  for (const c of present) {
    const e = conditions[c] as Record<Metric, { mean: number; sd: number }>;
    summaryConditions[c] = Object.fromEntries(
      METRICS.map((m) => [m, { mean: e[m].mean, sd: e[m].sd }]),
    );
  }
  return {
    report: join(ctx.runDir, "report.md"),
    figures: figures.map((f) => join(ctx.runDir, f)),
    conditions: summaryConditions,
    comparisons: comparisons.map((c) => ({
      metric: c.metric,
      a: c.a,
      b: c.b,
      p: c.p,
      pHolm: c.pHolm,
      meanDifference: c.meanDifference,
    })),
  };
}
