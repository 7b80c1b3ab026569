/**
 * `deno task train shakiba2026`: Shakiba et al. 2026 — RNNs initialised and regularised with
 * a MICrONS connectome's geometry, wiring and function. Units are variant × task × run; each
 * trains a noise → ReLU RNN → softmax classifier, reports held-out test accuracy and the
 * trained network's modularity, small-worldness, assortativity and weight entropy. The report
 * aggregates mean/sd per variant and task, tests differences (Kruskal–Wallis across variants,
 * Mann–Whitney vs the baseline W with Holm correction, bio vs non-bio initialisation) and
 * draws the figures.
 */
import type { Experiment, UnitSpec } from "../experiment.ts";
import { experimentCommand } from "../experiment_command.ts";
import { type Flags, numberFlag } from "../../cli/command.ts";
import { InputError } from "../../util/errors.ts";
import { writeFileAtomic } from "../../util/atomic.ts";
import { loadMicronsField, parseGrid } from "../../biology/connectome/index.ts";
import { TASKS } from "../../tasks/index.ts";
import { kruskalWallis } from "../../analysis/stats/kruskal.ts";
import { mannWhitneyU, mannWhitneyVsReference } from "../../analysis/stats/mannwhitney.ts";
import { bootstrapCi } from "../../analysis/stats/bootstrap.ts";
import { isBio, parseVariant, VARIANTS, variantSlug } from "./_shakiba2026_variants.ts";
import {
  connectomeOf,
  gridOf,
  runShakibaUnit,
  type ShakibaConfig,
  type ShakibaUnitResult,
} from "./_shakiba2026_unit.ts";
import { writeShakibaFigures } from "./_shakiba2026_figures.ts";

const METRICS = ["accuracy", "modularity", "smallWorld", "entropy", "assortativity"] as const;

function list(flag: Flags[string], all: readonly string[], what: string): string[] {
  if (flag === undefined) return [...all];
  const items = (Array.isArray(flag) ? flag : [String(flag)]).flatMap((s) => s.split(","))
    .map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw new InputError(`--${what} needs at least one name`);
  return items;
}

function configure(flags: Flags): ShakibaConfig {
  const full = flags.full === true;
  const variants = list(flags.variants, VARIANTS, "variants");
  variants.forEach(parseVariant);
  const tasks = list(flags.tasks, Object.keys(TASKS), "tasks");
  for (const t of tasks) {
    if (!TASKS[t]) {
      throw new InputError(`unknown task '${t}' (expected ${Object.keys(TASKS).join(", ")})`);
    }
  }
  const field = typeof flags.field === "string" ? flags.field : null;
  const synapses = typeof flags.synapses === "string" ? flags.synapses : null;
  const cells = typeof flags.cells === "string" ? flags.cells : null;
  if (field && (synapses || cells)) throw new InputError("--field excludes --synapses/--cells");
  if ((synapses === null) !== (cells === null)) {
    throw new InputError("--synapses needs --cells (and back)");
  }
  const config: ShakibaConfig = {
    field,
    synapses,
    cells,
    syntheticN: numberFlag(flags, "neurons", 312, { integer: true, min: 4, max: 5000 }),
    grid: null,
    variants,
    tasks,
    positive: flags.positive === true,
    runs: numberFlag(flags, "runs", full ? 20 : 1, { integer: true, min: 1, max: 1000 }),
    trainTrials: numberFlag(flags, "train-trials", full ? 5120 : 1280, { integer: true, min: 1 }),
    testTrials: numberFlag(flags, "test-trials", full ? 2560 : 512, { integer: true, min: 1 }),
    batch: numberFlag(flags, "batch", full ? 128 : 32, { integer: true, min: 1, max: 4096 }),
    epochs: numberFlag(flags, "epochs", full ? 10 : 1, { integer: true, min: 1, max: 1000 }),
    learningRate: numberFlag(flags, "lr", 1e-3, { min: 1e-7, max: 1 }),
    lambda: 0.3,
    emdFactor: 0.1,
    noise: 0.05,
    nullPerms: numberFlag(flags, "null-perms", full ? 1000 : 50, { integer: true, min: 1 }),
    seed: numberFlag(flags, "seed", 1, { integer: true }),
    backend: typeof flags.backend === "string" ? flags.backend : "auto",
    mode: full ? "full" : "quick",
  };
  // Fail before the run folder is made: load a field now (fast) to learn its size.
  const n = field ? loadMicronsField(field).n : synapses ? null : config.syntheticN;
  if (typeof flags.grid === "string") {
    const parts = flags.grid.split(/[x×,]/).map(Number);
    config.grid = parseGrid(flags.grid, n ?? parts.reduce((a, b) => a * b, 1));
  }
  return config;
}

