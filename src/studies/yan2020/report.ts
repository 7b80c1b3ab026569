/**
 * The yan2020 report: prediction of the main cell by the CNN, LN and STA models, every
 * cell's scores and filter recovery, the transfer matrices (cell → cell, white noise ↔
 * natural), the paired tests over seeds, and the figures `filters.svg` (true subunits, STA,
 * learned filters) and `transfer.svg`.
 *
 * @module
 */
import type { ReportContext, StudyReport } from "../../experiment/contract.ts";
import { correctFamily, formatMeanSd, formatP, summarise } from "../_kit/mod.ts";
import { isRecorded, type Yan2020Config } from "./config.ts";
import type { SimulatedResult, Yan2020Result } from "./unit.ts";
import type { RecordedResult } from "./_recorded.ts";
import {
  type Comparison,
  formatInterval,
  interval,
  pairedTest,
  ResultIndex,
  SCORE_NAMES,
  simulatedMetrics,
  simulatedTests,
  stimulusTransfer,
  values,
} from "./_summary.ts";
import { filtersFigure, recordedFiltersFigure, transferFigure } from "./_figures.ts";

const SCORE_HEADERS = ["r with true rate", "r with PSTH", "CC_norm", "FEV", "bits/spike"];
const round = (v: number) => Math.round(v * 1000) / 1000;
const mean = (xs: number[]) => summarise(xs).mean;

type Metrics = StudyReport["metrics"];

function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ].join("\n");
}

function testsTable(tests: StudyReport["tests"], comparisons: Comparison[] = []): string {
  if (tests.length === 0) return "";
  const rows = tests.map((t, i) => [
    `${t.a} vs ${t.b}`,
    t.metric,
    String(t.n),
    comparisons[i] ? formatInterval(comparisons[i]) : "—",
    Number.isFinite(t.statistic) ? t.statistic.toFixed(2) : "—",
    formatP(t.p),
    formatP(t.pAdjusted),
  ]);
  return "## Tests (paired t over seeds, Holm-corrected)\n\n" +
    table(["comparison", "metric", "n", "a − b [95 % CI]", "t", "p", "p (Holm)"], rows) +
    (tests.some((t) => t.n < 2) ? "\n\nTests need at least two seeds (`--seeds 3`)." : "");
}

function header(config: Yan2020Config, ctx: ReportContext): string {
  const lines = [
    "# yan2020 — CNNs fitted to a ganglion cell recover its subunits (Yan et al. 2020)",
    "",
    `Preset **${config.preset}**, seeds ${config.seeds.join(", ")}; ${config.trainFrames} ` +
    `training frames, at most ${config.epochs} epochs, ${config.channels} conv filters, fitted ` +
    `to the ${config.target}` +
    (config.excludeCurrent ? ", history window excluding the current frame" : "") +
    `, ${config.spiking} spikes. Values are mean ± SD over seeds unless marked [95 % CI].`,
  ];
  if (ctx.missing.length > 0) lines.push("", `Missing units: ${ctx.missing.join(", ")}.`);
  return lines.join("\n");
}

function mainTable(config: Yan2020Config, metrics: Metrics, main: string): string {
  const rows: string[][] = [];
  const add = (label: string, group: string) => {
    const g = metrics[group];
    if (g) rows.push([label, ...SCORE_NAMES.map((m) => formatMeanSd(g[m], 3))]);
  };
  add("CNN (paper)", `${main}/cnn`);
  add("CNN (separable space × time)", `${main}/cnn-separable`);
  add("LN (max. likelihood, softplus)", `${main}/ln`);
  add("STA + binned nonlinearity", `${main}/sta`);
  add("CNN fitted to Poisson spikes", `${main}/cnn-spikes`);
  add("LN fitted to Poisson spikes", `${main}/ln-spikes`);
  if (rows.length === 0) return "";
  return `## Prediction of ${main} on held-out white noise (${config.testFrames} frames)\n\n` +
    table(["model", ...SCORE_HEADERS], rows);
}

function cellsTable(config: Yan2020Config, index: ResultIndex): string {
  const cells = config.cells.filter((c) => index.first("cell", c));
  if (cells.length === 0) return "";
  const ci = (c: string, f: (r: SimulatedResult) => number | undefined) =>
    formatInterval(interval(values(index.get("cell", c), f)));
  const prediction = cells.map((c) => [
    c,
    ci(c, (r) => r.cnn.correlation),
    ci(c, (r) => r.ln.correlation),
    ci(c, (r) => r.sta.correlation),
    ci(c, (r) => r.cnn.correlation - r.ln.correlation),
  ]);
  const recovery = cells.map((c) => [
    c,
    ci(c, (r) => r.filterMatch.score),
    ci(c, (r) => r.filterNull?.untrained),
    ci(c, (r) => r.filterNull?.shuffled),
    ci(c, (r) => r.stnmf?.score),
    ci(c, (r) => r.stnmf?.shuffled),
  ]);
  return "## Every cell on white noise (mean [95 % CI] over seeds)\n\n" +
    "Prediction: Pearson r with the cell's true rate on the held-out movie.\n\n" +
    table(["cell", "CNN", "LN", "STA", "CNN − LN"], prediction) +
    "\n\nSubunit recovery: mean |spatial r| of the one-to-one match to the true subunits " +
    "(sign and permutation free). Nulls: the same CNN before training, and the trained " +
    "filters (or STNMF modules) against pixel-shuffled masks.\n\n" +
    table(
      [
        "cell",
        "CNN",
        "CNN untrained",
        "CNN vs shuffled masks",
        "STNMF (spikes only)",
        "STNMF vs shuffled masks",
      ],
      recovery,
    );
}

