/**
 * The may2025 report: the table of losses per condition, paired tests across seeds
 * (Bonferroni within each metric's family, Holm and Wilcoxon alongside), model-free
 * reference losses, learning curves (SVG) and one prediction GIF per condition; `--rf` adds
 * receptive fields. It returns the report; the executor writes the files.
 *
 * @module
 */
import { join } from "node:path";
import { tf } from "../../backend/tf.ts";
import { mean, pairedTTest, sd, wilcoxonSignedRank } from "../../analysis/stats/mod.ts";
import { loadCheckpoint } from "../../io/checkpoint.ts";
import { encodeGreyGif } from "../../io/gif.ts";
import type {
  MetricSummary,
  ReportContext,
  StudyReport,
  TestSummary,
} from "../../experiment/contract.ts";
import type { MovieClips } from "../../train/clips.ts";
import { correctFamily, formatP, linePlot, type RawTest, summarise } from "../_kit/mod.ts";
import { MAY2025_CONDITIONS, type May2025Condition, type May2025Config } from "./config.ts";
import { dataConfig, foldData, targetMovie } from "./data.ts";
import { conditionDir, type May2025UnitResult, unitKey } from "./unit.ts";
import { receptiveFieldSection } from "./_rf.ts";
import {
  baselineLines,
  baselineSummary,
  pooledSampleTests,
  pretrainSection,
  verdictLines,
} from "./_evidence.ts";

/** The metrics of every condition, in table order. */
export const MAY2025_METRICS = ["epoch0", "epoch0Reestimated", "epoch1", "best", "test"] as const;
/**
 * One of {@link MAY2025_METRICS}: validation loss before fine-tuning (`epoch0`; the same with
 * batch-norm statistics re-estimated on the corridor, `epoch0Reestimated`) and after one
 * epoch (`epoch1`), the best validation loss (`best`), the best model's test loss.
 */
export type May2025Metric = typeof MAY2025_METRICS[number];

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
const PUBLISHED: Partial<Record<May2025Condition, Record<"epoch0" | "epoch1", [number, number]>>> =
  {
    directional: { epoch0: [231, 12], epoch1: [48.7, 17.8] },
    undirectional: { epoch0: [263, 47], epoch1: [63.7, 9.6] },
    none: { epoch0: [623, 200], epoch1: [123.2, 6.5] },
    shuffled: { epoch0: [476, 339], epoch1: [103.8, 13.2] },
  };

/** What a paired test reports beyond its {@link TestSummary} (`summary.json` extra.testDetails). */
export interface May2025TestDetail {
  /** First condition of the pair. */
  a: string;
  /** Second condition of the pair. */
  b: string;
  /** The metric compared. */
  metric: May2025Metric;
  /** Mean over seeds of a − b. */
  meanDifference: number;
  /** Holm-adjusted within the metric's family (the reported correction is Bonferroni). */
  pAdjustedHolm: number;
  /** Two-sided Wilcoxon signed-rank p, as a check. */
  pWilcoxon: number;
}

