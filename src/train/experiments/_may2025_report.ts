/** The may2025 report: table, paired tests with corrections, learning curves, GIFs. */
import { join } from "node:path";
import { tf } from "../../backend/tf.ts";
import {
  bonferroni,
  holm,
  mean,
  pairedTTest,
  sd,
  wilcoxonSignedRank,
} from "../../analysis/stats/index.ts";
import { openFrameWriter } from "../../io/frame_writer.ts";
import { writeFileAtomic } from "../../util/atomic.ts";
import { errorMessage } from "../../util/errors.ts";
import type { ReportContext } from "../experiment.ts";
import { loadCheckpoint } from "../checkpoint.ts";
import { linePlot } from "../../studies/_kit/plots.ts";
import { foldData, targetMovie } from "./_may2025_data.ts";
import type { May2025Condition, May2025Config, May2025UnitResult } from "./may2025.ts";
import { MAY2025_CONDITIONS } from "./may2025.ts";
import { receptiveFieldSection } from "./_may2025_rf.ts";
import { dataConfig } from "./_may2025_unit.ts";

const METRICS = ["epoch0", "epoch1", "best", "test"] as const;
type Metric = typeof METRICS[number];
/** Comparisons tested on every metric (a vs b, paired by seed). */
const PAIRS: [May2025Condition, May2025Condition][] = [
  ["directional", "none"],
  ["undirectional", "none"],
  ["shuffled", "none"],
  ["directional", "shuffled"],
  ["directional", "undirectional"],
  ["budget", "none"],
];
/** Published means ± SD (SCIENCE.md §1: corridor, conv-RNN, 64×64, 64 channels). */
const PUBLISHED: Partial<Record<May2025Condition, Partial<Record<Metric, [number, number]>>>> = {
  directional: { epoch0: [231, 12], epoch1: [48.7, 17.8] },
  undirectional: { epoch0: [263, 47], epoch1: [63.7, 9.6] },
  none: { epoch0: [623, 200], epoch1: [123.2, 6.5] },
  shuffled: { epoch0: [476, 339], epoch1: [103.8, 13.2] },
};

/** A test of the report. */
export interface May2025Test {
  a: string;
  b: string;
  metric: Metric;
  n: number;
  meanDifference: number;
  t: number;
  p: number;
  /** Bonferroni-adjusted within the metric's family. */
  pAdjusted: number;
  pHolm: number;
  wilcoxonP: number;
}

/** Per seed, the fold-averaged value of a metric for a condition. */
function perSeed(
  config: May2025Config,
  results: Map<string, May2025UnitResult>,
  c: May2025Condition,
  m: Metric,
) {
  const out = new Map<number, number>();
  for (const seed of config.seeds) {
    const vals: number[] = [];
    for (let fold = 0; fold < config.folds; fold++) {
      const r = results.get(`seed${seed}-fold${fold + 1}`)?.conditions[c];
      if (!r) continue;
      const v = m === "epoch0"
        ? r.val[0]
        : m === "epoch1"
        ? r.val[1]
        : m === "best"
        ? r.best
        : r.test;
      if (Number.isFinite(v)) vals.push(v);
    }
    if (vals.length === config.folds) out.set(seed, mean(vals));
  }
  return out;
}

const fmt = (
  v: number,
) => (!Number.isFinite(v) ? "–" : Math.abs(v) >= 100 ? v.toFixed(1) : v.toPrecision(3));
const fmtP = (
  p: number,
) => (!Number.isFinite(p) ? "–" : p < 1e-4 ? p.toExponential(1) : p.toFixed(4));

