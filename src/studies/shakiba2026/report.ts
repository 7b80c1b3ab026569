/**
 * The shakiba2026 report: mean ± SD of held-out accuracy and of the trained networks'
 * structure per variant and task, the tests behind the claims (Kruskal–Wallis across
 * variants, Mann–Whitney against the baseline W with Holm correction, bio against non-bio
 * initialisation) and the figures.
 *
 * @module
 */
import type { ReportContext, StudyReport } from "../../experiment/contract.ts";
import { formatMeanSd, formatP, summarise } from "../_kit/mod.ts";
import type { Shakiba2026Config } from "./config.ts";
import { gridOf, loadConnectome } from "./data.ts";
import type { Shakiba2026Result } from "./unit.ts";
import { groupsOf, METRICS, reportTests } from "./_stats.ts";
import { shakibaFigures } from "./_figures.ts";
import { distanceCorrelation, dStarOf } from "./_geometry.ts";
import { epsilonDominance, numericalFailures } from "./_health.ts";
import { parseVariant } from "./_variants.ts";
import type { TestSummary } from "../../experiment/contract.ts";

function testRows(tests: readonly TestSummary[]): string[] {
  return [
    "| metric | a | b | test | statistic | p | p (adj.) |",
    "|---|---|---|---|---|---|---|",
    ...tests.map((s) =>
      `| ${s.metric} | ${s.a} | ${s.b || "—"} | ${s.method} | ${s.statistic.toFixed(2)} | ${
        formatP(s.p)
      } | ${formatP(s.pAdjusted)}${s.correction === "none" ? " (none)" : ""} |`
    ),
  ];
}

const LABELS: Record<string, string> = {
  accuracy: "test acc.",
  trainAccuracy: "train acc. (authors')",
  modularity: "Q",
  smallWorld: "σ",
  entropy: "H (bits)",
  assortativity: "r",
};

const round = (x: number, d: number) => (Number.isFinite(x) ? Number(x.toFixed(d)) : null);

/**
 * Aggregates the units that are done. `metrics` is keyed `<variant>/<task>` (e.g.
 * `W*D*C/maze`) → accuracy, modularity, smallWorld, entropy, assortativity; `extra` holds the
 * connectome, the backend, mean unit and step times, and the bootstrap 95 % CIs of the bio /
 * non-bio contrast (`bioContrast.<task>.<metric>`).
 *
 * @example
 * ```ts
 * import { shakiba2026Presets } from "@prevision/prevision/studies";
 * const r = await report(shakiba2026Presets.tiny, new Map(), {
 *   runDir: Deno.makeTempDirSync(), missing: [], log: console.error,
 * });
 * console.log(r.markdown);
 * ```
 */