/** Per seed, the fold-averaged value of a metric for a condition (seeds missing a fold left out). */
function perSeed(
  config: May2025Config,
  results: Map<string, May2025UnitResult>,
  c: May2025Condition,
  m: May2025Metric,
): Map<number, number> {
  const out = new Map<number, number>();
  for (const seed of config.seeds) {
    const vals: number[] = [];
    for (let fold = 0; fold < config.folds; fold++) {
      const r = results.get(unitKey(seed, fold))?.conditions[c];
      if (!r) continue;
      const v = m === "epoch0"
        ? r.val[0]
        : m === "epoch0Reestimated"
        ? r.epoch0Reestimated
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

/** Losses span 10–1000: one decimal above 100, three significant digits below. */
const fmt = (v: number) =>
  !Number.isFinite(v) ? "–" : Math.abs(v) >= 100 ? v.toFixed(1) : v.toPrecision(3);

/** Paired t-tests per metric family (Bonferroni reported, Holm and Wilcoxon in the details). */
function pairedTests(
  config: May2025Config,
  results: Map<string, May2025UnitResult>,
  conditions: May2025Condition[],
): { tests: TestSummary[]; details: May2025TestDetail[] } {
  const tests: TestSummary[] = [], details: May2025TestDetail[] = [];
  for (const m of MAY2025_METRICS) {
    const family: RawTest[] = [];
    for (const [a, b] of PAIRS) {
      if (!conditions.includes(a) || !conditions.includes(b)) continue;
      if (a === "budget" && m !== "test") continue; // budget differs only in what it ends with
      const va = perSeed(config, results, a, m), vb = perSeed(config, results, b, m);
      const seeds = [...va.keys()].filter((s) => vb.has(s));
      if (seeds.length < 2) continue;
      const xa = seeds.map((s) => va.get(s)!), xb = seeds.map((s) => vb.get(s)!);
      const t = pairedTTest(xa, xb);
      // identical pairs have no t: count them as p = 1 so that the family keeps its size
      const p = Number.isFinite(t.p) ? t.p : 1;
      family.push({ metric: m, a, b, method: "paired t", statistic: t.t, p, n: seeds.length });
      details.push({
        a,
        b,
        metric: m,
        meanDifference: t.meanDifference,
        pAdjustedHolm: NaN,
        pWilcoxon: wilcoxonSignedRank(xa, xb).p,
      });
    }
    const holm = correctFamily(family, "holm");
    const done = details.length - family.length;
    holm.forEach((t, i) => (details[done + i].pAdjustedHolm = t.pAdjusted));
    tests.push(...correctFamily(family, "bonferroni"));
  }
  return { tests, details };
}

/** Validation loss while fine-tuning, mean ± SD over seeds (fold 1). */
function learningCurves(
  config: May2025Config,
  results: Map<string, May2025UnitResult>,
  conditions: May2025Condition[],
): string | null {
  const curves = conditions.map((c) => {
    const rows = config.seeds.map((s) => results.get(unitKey(s, 0))?.conditions[c]?.val)
      .filter((v): v is number[] => !!v);
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
  if (curves.length === 0) return null;
  return linePlot(curves, {
    title: "Validation loss while fine-tuning (mean ± SD over seeds)",
    xLabel: "epoch",
    yLabel: "summed squared error per clip",
    logY: true,
  });
}

/**
 * One GIF per condition, `prediction_<condition>.gif`: [input frame t | predicted next frame
 * | true next frame] for the first test clip, best model of the first seed's fold 1.
 */
async function predictionGifs(
  config: May2025Config,
  conditions: May2025Condition[],
  test: MovieClips,
  runDir: string,
): Promise<Record<string, Uint8Array>> {
  const { x, y } = test.batch([0]);
  const S = config.model.size, T = config.model.frames, n = S * S;
  const scale = Math.max(1, Math.floor(96 / S));
  const W = 3 * S * scale + 2 * scale, H = S * scale;
  const out: Record<string, Uint8Array> = {};
  for (const c of conditions) {
    let pred: Float32Array;
    try {
      const { model } = await loadCheckpoint(
        join(conditionDir(runDir, config.seeds[0], 0, c), "best"),
      );
      const p = tf.tidy(() => model.predict(tf.tensor5d(x, [1, T, S, S, 1])) as tf.Tensor);
      pred = (await p.data()) as Float32Array;
      p.dispose();
      model.dispose();
    } catch {
      continue; // that unit did not run
    }
    const movie = new Float32Array((T + 4) * H * W).fill(0.5);
    const paste = (frame: number, src: Float32Array, offset: number, col: number) => {
      for (let i = 0; i < H; i++) {
        for (let j = 0; j < S * scale; j++) {
          movie[frame * H * W + i * W + col + j] =
            src[offset + Math.floor(i / scale) * S + Math.floor(j / scale)];
        }
      }
    };
    for (let t = 0; t < T + 4; t++) {
      paste(t, x, Math.min(t, T - 1) * n, 0);
      paste(t, pred, 0, S * scale + scale);
      paste(t, y, 0, 2 * (S * scale + scale));
    }
    out[`prediction_${c}.gif`] = encodeGreyGif(movie, T + 4, H, W, { fps: 4 });
  }
  return out;
}

/**
 * Aggregates the units into the report: metrics by condition (`epoch0`, `epoch1`, `best`,
 * `test`: mean ± SD over seeds of the fold-averaged losses), the paired tests, figures
 * (`learning_curves.svg`, `prediction_<condition>.gif`, with `--rf` the receptive fields),
 * and in `extra`: the tests' details (`testDetails`: mean difference, Holm, Wilcoxon), the
 * model-free reference losses (`references`) and the published values (`published`).
 *
 * @example
 * ```ts
 * import { may2025Presets, reportMay2025 } from "@prevision/prevision/studies";
 * const report = await reportMay2025(may2025Presets.tiny, new Map(), {
 *   runDir: await Deno.makeTempDir(),
 *   missing: [],
 *   log: console.error,
 * });
 * report.metrics.none.test.n; // 0: no unit has run
 * ```
 */
export async function reportMay2025(
  config: May2025Config,
  results: Map<string, May2025UnitResult>,
  ctx: ReportContext,
): Promise<StudyReport> {
  const conditions = MAY2025_CONDITIONS.filter((c) => config.conditions.includes(c));
  const metrics: Record<string, Record<May2025Metric, MetricSummary>> = {};
  for (const c of conditions) {
    metrics[c] = Object.fromEntries(
      MAY2025_METRICS.map((m) => [m, summarise([...perSeed(config, results, c, m).values()])]),
    ) as Record<May2025Metric, MetricSummary>;
  }
  const { tests, details } = pairedTests(config, results, conditions);
  const dataCfg = dataConfig(config);
  const { movie, frames } = await targetMovie(dataCfg);
  const fold1 = foldData(dataCfg, movie, frames, 0);
  const baselines = baselineSummary(results);
  const pooled = pooledSampleTests(config, results);
  const pixels = config.model.size * config.model.size;
  const pretraining = pretrainSection(config, results, fmt);

  const figures: Record<string, string | Uint8Array> = {};
  const curves = learningCurves(config, results, conditions);
  if (curves) figures["learning_curves.svg"] = curves;
  if (pretraining.figure) figures["pretraining.svg"] = pretraining.figure;
  const gifs = await predictionGifs(config, conditions, fold1.test, ctx.runDir);
  Object.assign(figures, gifs);

  const tableHead =
    "| condition | epoch 0 | epoch 0, BN re-estimated | epoch 1 | best | test | n |";
  const table = [
    tableHead,
    "|---|---|---|---|---|---|---|",
    ...conditions.map((c) =>
      `| ${c} | ${
        MAY2025_METRICS.map((m) => `${fmt(metrics[c][m].mean)} ± ${fmt(metrics[c][m].sd)}`)
          .join(" | ")
      } | ${metrics[c].test.n} |`
    ),
  ];
  const m = config.model;
  const md: string[] = [
    "# may2025: retinal-wave pre-training for next-frame prediction",
    "",
    `Preset **${config.preset}**: ${m.cell} cells, ${m.channels} channels, ${m.size}×${m.size} frames, ${m.frames} input frames; ` +
    `${config.seeds.length} seeds × ${config.folds} fold(s); Adam lr ${config.learningRate}, batch ${config.batchSize}; ` +
    `pre-training ${config.pretrainEpochs} epochs on ${config.pretrainClips} wave clips; fine-tuning ≤ ${config.epochs} epochs on ${
      config.natural ? "a natural movie" : "the corridor"
    } (${config.finetuneClips} clips, ${
      Math.round(config.testFraction * 100)
    } % held out for test).`,
    "",
    "Loss = summed squared error per clip (sum over pixels of the predicted next frame), on the validation split " +
    "(epoch 0 = before fine-tuning) and on the test split for the best-validation model. Mean ± SD over seeds " +
    "(each seed's value averaged over folds).",
    "",
    ...table,
    "",
    "The *BN re-estimated* column is a diagnostic: the same networks with their batch-norm " +
    "statistics re-estimated on the corridor's training clips (weights unchanged), separating " +
    "what the waves taught the weights from what they taught the normalisation.",
    "",
    ...baselineLines(baselines, pixels, fmt),
    "",
    "Published (May et al. 2025, corridor, 64×64, 64 channels, lr 1e-4, validation loss; per " +
    "pixel = ÷ 4096, so runs of other frame sizes compare):",
    "",
    "| condition | epoch 0 | epoch 1 | epoch 0 per pixel (paper / here) | epoch 1 per pixel (paper / here) |",
    "|---|---|---|---|---|",
    ...Object.entries(PUBLISHED).map(([c, v]) => {
      const here = metrics[c];
      const px = (x: number | undefined) => x === undefined ? "–" : (x / pixels).toFixed(4);
      return `| ${c} | ${v.epoch0[0]} ± ${v.epoch0[1]} | ${v.epoch1[0]} ± ${v.epoch1[1]} | ${
        (v.epoch0[0] / 4096).toFixed(4)
      } / ${px(here?.epoch0.mean)} | ${(v.epoch1[0] / 4096).toFixed(4)} / ${
        px(here?.epoch1.mean)
      } |`;
    }),
    "",
    ...verdictLines(metrics, tests, pooled, baselines),
    "",
    "## Paired tests (across seeds)",
    "",
    "Two-sided paired t-test; p adjusted for the comparisons of each metric (Bonferroni, and " +
    "Holm); Wilcoxon signed-rank as a check (with " + config.seeds.length + " seeds its smallest " +
    "possible two-sided p is " + formatP(2 / 2 ** config.seeds.length) + ").",
    "",
    "| a | b | metric | mean a−b | t | p | p Bonferroni | p Holm | p Wilcoxon |",
    "|---|---|---|---|---|---|---|---|---|",
    ...tests.map((t, i) =>
      `| ${t.a} | ${t.b} | ${t.metric} | ${fmt(details[i].meanDifference)} | ${
        t.statistic.toFixed(2)
      } | ${formatP(t.p)} | ${formatP(t.pAdjusted)} | ${formatP(details[i].pAdjustedHolm)} | ${
        formatP(details[i].pWilcoxon)
      } |`
    ),
    "",
    "The paper's own test (evaluation/performance_plots.py): a paired t-test over per-sample " +
    "test losses pooled across runs, p × the number of comparisons. It counts clips of one " +
    "network as independent replicates, so it is much more liberal than the test across seeds.",
    "",
    "| a | b | clips | t | p | p × comparisons |",
    "|---|---|---|---|---|---|",
    ...pooled.map((t) =>
      `| ${t.a} | ${t.b} | ${t.n} | ${t.statistic.toFixed(2)} | ${formatP(t.p)} | ${
        formatP(t.pAdjusted)
      } |`
    ),
    "",
    ...pretraining.lines,
    "",
    "## Figures",
    "",
    ...(curves ? ["![learning curves](figures/learning_curves.svg)", ""] : []),
    ...Object.keys(gifs).map((g) =>
      `- ${
        g.replace(/^prediction_/, "").replace(/\.gif$/, "")
      }: ![${g}](figures/${g}) (left: input frames; middle: predicted next frame; right: true next frame)`
    ),
  ];
  if (config.rf) {
    const rf = await receptiveFieldSection(config, conditions, ctx.runDir);
    md.push("", ...rf.lines);
    Object.assign(figures, rf.figures);
  }
  if (ctx.missing.length) {
    md.push("", `Missing units (failed or not run): ${ctx.missing.join(", ")}`);
  }

  ctx.log("");
  ctx.log(table.join("\n"));
  ctx.log("");
  tests.forEach((t, i) => {
    if (t.b !== "none" || t.metric === "best") return;
    ctx.log(
      `${t.a} vs ${t.b} (${t.metric}): t = ${t.statistic.toFixed(2)}, p = ${formatP(t.p)}, ` +
        `Bonferroni ${formatP(t.pAdjusted)}, Holm ${formatP(details[i].pAdjustedHolm)}`,
    );
  });
  return {
    markdown: md.join("\n") + "\n",
    metrics,
    tests: [...tests, ...pooled],
    figures,
    extra: { testDetails: details, baselines, published: PUBLISHED },
  };
}