/** Writes report.md, summary.json, plots and GIFs; returns the --json summary. */
export async function reportMay2025(
  config: May2025Config,
  results: Map<string, May2025UnitResult>,
  ctx: ReportContext,
): Promise<Record<string, unknown>> {
  const conditions = MAY2025_CONDITIONS.filter((c) => config.conditions.includes(c));
  const table: Record<string, Record<Metric, { mean: number; sd: number; n: number }>> = {};
  for (const c of conditions) {
    table[c] = {} as Record<Metric, { mean: number; sd: number; n: number }>;
    for (const m of METRICS) {
      const v = [...perSeed(config, results, c, m).values()];
      table[c][m] = { mean: mean(v), sd: sd(v), n: v.length };
    }
  }
  const tests: May2025Test[] = [];
  for (const m of METRICS) {
    const family: May2025Test[] = [];
    for (const [a, b] of PAIRS) {
      if (!conditions.includes(a) || !conditions.includes(b)) continue;
      if (a === "budget" && m !== "test") continue; // budget differs only in what it ends with
      const va = perSeed(config, results, a, m), vb = perSeed(config, results, b, m);
      const seeds = [...va.keys()].filter((s) => vb.has(s));
      if (seeds.length < 2) continue;
      const xa = seeds.map((s) => va.get(s)!), xb = seeds.map((s) => vb.get(s)!);
      const t = pairedTTest(xa, xb);
      family.push({
        a,
        b,
        metric: m,
        n: seeds.length,
        meanDifference: t.meanDifference,
        t: t.t,
        p: Number.isFinite(t.p) ? t.p : 1,
        pAdjusted: 1,
        pHolm: 1,
        wilcoxonP: wilcoxonSignedRank(xa, xb).p,
      });
    }
    const bon = bonferroni(family.map((t) => t.p)), hol = holm(family.map((t) => t.p));
    family.forEach((t, i) => {
      t.pAdjusted = bon[i];
      t.pHolm = hol[i];
    });
    tests.push(...family);
  }

  // learning curves (validation loss, mean ± SD over seeds, fold 1)
  const curves = conditions.map((c) => {
    const rows = config.seeds.map((s) => results.get(`seed${s}-fold1`)?.conditions[c]?.val).filter((
      v,
    ): v is number[] => !!v);
    const len = Math.max(0, ...rows.map((r) => r.length));
    const x = Array.from({ length: len }, (_, i) => i);
    const at = (i: number) => rows.map((r) => r[i]).filter((v) => Number.isFinite(v));
    return {
      name: c,
      x,
      y: x.map((i) => mean(at(i))),
      err: x.map((i) => (at(i).length > 1 ? sd(at(i)) : 0)),
    };
  }).filter((s) => s.x.length > 0);
  const figures: string[] = [];
  if (curves.length) {
    await writeFileAtomic(
      join(ctx.runDir, "learning_curves.svg"),
      linePlot(curves, {
        title: "Validation loss while fine-tuning (mean ± SD over seeds)",
        xLabel: "epoch",
        yLabel: "summed squared error per clip",
        logY: true,
      }),
    );
    figures.push("learning_curves.svg");
  }
  const gifs = await predictionGifs(config, conditions, ctx).catch((error) => {
    ctx.log(`GIFs skipped: ${errorMessage(error)}`);
    return [] as string[];
  });

  const md: string[] = [
    `# may2025: retinal-wave pre-training for next-frame prediction`,
    "",
    `Preset **${config.preset}**: ${config.model.cell} cells, ${config.model.channels} channels, ${config.model.size}×${config.model.size} frames, ${config.model.frames} input frames; ` +
    `${config.seeds.length} seeds × ${config.folds} fold(s); Adam lr ${config.learningRate}, batch ${config.batchSize}; ` +
    `pre-training ${config.pretrainEpochs} epochs on ${config.pretrainClips} wave clips; fine-tuning ≤ ${config.finetuneEpochs} epochs on ${
      config.natural ? "a natural movie" : "the corridor"
    } ` +
    `(${config.finetuneClips} clips, ${
      Math.round(config.testFraction * 100)
    } % held out for test).`,
    "",
    "Loss = summed squared error per clip (sum over pixels of the predicted next frame), on the validation split " +
    "(epoch 0 = before fine-tuning) and on the test split for the best-validation model. Mean ± SD over seeds " +
    "(each seed's value averaged over folds).",
    "",
    `| condition | epoch 0 | epoch 1 | best | test | n |`,
    `|---|---|---|---|---|---|`,
    ...conditions.map((c) =>
      `| ${c} | ${
        METRICS.map((m) => `${fmt(table[c][m].mean)} ± ${fmt(table[c][m].sd)}`).join(" | ")
      } | ${table[c].test.n} |`
    ),
    "",
    ...(await baselineLines(config)),
    "",
    "Published (May et al. 2025, corridor, 64×64, 64 channels, lr 1e-4; the loss scales with the number of pixels, so compare ratios, not absolute values):",
    "",
    `| condition | epoch 0 | epoch 1 |`,
    `|---|---|---|`,
    ...Object.entries(PUBLISHED).map(([c, v]) =>
      `| ${c} | ${v.epoch0![0]} ± ${v.epoch0![1]} | ${v.epoch1![0]} ± ${v.epoch1![1]} |`
    ),
    "",
    "## Paired tests (across seeds)",
    "",
    "Two-sided paired t-test; p adjusted for the comparisons of each metric (Bonferroni, and Holm); Wilcoxon signed-rank as a check (with 5 seeds its smallest possible two-sided p is 0.0625).",
    "",
    `| a | b | metric | mean a−b | t | p | p Bonferroni | p Holm | p Wilcoxon |`,
    `|---|---|---|---|---|---|---|---|---|`,
    ...tests.map((t) =>
      `| ${t.a} | ${t.b} | ${t.metric} | ${fmt(t.meanDifference)} | ${t.t.toFixed(2)} | ${
        fmtP(t.p)
      } | ${fmtP(t.pAdjusted)} | ${fmtP(t.pHolm)} | ${fmtP(t.wilcoxonP)} |`
    ),
    "",
    "## Figures",
    "",
    ...figures.map((f) => `![${f}](${f})`),
    "",
    ...gifs.map((g) =>
      `- ${
        g.replace(/^gifs\//, "").replace(/\.gif$/, "")
      }: ![${g}](${g}) (left: input frames; middle: predicted next frame; right: true next frame)`
    ),
  ];
  if (config.rf) md.push("", ...(await receptiveFieldSection(config, conditions, ctx.runDir)));
  if (ctx.missing.length) {
    md.push("", `Missing units (failed or not run): ${ctx.missing.join(", ")}`);
  }
  await writeFileAtomic(join(ctx.runDir, "report.md"), md.join("\n") + "\n");
  const conditionsJson = Object.fromEntries(conditions.map((c) => [
    c,
    Object.fromEntries(METRICS.map((m) => [m, { mean: table[c][m].mean, sd: table[c][m].sd }])),
  ]));
  const summary = {
    experiment: "may2025",
    preset: config.preset,
    conditions: conditionsJson,
    tests,
  };
  await writeFileAtomic(join(ctx.runDir, "summary.json"), JSON.stringify(summary, null, 2));
  ctx.log("");
  const head = md.indexOf("| condition | epoch 0 | epoch 1 | best | test | n |");
  ctx.log(md.slice(head, head + 2 + conditions.length).join("\n"));
  ctx.log("");
  for (
    const t of tests.filter((t) =>
      t.b === "none" && (t.metric === "epoch0" || t.metric === "epoch1" || t.metric === "test")
    )
  ) {
    ctx.log(
      `${t.a} vs ${t.b} (${t.metric}): t = ${t.t.toFixed(2)}, p = ${fmtP(t.p)}, Bonferroni ${
        fmtP(t.pAdjusted)
      }, Holm ${fmtP(t.pHolm)}`,
    );
  }
  ctx.log(`report: ${join(ctx.runDir, "report.md")}`);
  return { conditions: conditionsJson, tests, report: join(ctx.runDir, "report.md") };
}

