/**
 * The Markdown of the zhong2025 report (report.md): behaviour per arm, selectivity, layers,
 * similarity indices with CIs, and the family of tests.
 *
 * @module
 */
import type { KaplanMeierCurve } from "../../analysis/stats/kaplan_meier.ts";
import type { MetricSummary, TestSummary } from "../../experiment/contract.ts";
import { formatMeanSd, formatP } from "../_kit/mod.ts";
import type { Zhong2025Config } from "./config.ts";
import { TEST_STIMULI } from "./_neural.ts";

/** A mean with a 95 % bootstrap confidence interval over `n` seeds. */
export interface Ci {
  /** Mean over seeds. */
  mean: number;
  /** Lower end of the 95 % interval. */
  lower: number;
  /** Upper end. */
  upper: number;
  /** Seeds. */
  n: number;
}

/** What {@link markdown} renders. */
export interface MarkdownInput {
  /** The run's config. */
  config: Zhong2025Config;
  /** Metric summaries by group, then metric. */
  metrics: Record<string, Record<string, MetricSummary>>;
  /** Kaplan–Meier curves of trials-to-criterion by arm, then group. */
  survival: Record<string, Record<string, KaplanMeierCurve>>;
  /** Similarity index with CI by group, then stimulus. */
  similarityCi: Record<string, Record<string, Ci | null>>;
  /** The Holm-corrected tests. */
  tests: TestSummary[];
  /** Figure file names. */
  figureNames: string[];
  /** Units not in the numbers. */
  missing: string[];
}

function table(header: string[], rows: string[][]): string {
  const row = (cells: string[]) => `| ${cells.map((c) => c.replaceAll("|", "\\|")).join(" | ")} |`;
  return [row(header), `|${header.map(() => "---").join("|")}|`, ...rows.map(row)].join("\n");
}

const ci = (c: Ci | null | undefined) =>
  c ? `${c.mean.toFixed(2)} [${c.lower.toFixed(2)}, ${c.upper.toFixed(2)}] (${c.n})` : "—";

function km(curve: KaplanMeierCurve | undefined, trials: number): string {
  if (!curve) return "—";
  const median = curve.median === null ? `> ${trials}` : String(curve.median);
  return `${median} (${curve.events} of ${curve.n} reached)`;
}

function behaviour(input: MarkdownInput, arm: string): string[] {
  const { config, metrics, survival } = input;
  const groups = Object.keys(metrics).filter((g) =>
    metrics[g][`${arm}.lickDifference.session1`] && !(arm === "plastic" && g === "task")
  );
  if (groups.length === 0) return [];
  const sessions =
    Object.keys(metrics[groups[0]]).filter((k) => k.startsWith(`${arm}.lickDifference.session`))
      .length;
  const m = (g: string, k: string) => metrics[g][k] ? formatMeanSd(metrics[g][k], 3) : "—";
  const note = arm === "frozen"
    ? "Only the task group's encoder learns from reward; the others learn with it frozen."
    : "Every group's encoder learns from reward (as the paper's animals, with plastic " +
      "brains). The task group is left out: with no exposure and a plastic encoder it is " +
      "the naive group, run for run.";
  return [
    "",
    `### Arm \`${arm}\``,
    "",
    note,
    "",
    table(
      [
        "group",
        "n",
        ...Array.from({ length: sessions }, (_, k) => `session ${k + 1}: R − U`),
        "session 1: R",
        "session 1: U",
        "first-200 correct",
        "trials to criterion: KM median",
      ],
      groups.map((g) => [
        g,
        String(metrics[g][`${arm}.first200Correct`].n),
        ...Array.from(
          { length: sessions },
          (_, k) => m(g, `${arm}.lickDifference.session${k + 1}`),
        ),
        m(g, `${arm}.lickRewarded.session1`),
        m(g, `${arm}.lickUnrewarded.session1`),
        m(g, `${arm}.first200Correct`),
        km(survival[arm]?.[g], config.taskTrials),
      ]),
    ),
  ];
}

/**
 * The report's Markdown.
 *
 * @example
 * ```ts
 * import { zhong2025Presets } from "@prevision/prevision/studies";
 * const md = markdown({
 *   config: zhong2025Presets.tiny,
 *   metrics: {},
 *   survival: {},
 *   similarityCi: {},
 *   tests: [],
 *   figureNames: [],
 *   missing: [],
 * });
 * md.startsWith("# Zhong"); // true
 * ```
 */