function units(config: ShakibaConfig): UnitSpec[] {
  const out: UnitSpec[] = [];
  for (let run = 0; run < config.runs; run++) {
    for (const task of config.tasks) {
      for (const variant of config.variants) {
        out.push({
          key: `${variantSlug(variant)}-${task}-r${run}`,
          params: { variant, task, run },
        });
      }
    }
  }
  return out;
}

function meanSd(xs: number[]): { mean: number; sd: number; n: number } {
  const v = xs.filter(Number.isFinite);
  if (v.length === 0) return { mean: NaN, sd: NaN, n: 0 };
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const sd = v.length > 1
    ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1))
    : 0;
  return { mean, sd, n: v.length };
}

const round = (x: number, d = 4) => (Number.isFinite(x) ? Number(x.toFixed(d)) : null);

export const experiment: Experiment<ShakibaConfig, ShakibaUnitResult> = {
  name: "shakiba2026",
  summary:
    "Shakiba et al. 2026: connectome-initialised, spatially regularised RNNs on three cognitive tasks (11 variants).",
  flags: {
    field: {
      type: "string",
      description: "MICrONS field folder (default: a synthetic connectome)",
    },
    synapses: { type: "string", description: "synapse table, CSV or Parquet (with --cells)" },
    cells: { type: "string", description: "cell table with positions, CSV or Parquet" },
    neurons: { type: "string", description: "synthetic connectome size (default 312)" },
    grid: { type: "string", description: "grid of the D control, e.g. 12x13x2 (default: field's)" },
    variants: {
      type: "string",
      description: `comma-separated (default all: ${VARIANTS.join(",")})`,
    },
    tasks: { type: "string", description: "comma-separated: maze,gonogo,perceptual (default all)" },
    positive: {
      type: "boolean",
      description: "non-negative recurrent weights (positive-only arm)",
    },
    runs: { type: "string", description: "runs per variant × task (quick 1, full 20)" },
    "train-trials": { type: "string", description: "training trials (quick 1280, full 5120)" },
    "test-trials": { type: "string", description: "held-out test trials (quick 512, full 2560)" },
    batch: { type: "string", description: "batch size (quick 32, full 128)" },
    epochs: { type: "string", description: "epochs (quick 1, full 10)" },
    lr: { type: "string", description: "Adam learning rate (1e-3)" },
    "null-perms": { type: "string", description: "small-world null draws (quick 50, full 1000)" },
    seed: { type: "string", description: "random seed (default 1)" },
  },
  configure,
  units,
  async runUnit(config, unit, ctx) {
    const c = await connectomeOf(config);
    if (config.grid && config.grid.reduce((a, b) => a * b) !== c.n) {
      throw new InputError(`--grid ${config.grid.join("x")} does not hold the ${c.n} neurons`);
    }
    return await runShakibaUnit(
      config,
      unit.params as { variant: string; task: string; run: number },
      ctx.runDir,
      ctx.log,
    );
  },
  async report(config, results, ctx) {
    const all = [...results.values()];
    const c = await connectomeOf(config);
    const variants: Record<string, Record<string, Record<string, unknown>>> = {};
    for (const v of config.variants) {
      variants[v] = {};
      for (const t of config.tasks) {
        const rs = all.filter((r) => r.variant === v && r.task === t);
        const entry: Record<string, unknown> = {};
        for (const m of METRICS) {
          const s = meanSd(rs.map((r) => r[m]));
          entry[m] = { mean: round(s.mean), sd: round(s.sd), n: s.n };
        }
        variants[v][t] = entry;
      }
    }
    // Statistics per task and metric.
    const statistics: Record<string, Record<string, unknown>> = {};
    for (const t of config.tasks) {
      statistics[t] = {};
      for (const m of METRICS) {
        const groups: Record<string, number[]> = {};
        for (const v of config.variants) {
          groups[v] = all.filter((r) => r.variant === v && r.task === t).map((r) => r[m])
            .filter(Number.isFinite);
        }
        const nonEmpty = Object.values(groups).filter((g) => g.length > 0);
        const entry: Record<string, unknown> = {};
        if (nonEmpty.length >= 2 && nonEmpty.flat().length > nonEmpty.length) {
          const kw = kruskalWallis(nonEmpty);
          entry.kruskal = { H: round(kw.statistic), p: kw.pValue, df: kw.df };
        }
        if (groups.W?.length && Object.keys(groups).length > 1) {
          const present = Object.fromEntries(
            Object.entries(groups).filter(([, g]) => g.length > 0),
          );
          const mw = mannWhitneyVsReference(present, "W");
          entry.vsBaselineW = Object.fromEntries(
            Object.entries(mw).map((
              [k, r],
            ) => [k, { U: r.statistic, p: r.pValue, pHolm: r.pHolm }]),
          );
        }
        const bio = config.variants.filter(isBio).flatMap((v) => groups[v]);
        const non = config.variants.filter((v) => !isBio(v)).flatMap((v) => groups[v]);
        if (bio.length && non.length) {
          const r = mannWhitneyU(bio, non);
          entry.bioVsNonBio = {
            bio: { ...ciOf(bio) },
            nonBio: { ...ciOf(non) },
            U: r.statistic,
            p: r.pValue,
            method: r.method,
          };
        }
        statistics[t][m] = entry;
      }
    }
    const figures = all.length
      ? await writeShakibaFigures(ctx.runDir, all, config.variants, config.tasks, c.n)
      : [];
    const summary = {
      connectome: { name: c.name, neurons: c.n, grid: gridOf(config, c) },
      mode: config.mode,
      positive: config.positive,
      runs: config.runs,
      trainTrials: config.trainTrials,
      testTrials: config.testTrials,
      batch: config.batch,
      epochs: config.epochs,
      backend: all[0]?.backend ?? null,
      meanUnitSeconds: round(meanSd(all.map((r) => r.seconds)).mean, 2),
      meanStepMs: round(1000 * meanSd(all.map((r) => r.secondsPerStep)).mean, 1),
      figures,
      statistics,
      variants,
    };
    await writeFileAtomic(`${ctx.runDir}/report.json`, JSON.stringify(summary, null, 2));
    ctx.log(table(config, variants));
    if (ctx.missing.length) {
      ctx.log(`${ctx.missing.length} units missing: ${ctx.missing.join(", ")}`);
    }
    return summary;
  },
};

function ciOf(xs: number[]): { mean: number | null; lower: number | null; upper: number | null } {
  const ci = bootstrapCi(xs, { seed: 1, resamples: 2000 });
  return { mean: round(ci.estimate), lower: round(ci.lower), upper: round(ci.upper) };
}

function table(
  config: ShakibaConfig,
  variants: Record<string, Record<string, Record<string, unknown>>>,
): string {
  const fmt = (e: unknown) => {
    const s = e as { mean: number | null; sd: number | null };
    return s.mean === null ? "   —  " : `${s.mean.toFixed(3)}±${(s.sd ?? 0).toFixed(3)}`;
  };
  const lines = [
    `variant   ${config.tasks.map((t) => `${t} acc / Q / σ / H`.padEnd(48)).join("")}`,
  ];
  for (const v of config.variants) {
    let line = v.padEnd(10);
    for (const t of config.tasks) {
      const e = variants[v][t];
      line += [e.accuracy, e.modularity, e.smallWorld, e.entropy].map(fmt).join(" ").padEnd(48);
    }
    lines.push(line);
  }
  return lines.join("\n");
}

/** `deno task train shakiba2026`. */
export const command = experimentCommand(experiment);