/** One GIF per condition: [input frame t | prediction | truth] for the first test clip of seed 1, fold 1. */
async function predictionGifs(
  config: May2025Config,
  conditions: May2025Condition[],
  ctx: ReportContext,
): Promise<string[]> {
  const seed = config.seeds[0];
  const { movie, frames } = await targetMovie(dataConfig(config));
  const { test } = foldData(
    dataConfig(config),
    movie,
    frames,
    0,
  );
  const { x, y } = test.batch([0]);
  const S = config.model.size, T = config.model.frames, n = S * S;
  const scale = Math.max(1, Math.floor(96 / S));
  const out: string[] = [];
  for (const c of conditions) {
    const dir = join(ctx.runDir, "train", `seed${seed}-fold1`, c, "best");
    let pred: Float32Array;
    try {
      const { model } = await loadCheckpoint(dir);
      const p = tf.tidy(() => model.predict(tf.tensor5d(x, [1, T, S, S, 1])) as tf.Tensor);
      pred = (await p.data()) as Float32Array;
      p.dispose();
      model.dispose();
    } catch {
      continue;
    }
    const W = 3 * S * scale + 2 * scale, H = S * scale;
    const path = join(ctx.runDir, "gifs", `${c}.gif`);
    await Deno.mkdir(join(ctx.runDir, "gifs"), { recursive: true });
    const writer = openFrameWriter(path, { frames: T + 4, height: H, width: W, fps: 4 });
    const frame = new Float32Array(H * W).fill(0.5);
    const paste = (src: Float32Array, offset: number, col: number) => {
      for (let i = 0; i < H; i++) {
        for (let j = 0; j < S * scale; j++) {
          frame[i * W + col + j] = src[offset + Math.floor(i / scale) * S + Math.floor(j / scale)];
        }
      }
    };
    paste(pred, 0, S * scale + scale);
    paste(y, 0, 2 * (S * scale + scale));
    for (let t = 0; t < T + 4; t++) {
      paste(x, Math.min(t, T - 1) * n, 0);
      writer.write(frame, 1);
    }
    writer.close();
    out.push(`gifs/${c}.gif`);
  }
  return out;
}

/**
 * Losses of two model-free predictors on fold 1's validation and test clips, to read the
 * table against: "copy the last input frame" and "a uniform 0.5 frame" (what a sigmoid
 * readout of an untrained network outputs).
 */
async function baselineLines(config: May2025Config): Promise<string[]> {
  const dataCfg = dataConfig(config);
  const { movie, frames } = await targetMovie(dataCfg);
  const data = foldData(dataCfg, movie, frames, 0);
  const n = config.model.size * config.model.size, T = config.model.frames;
  const losses = (set: typeof data.test) => {
    const { x, y } = set.batch(Array.from({ length: set.count }, (_, i) => i));
    let copy = 0, grey = 0;
    for (let b = 0; b < set.count; b++) {
      for (let i = 0; i < n; i++) {
        const target = y[b * n + i];
        copy += (x[(b * T + T - 1) * n + i] - target) ** 2;
        grey += (0.5 - target) ** 2;
      }
    }
    return { copy: copy / set.count, grey: grey / set.count };
  };
  const v = losses(data.validation), t = losses(data.test);
  return [
    `Model-free references (fold 1): copying the last input frame scores ${
      fmt(v.copy)
    } (validation) / ${fmt(t.copy)} (test); a uniform 0.5 frame scores ${fmt(v.grey)} / ${
      fmt(t.grey)
    }.`,
  ];
}