export async function report(
  config: Shakiba2026Config,
  results: Map<string, Shakiba2026Result>,
  ctx: ReportContext,
): Promise<StudyReport> {
  const all = [...results.values()];
  const c = await loadConnectome(config);
  const metrics: StudyReport["metrics"] = {};
  for (const v of config.variants) {
    for (const t of config.tasks) {
      metrics[`${v}/${t}`] = Object.fromEntries(
        METRICS.map((m) => [m, summarise(groupsOf(all, [v], t, m)[v])]),
      );
    }
  }
  const { tests, factorTests, bioContrast, variantCi } = reportTests(
    all,
    config.variants,
    config.tasks,
  );
  const failures = numericalFailures(all);
  const usesEmd = config.variants.some((v) => parseVariant(v).regulariser === "emd");
  const epsilon = usesEmd ? epsilonDominance(c.adjacency, c.n) : null;
  const voxels = Boolean(config.field);
  const geometry = {
    dstar: config.dstar,
    // How much of the real geometry the authors' D* keeps (Pearson r over pairs i < j).
    authorsVsRealR: round(
      distanceCorrelation(dStarOf(c, "authors", voxels), dStarOf(c, "real", voxels), c.n),
      4,
    ),
  };
  const figures = all.length
    ? await shakibaFigures(ctx.runDir, all, config.variants, config.tasks, c.n)
    : {};
  const mean = (xs: number[]) => summarise(xs).mean;
  const extra = {
    connectome: { name: c.name, neurons: c.n, grid: gridOf(config, c) },
    positive: config.positive,
    backend: all[0]?.backend ?? null,
    meanUnitSeconds: round(mean(all.map((r) => r.seconds)), 2),
    meanStepMs: round(1000 * mean(all.map((r) => r.secondsPerStep)), 1),
    stepsPerRun: config.epochs * Math.ceil(config.trainTrials / config.batchSize),
    prior: config.prior,
    wdcEpsilon: config.wdcEpsilon,
    geometry,
    numericalFailures: failures,
    empiricalCommunicability: epsilon,
    bioContrast,
    variantCi,
  };
  if (ctx.missing.length) ctx.log(`${ctx.missing.length} units missing: ${ctx.missing.join(", ")}`);
  const lines = [
    "# Shakiba et al. 2026: connectome-grounded RNNs",
    "",
    `Connectome ${c.name} (${c.n} neurons, D grid ${extra.connectome.grid.join("×")}); ` +
    `preset ${config.preset}${config.positive ? ", non-negative weights" : ""}; ` +
    `seeds ${config.seeds.join(",")}; ${config.trainTrials} training / ${config.testTrials} ` +
    `test trials, batch ${config.batchSize}, ${config.epochs} epoch(s) ` +
    `(${extra.stepsPerRun} Adam steps per run); W* prior ${config.prior}; ` +
    `D* from ${config.dstar === "real" ? "real positions" : "the authors' reshape(3, -1)"} ` +
    `(authors' vs real D*: r = ${geometry.authorsVsRealR}); WDC epsilon ${config.wdcEpsilon}; ` +
    `${all.length} of ${all.length + ctx.missing.length} units done.`,
    "",
    "Test acc. is held-out accuracy (ours); train acc. is the authors' table quantity, " +
    "accuracy on the last epoch's training batches with input noise. Cells are mean ± SD " +
    "over seeds; summary.json holds bootstrap 95 % CIs of every mean (`extra.variantCi`).",
    "",
  ];
  for (const t of config.tasks) {
    lines.push(`## ${t}`, "", `| variant | ${METRICS.map((m) => LABELS[m]).join(" | ")} |`);
    lines.push(`|---|${METRICS.map(() => "---").join("|")}|`);
    for (const v of config.variants) {
      const row = METRICS.map((m) => formatMeanSd(metrics[`${v}/${t}`][m], 3));
      lines.push(`| ${v} | ${row.join(" | ")} |`);
    }
    lines.push("");
  }
  lines.push("## Numerical health", "");
  lines.push(
    failures.length
      ? `${failures.length} unit(s) went non-finite (numerical failure, not learning):`
      : "Every unit's losses and trained weights are finite.",
    ...failures.map((f) => `- ${f}`),
    "",
  );
  if (epsilon) {
    lines.push(
      `C* matches the empirical communicability: ${epsilon.zeroRows} of ${epsilon.n} neurons ` +
        `have zero out-strength (${epsilon.zeroRowsWithInputs} of them receive synapses), so ` +
        `1e-10 replaces their row sum and their columns are scaled by 1e5: they hold ` +
        `${(100 * epsilon.massShare).toFixed(3)} % of Σ C_emp (max ${
          epsilon.max.toExponential(2)
        }, median off-diagonal ${epsilon.median.toExponential(2)}). ` +
        (epsilon.zeroRows > 0
          ? "**Flag: the C* target is dominated by the epsilon, not by the data.**"
          : ""),
      "",
    );
  }
  if (factorTests.length) {
    lines.push(
      "## Per-factor tests (the authors' S5–S7)",
      "",
      "Factor W (w, w*, w!), D (d, d*, nan) or C (c, c*, nan) with the other two held fixed " +
        "(`W@d*,c` = W varies at D = d*, C = c). Kruskal–Wallis per cell (not corrected), then " +
        "Mann–Whitney U on every pair of levels (with 3 levels only when Kruskal–Wallis " +
        "p < 0.05), Holm over all pairs of one factor, task and metric.",
      "",
      ...testRows(factorTests),
      "",
    );
  }
  if (tests.length) {
    lines.push(
      "## Tests across variants",
      "",
      "Mann–Whitney U against W is Holm-corrected within each task and metric; " +
        "Kruskal–Wallis (`*/task`: all variants) and bio vs non-bio are single tests.",
      "",
      ...testRows(tests),
      "",
    );
  }
  if (Object.keys(figures).length) {
    lines.push("## Figures", "");
    for (const name of Object.keys(figures)) {
      lines.push(
        name.endsWith(".txt") ? `- [${name}](figures/${name})` : `![${name}](figures/${name})`,
      );
    }
    lines.push("");
  }
  if (ctx.missing.length) lines.push(`Missing units: ${ctx.missing.join(", ")}`, "");
  return {
    markdown: lines.join("\n"),
    metrics,
    tests: [...factorTests, ...tests],
    figures,
    extra,
  };
}