function subunitTable(index: ResultIndex): string {
  const rows: string[][] = [];
  let subunits = 0;
  for (
    const [label, role] of [
      ["CNN (paper)", "cell"],
      ["CNN (separable)", "separable"],
      ["CNN (paper), spike target", "spikes"],
    ] as const
  ) {
    const rs = index.get(role, index.main);
    const first = rs.find((r) => r);
    if (!first) continue;
    subunits = first.filterMatch.matches.length;
    const per = Array.from(
      { length: subunits },
      (_, s) =>
        summarise(
          values(rs, (r) => r.filterMatch.matches.find((m) => m.subunit === s)?.correlation),
        ),
    );
    rows.push([
      label,
      ...per.map((p) => formatMeanSd(p, 2)),
      formatMeanSd(summarise(values(rs, (r) => r.filterMatch.score)), 2),
      formatMeanSd(summarise(values(rs, (r) => r.filterMatch.temporalScore)), 2),
    ]);
  }
  const st = index.get("cell", index.main);
  if (subunits > 0 && st.some((r) => r?.stnmf)) {
    rows.push([
      "STNMF (spikes only)",
      ...Array.from(
        { length: subunits },
        (_, s) => formatMeanSd(summarise(values(st, (r) => r.stnmf?.perSubunit[s])), 2),
      ),
      formatMeanSd(summarise(values(st, (r) => r.stnmf?.score)), 2),
      "—",
    ]);
  }
  if (rows.length === 0) return "";
  const sta = index.get("cell", index.main);
  return `## Filter recovery (${index.main})\n\n` +
    "|spatial r| of the best one-to-one match of filters to subunits (sign and permutation " +
    "free), and the mean temporal r of the matched filters.\n\n" +
    table([
      "model",
      ...Array.from({ length: subunits }, (_, s) => `subunit ${s}`),
      "mean",
      "temporal",
    ], rows) +
    `\n\nThe STA matches the pooled footprint with spatial r ${
      formatMeanSd(summarise(values(sta, (r) => r.staFilter.spatialCorrelation)), 3)
    } and the temporal filter with r ${
      formatMeanSd(summarise(values(sta, (r) => r.staFilter.temporalCorrelation)), 3)
    }.`;
}

function transferTables(config: Yan2020Config, metrics: Metrics, index: ResultIndex): string {
  const parts: string[] = [];
  const trained = config.cells.filter((c) => metrics[`transfer/${c}`]);
  if (trained.length > 0) {
    parts.push(table(
      ["trained on ↓ / tested on →", ...config.cells],
      trained.map((c) => [
        c,
        ...config.cells.map((o) =>
          formatInterval(interval(values(index.get("cell", c), (r) => r.transfer?.[o])))
        ),
      ]),
    ));
  }
  const models = (["cnn", "ln"] as const).filter((m) => metrics[`stimulus/${m}`]);
  if (models.length > 0) {
    parts.push(table(
      [`${config.cells[0]}, trained on ↓ / tested on →`, "white noise", "natural-like"],
      models.flatMap((m) => {
        const cells = stimulusTransfer(index, m);
        return (["white-noise", "natural"] as const).map((train) => [
          `${m.toUpperCase()}, ${train}`,
          formatInterval(interval(cells[`${train}→white-noise`])),
          formatInterval(interval(cells[`${train}→natural`])),
        ]);
      }),
    ));
  }
  if (parts.length === 0) return "";
  return "## Transfer (Pearson r with the true rate of the test cell / stimulus; mean " +
    "[95 % CI] over seeds)\n\n" + parts.join("\n\n");
}

