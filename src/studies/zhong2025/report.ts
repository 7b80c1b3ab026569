/**
 * The zhong2025 report: learning speed and selectivity per group over seeds, per-layer
 * measures, similarity indices, the comparisons between groups, and three SVG figures.
 * The executor writes what it returns as `report.md`, `summary.json` and `figures/`.
 *
 * `summary.json` metrics, per group: `trialsToCriterion`, `first200Correct`,
 * `reachedCriterion` (fraction of seeds), `selectiveFraction` and `meanAbsDPrime` of the
 * top layer, `layer<k>.{selectiveFraction, meanAbsDPrime, weightChange}` (k = 1 is the input
 * side), `similarity.<stimulus>` (top layer), and for exposed groups
 * `exposureLoss.{first, last}`. `extra`: `objective` and `reachedCriterion` (seeds that
 * reached the criterion, per group).
 *
 * @module
 */
import type { MetricSummary, ReportContext, StudyReport } from "../../experiment/contract.ts";
import { formatMeanSd, formatP, summarise } from "../_kit/mod.ts";
import type { Zhong2025Config } from "./config.ts";
import type { Zhong2025Result } from "./unit.ts";
import { TEST_STIMULI } from "./_neural.ts";
import { compareGroups, MEASURES } from "./_compare.ts";
import { figures } from "./_figures.ts";

type GroupMetrics = Record<string, MetricSummary>;

/** Every metric of one group's results (one value per seed). */
function groupMetrics(rs: Zhong2025Result[]): GroupMetrics {
  const out: GroupMetrics = {};
  for (const [name, f] of Object.entries(MEASURES)) out[name] = summarise(rs.map(f));
  out.reachedCriterion = summarise(rs.map((r) => (r.reached ? 1 : 0)));
  rs[0].neural.layers.forEach((_, k) => {
    const layer = (r: Zhong2025Result) => r.neural.layers[k];
    out[`layer${k + 1}.selectiveFraction`] = summarise(rs.map((r) => layer(r).selectiveFraction));
    out[`layer${k + 1}.meanAbsDPrime`] = summarise(rs.map((r) => layer(r).meanAbsDPrime));
    out[`layer${k + 1}.weightChange`] = summarise(rs.map((r) => layer(r).weightChange));
  });
  for (const c of TEST_STIMULI.slice(2)) {
    const si = rs.map((r) => r.neural.layers.at(-1)!.similarity[c]);
    out[`similarity.${c}`] = summarise(si.filter((v): v is number => v !== null));
  }
  const losses = rs.flatMap((r) => (r.exposureLoss ? [r.exposureLoss] : []));
  if (losses.length > 0) {
    out["exposureLoss.first"] = summarise(losses.map((l) => l.first));
    out["exposureLoss.last"] = summarise(losses.map((l) => l.last));
  }
  return out;
}

function table(header: string[], rows: string[][]): string {
  const row = (cells: string[]) => `| ${cells.map((c) => c.replaceAll("|", "\\|")).join(" | ")} |`;
  return [row(header), `|${header.map(() => "---").join("|")}|`, ...rows.map(row)].join("\n");
}

function markdown(
  config: Zhong2025Config,
  metrics: Record<string, GroupMetrics>,
  reached: Record<string, number>,
  tests: ReturnType<typeof compareGroups>,
  figureNames: string[],
  missing: string[],
): string {
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
    `${config.exposureSteps} exposure steps, ${config.taskTrials} task trials. ` +
    "Values are mean ± SD over seeds.",
  ];
  if (missing.length > 0) {
    lines.push("", `Missing units (not in these numbers): ${missing.join(", ")}.`);
  }
  lines.push(
    "",
    "## Learning speed and top-layer selectivity",
    "",
    table(
      [
        "group",
        "n",
        "trials to criterion",
        "reached criterion",
        "first-200 correct",
        "selective (|d′| ≥ 0.3)",
        "mean |d′|",
      ],
      groups.map((g) => [
        g,
        String(metrics[g].first200Correct.n),
        m(g, "trialsToCriterion", 1),
        `${reached[g]} of ${metrics[g].first200Correct.n}`,
        m(g, "first200Correct"),
        m(g, "selectiveFraction"),
        m(g, "meanAbsDPrime"),
      ]),
    ),
    "",
    "## Layers (input side first)",
    "",
    table(
      ["group", "layer", "selective", "mean |d′|", "weight change ‖W − W₀‖/‖W₀‖"],
      groups.flatMap((g) =>
        Array.from({ length: layers }, (_, k) => [
          g,
          String(k + 1),
          m(g, `layer${k + 1}.selectiveFraction`),
          m(g, `layer${k + 1}.meanAbsDPrime`),
          m(g, `layer${k + 1}.weightChange`, 4),
        ])
      ),
    ),
    "",
    "## Similarity index of new and swapped stimuli (top layer; leaf1 = 1, circle1 = −1)",
    "",
    table(
      ["group", ...TEST_STIMULI.slice(2)],
      groups.map((g) => [g, ...TEST_STIMULI.slice(2).map((c) => m(g, `similarity.${c}`, 2))]),
    ),
    "",
    "## Comparisons over seeds (Holm over the pairs of each measure and test)",
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

/**
 * Aggregates the unit results that exist into the study report.
 *
 * @example
 * ```ts
 * import { zhong2025Presets } from "@prevision/prevision/studies";
 * const r = await report(zhong2025Presets.tiny, new Map(), {
 *   runDir: ".",
 *   missing: [],
 *   log() {},
 * });
 * r.tests.length; // 0: nothing to compare yet
 * ```
 */
export function report(
  config: Zhong2025Config,
  results: Map<string, Zhong2025Result>,
  ctx: ReportContext,
): Promise<StudyReport> {
  const by = new Map<string, Zhong2025Result[]>();
  for (const g of config.groups) by.set(g, []);
  for (const r of results.values()) by.get(r.group)?.push(r);
  for (const rs of by.values()) rs.sort((x, y) => x.seed - y.seed);
  const metrics: Record<string, GroupMetrics> = {};
  const reached: Record<string, number> = {};
  for (const [g, rs] of by) {
    if (rs.length === 0) continue;
    metrics[g] = groupMetrics(rs);
    reached[g] = rs.filter((r) => r.reached).length;
  }
  const tests = compareGroups(by);
  const svgs = figures(by);
  for (const [g, s] of Object.entries(metrics)) {
    ctx.log(
      `${g.padEnd(12)} trials-to-criterion ${formatMeanSd(s.trialsToCriterion, 1)}` +
        `  first-200 correct ${formatMeanSd(s.first200Correct, 3)}` +
        `  selective ${formatMeanSd(s.selectiveFraction, 3)}`,
    );
  }
  return Promise.resolve({
    markdown: markdown(config, metrics, reached, tests, Object.keys(svgs), ctx.missing),
    metrics,
    tests,
    figures: svgs,
    extra: { objective: config.objective, reachedCriterion: reached },
  });
}
