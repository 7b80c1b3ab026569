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

const LABELS: Record<string, string> = {
  accuracy: "accuracy",
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
  const { tests, bioContrast } = reportTests(all, config.variants, config.tasks);
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
    bioContrast,
  };
  if (ctx.missing.length) ctx.log(`${ctx.missing.length} units missing: ${ctx.missing.join(", ")}`);
  const lines = [
    "# Shakiba et al. 2026: connectome-grounded RNNs",
    "",
    `Connectome ${c.name} (${c.n} neurons, D grid ${extra.connectome.grid.join("×")}); ` +
    `preset ${config.preset}${config.positive ? ", non-negative weights" : ""}; ` +
    `seeds ${config.seeds.join(",")}; ${config.trainTrials} training / ${config.testTrials} ` +
    `test trials, batch ${config.batchSize}, ${config.epochs} epoch(s); ` +
    `${all.length} of ${all.length + ctx.missing.length} units done.`,
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
  if (tests.length) {
    lines.push(
      "## Tests",
      "",
      "Mann–Whitney U against W is Holm-corrected within each task and metric; " +
        "Kruskal–Wallis (`*/task`: all variants) and bio vs non-bio are single tests.",
      "",
      "| metric | a | b | test | statistic | p | p (Holm) |",
      "|---|---|---|---|---|---|---|",
    );
    for (const s of tests) {
      lines.push(
        `| ${s.metric} | ${s.a} | ${s.b || "—"} | ${s.method} | ${s.statistic.toFixed(2)} | ${
          formatP(s.p)
        } | ${formatP(s.pAdjusted)} |`,
      );
    }
    lines.push("");
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
  return { markdown: lines.join("\n"), metrics, tests, figures, extra };
}