function simulatedReport(
  config: Yan2020Config,
  results: Map<string, Yan2020Result>,
  ctx: ReportContext,
): StudyReport {
  const index = new ResultIndex(config, results);
  const metrics = simulatedMetrics(config, index);
  const { tests, comparisons } = simulatedTests(config, index);
  const figures: Record<string, string> = {};
  const main = index.first("cell", index.main);
  if (main) {
    figures["filters.svg"] = filtersFigure(config, main, index.first("separable", index.main));
  }
  const trained = config.cells.filter((c) => index.first("cell", c)?.transfer);
  const cellMatrix = trained.map((c) =>
    config.cells.map((o) => round(mean(values(index.get("cell", c), (r) => r.transfer?.[o]))))
  );
  const stimulus = (model: "cnn" | "ln") => {
    const m = stimulusTransfer(index, model);
    const at = (k: string) => round(mean(m[k]));
    return [
      [at("white-noise→white-noise"), at("white-noise→natural")],
      [at("natural→white-noise"), at("natural→natural")],
    ];
  };
  const hasStimulus = metrics["stimulus/cnn"] !== undefined;
  const transfer = {
    cells: { train: trained, test: config.cells, matrix: cellMatrix },
    ...(hasStimulus
      ? {
        stimulus: {
          train: ["white-noise", "natural"],
          test: ["white-noise", "natural"],
          matrix: stimulus("cnn"),
          ln: stimulus("ln"),
        },
      }
      : {}),
  };
  if (trained.length > 0 || hasStimulus) {
    figures["transfer.svg"] = transferFigure(config.cells[0], transfer);
  }
  const seconds = Object.fromEntries(
    [...results.entries()].map(([k, r]) => [k, round((r as SimulatedResult).fit.seconds)]),
  );
  const markdown = [
    header(config, ctx),
    mainTable(config, metrics, index.main),
    cellsTable(config, index),
    subunitTable(index),
    transferTables(config, metrics, index),
    testsTable(tests, comparisons),
    Object.keys(figures).map((f) => `![${f}](figures/${f})`).join("\n"),
  ].filter((s) => s !== "").join("\n\n") + "\n";
  return {
    markdown,
    metrics,
    tests,
    figures,
    extra: {
      mainCell: index.main,
      target: config.target,
      transfer,
      comparisons,
      trainingSeconds: seconds,
    },
  };
}

function recordedReport(
  config: Yan2020Config,
  results: Map<string, Yan2020Result>,
  ctx: ReportContext,
): StudyReport {
  const rs = config.seeds.map((s) =>
    results.get(`recorded-seed${s}`) as RecordedResult | undefined
  );
  const model = (m: "cnn" | "ln" | "sta") => ({
    correlation: summarise(values(rs, (r) => r[m].correlation)),
    bitsPerSpike: summarise(values(rs, (r) => r[m].bitsPerSpike)),
  });
  const metrics: Metrics = {
    "recorded/cnn": model("cnn"),
    "recorded/ln": model("ln"),
    "recorded/sta": model("sta"),
  };
  const r = (m: "cnn" | "ln" | "sta") => values(rs, (x) => x[m].correlation);
  const tests = correctFamily([
    pairedTest("correlation", "recorded/cnn", "recorded/ln", r("cnn"), r("ln")),
    pairedTest("correlation", "recorded/cnn", "recorded/sta", r("cnn"), r("sta")),
  ]);
  const first = rs.find((x) => x !== undefined);
  const figures: Record<string, string> = first
    ? { "filters.svg": recordedFiltersFigure(first) }
    : {};
  const rows = (["cnn", "ln", "sta"] as const).map((m) => [
    m.toUpperCase(),
    formatMeanSd(metrics[`recorded/${m}`].correlation, 3),
    formatMeanSd(metrics[`recorded/${m}`].bitsPerSpike, 2),
  ]);
  const markdown = [
    header(config, ctx),
    first
      ? `Recording \`${first.recorded.stimulus}\`, cell ${first.recorded.cellIndex}: ` +
        `${first.recorded.frames} frames of ${first.recorded.size}², ` +
        `${first.recorded.spikeCount} spikes; the last 10 % of the frames are the test set.`
      : "",
    "## Prediction of the held-out spike counts\n\n" +
    table(["model", "r with spike counts", "bits/spike"], rows),
    testsTable(tests),
    Object.keys(figures).map((f) => `![${f}](figures/${f})`).join("\n"),
  ].filter((s) => s !== "").join("\n\n") + "\n";
  return { markdown, metrics, tests, figures, extra: { recorded: first?.recorded ?? null } };
}

/**
 * Aggregates the unit results that exist into the report, metrics, tests and figures.
 *
 * @example
 * ```ts
 * import { yan2020Presets, yan2020Report } from "@prevision/prevision/studies";
 * const report = await yan2020Report(yan2020Presets.tiny, new Map(), {
 *   runDir: "runs/x",
 *   missing: [],
 *   log: console.error,
 * });
 * report.markdown.startsWith("# yan2020"); // true
 * ```
 */
export function yan2020Report(
  config: Yan2020Config,
  results: Map<string, Yan2020Result>,
  ctx: ReportContext,
): Promise<StudyReport> {
  return Promise.resolve(
    isRecorded(config)
      ? recordedReport(config, results, ctx)
      : simulatedReport(config, results, ctx),
  );
}