export function markdown(input: MarkdownInput): string {
  const { config, metrics, similarityCi, tests, figureNames, missing } = input;
  const groups = Object.keys(metrics);
  const layers = groups.length > 0
    ? Object.keys(metrics[groups[0]]).filter((m) => /^layer\d+\.weightChange$/.test(m)).length
    : 0;
  const m = (g: string, k: string, digits = 3) =>
    metrics[g][k] ? formatMeanSd(metrics[g][k], digits) : "—";
  const lines = [
    "# Zhong et al. 2025: unsupervised exposure and task learning",
    "",
    `Preset \`${config.preset}\`, objective \`${config.objective}\`, ${config.seeds.length} ` +
    `seeds per group, encoder ${config.width * config.height} → ${config.hidden.join(" → ")}, ` +
    `${config.exposureSteps} exposure steps, ${config.taskTrials} task trials in sessions of ` +
    `${config.sessionTrials}, arms ${config.arms.join(", ")}. Values are mean ± SD over seeds.`,
  ];
  if (missing.length > 0) {
    lines.push("", `Missing units (not in these numbers): ${missing.join(", ")}.`);
  }
  lines.push(
    "",
    "## Behaviour (the authors' measure)",
    "",
    "Per session, among its first 200 trials: the fraction of rewarded-corridor trials with a " +
      "lick in the reward zone (R) minus that of unrewarded-corridor trials (U). Trials to " +
      "criterion (85 % of the last 40 correct) are censored when never reached: Kaplan–Meier " +
      "median.",
    ...config.arms.flatMap((arm) => behaviour(input, arm)),
    "",
    "## Selectivity of the top layer (leaf1 vs circle1)",
    "",
    "d′ over frames (lap × position bin in the textured 0–4 m), as the authors; the earlier " +
      "definition (d′ over per-lap means) beside it.",
    "",
    table(
      [
        "group",
        "selective (|d′| ≥ 0.3)",
        "mean |d′|",
        "selective, per-lap d′",
        "corridor units",
      ],
      groups.map((g) => [
        g,
        m(g, "selectiveFraction"),
        m(g, "meanAbsDPrime"),
        m(g, "perLapSelectiveFraction"),
        m(g, "corridorFraction"),
      ]),
    ),
    "",
    "## Layers (input side first)",
    "",
    table(
      ["group", "layer", "selective", "mean |d′|", "selective, per-lap d′", "‖W − W₀‖/‖W₀‖"],
      groups.flatMap((g) =>
        Array.from({ length: layers }, (_, k) => [
          g,
          String(k + 1),
          m(g, `layer${k + 1}.selectiveFraction`),
          m(g, `layer${k + 1}.meanAbsDPrime`),
          m(g, `layer${k + 1}.perLapSelectiveFraction`),
          m(g, `layer${k + 1}.weightChange`, 4),
        ])
      ),
    ),
    "",
    "## Similarity index (top layer; leaf1 = 1, circle1 = −1)",
    "",
    "Mean over seeds [95 % bootstrap CI] (seeds with a defined index).",
    "",
    table(
      ["group", ...TEST_STIMULI.slice(2)],
      groups.map((g) => [g, ...TEST_STIMULI.slice(2).map((c) => ci(similarityCi[g]?.[c]))]),
    ),
    "",
    `## Comparisons (two-sided; Holm over all ${tests.length} tests)`,
    "",
    tests.length === 0 ? "No comparison: a group needs at least 2 seeds." : table(
      ["measure", "groups", "test", "statistic", "p", "p (Holm)", "n"],
      tests.map((t) => [
        t.metric,
        `${t.a} vs ${t.b}`,
        t.method,
        Number(t.statistic.toPrecision(4)).toString(),
        formatP(t.p),
        formatP(t.pAdjusted),
        String(t.n),
      ]),
    ),
  );
  if (figureNames.length > 0) {
    lines.push("", "## Figures", "", ...figureNames.map((f) => `![${f}](figures/${f})`));
  }
  return lines.join("\n") + "\n";
}
