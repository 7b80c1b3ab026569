/**
 * The numbers of a yan2020 report: the unit results indexed by role, cell and seed, their
 * metric summaries over seeds (mean, SD, n) and the paired comparisons behind the claims.
 */
import type { MetricSummary, TestSummary } from "../../experiment/contract.ts";
import { correctFamily, type RawTest, summarise } from "../_kit/mod.ts";
import { pairedTTest } from "../../analysis/stats/ttest.ts";
import { describe } from "../../analysis/stats/describe.ts";
import type { Yan2020Config } from "./config.ts";
import {
  type Scores,
  type SimulatedParams,
  type SimulatedResult,
  type UnitRole,
  type Yan2020Result,
  yan2020Units,
} from "./unit.ts";

/** The score fields, in table order. */
export const SCORE_NAMES = [
  "correlation",
  "psthCorrelation",
  "noiseCorrected",
  "fev",
  "bitsPerSpike",
] as const;

/** Simulated results by role and cell, one entry per seed of the config (undefined: missing). */
export class ResultIndex {
  readonly seeds: number[];
  readonly main: string;
  #byUnit = new Map<string, (SimulatedResult | undefined)[]>();

  constructor(config: Yan2020Config, results: Map<string, Yan2020Result>) {
    this.seeds = config.seeds;
    this.main = config.cells[0];
    for (const u of yan2020Units(config)) {
      const p = u.params as SimulatedParams;
      const id = `${p.role}/${p.cell}`;
      if (!this.#byUnit.has(id)) this.#byUnit.set(id, this.seeds.map(() => undefined));
      this.#byUnit.get(id)![this.seeds.indexOf(p.seed)] = results.get(u.key) as SimulatedResult;
    }
  }

  /** The results of one role and cell, by seed (undefined where missing). */
  get(role: UnitRole, cell: string): (SimulatedResult | undefined)[] {
    return this.#byUnit.get(`${role}/${cell}`) ?? this.seeds.map(() => undefined);
  }

  /** The first result of one role and cell (the one the figures show). */
  first(role: UnitRole, cell: string): SimulatedResult | undefined {
    return this.get(role, cell).find((r) => r !== undefined);
  }
}

/** Per-seed values of one number taken from each result (NaN where missing). */
export function values<T>(rs: (T | undefined)[], f: (r: T) => number | undefined): number[] {
  return rs.map((r) => (r === undefined ? NaN : f(r) ?? NaN));
}

type Metrics = Record<string, Record<string, MetricSummary>>;

function scoreMetrics(rs: (Scores | undefined)[]): Record<string, MetricSummary> {
  return Object.fromEntries(SCORE_NAMES.map((m) => [m, summarise(values(rs, (s) => s[m]))]));
}

function addModels(
  metrics: Metrics,
  rs: (SimulatedResult | undefined)[],
  groupOf: (model: string) => string,
  scoresOf: (r: SimulatedResult, model: "cnn" | "ln" | "sta") => Scores | undefined,
): void {
  if (rs.every((r) => r === undefined)) return;
  for (const model of ["cnn", "ln", "sta"] as const) {
    metrics[groupOf(model)] = scoreMetrics(rs.map((r) => r && scoresOf(r, model)));
  }
  Object.assign(metrics[groupOf("cnn")], {
    filterMatch: summarise(values(rs, (r) => r.filterMatch.score)),
    filterTemporal: summarise(values(rs, (r) => r.filterMatch.temporalScore)),
    filterUntrained: summarise(values(rs, (r) => r.filterNull?.untrained)),
    filterShuffled: summarise(values(rs, (r) => r.filterNull?.shuffled)),
  });
  if (rs.some((r) => r?.stnmf)) {
    metrics[groupOf("stnmf")] = {
      filterMatch: summarise(values(rs, (r) => r.stnmf?.score)),
      filterShuffled: summarise(values(rs, (r) => r.stnmf?.shuffled)),
    };
  }
}

/** Mean and t-based 95 % confidence interval over seeds of the finite values. */
export interface Interval {
  /** Mean. */
  mean: number;
  /** 95 % CI of the mean (NaN with fewer than two values). */
  ci: [number, number];
  /** Values used. */
  n: number;
}

/** The mean and 95 % CI of the finite values. */
export function interval(xs: number[]): Interval {
  const finite = xs.filter(Number.isFinite);
  if (finite.length === 0) return { mean: NaN, ci: [NaN, NaN], n: 0 };
  const d = describe(finite);
  return { mean: d.mean, ci: finite.length > 1 ? d.ci : [NaN, NaN], n: finite.length };
}

/** `mean [lo, hi]` with `digits` decimals (`—` without values). */
export function formatInterval(x: Interval, digits = 3): string {
  if (x.n === 0) return "—";
  const f = (v: number) => v.toFixed(digits);
  return Number.isFinite(x.ci[0]) ? `${f(x.mean)} [${f(x.ci[0])}, ${f(x.ci[1])}]` : f(x.mean);
}

/** A paired comparison: the mean difference a − b over seeds with its 95 % CI. */
export interface Comparison extends Interval {
  /** What is compared. */
  metric: string;
  /** First group. */
  a: string;
  /** Second group. */
  b: string;
}

/** The stimulus-transfer cells: trained on ↓ / tested on →, per model. */
export function stimulusTransfer(
  index: ResultIndex,
  model: "cnn" | "ln" | "sta",
): Record<string, number[]> {
  const wn = index.get("cell", index.main);
  const nat = index.get("natural", index.main);
  return {
    "white-noise→white-noise": values(wn, (r) => r.otherStimulus && r[model].correlation),
    "white-noise→natural": values(wn, (r) => r.otherStimulus?.[model].correlation),
    "natural→white-noise": values(nat, (r) => r.otherStimulus?.[model].correlation),
    "natural→natural": values(nat, (r) => r.otherStimulus && r[model].correlation),
  };
}

/**
 * Metric summaries by group: `<cell>/cnn|ln|sta` (white noise), `<main>/<model>-separable |
 * -spikes | -natural`, `transfer/<trained cell>` (r with each cell's rate) and
 * `stimulus/<model>` (trained→tested stimulus class).
 */
export function simulatedMetrics(config: Yan2020Config, index: ResultIndex): Metrics {
  const metrics: Metrics = {};
  for (const cell of config.cells) {
    const rs = index.get("cell", cell);
    addModels(metrics, rs, (m) => `${cell}/${m}`, (r, m) => r[m]);
    if (metrics[`${cell}/sta`]) {
      Object.assign(metrics[`${cell}/sta`], {
        staSpatial: summarise(values(rs, (r) => r.staFilter.spatialCorrelation)),
        staTemporal: summarise(values(rs, (r) => r.staFilter.temporalCorrelation)),
      });
    }
    if (rs.some((r) => r?.transfer)) {
      metrics[`transfer/${cell}`] = Object.fromEntries(
        config.cells.map((o) => [o, summarise(values(rs, (r) => r.transfer?.[o]))]),
      );
    }
  }
  const main = index.main;
  for (const role of ["separable", "spikes", "natural"] as const) {
    addModels(metrics, index.get(role, main), (m) => `${main}/${m}-${role}`, (r, m) => r[m]);
  }
  for (const model of ["cnn", "ln", "sta"] as const) {
    const cells = stimulusTransfer(index, model);
    if (Object.values(cells).some((v) => v.some(Number.isFinite))) {
      metrics[`stimulus/${model}`] = Object.fromEntries(
        Object.entries(cells).map(([k, v]) => [k, summarise(v)]),
      );
    }
  }
  return metrics;
}

/** A paired t-test over the seeds where both values exist (NaN p with fewer than 2). */
export function pairedTest(
  metric: string,
  a: string,
  b: string,
  va: number[],
  vb: number[],
): RawTest {
  const keep = va.map((v, i) => Number.isFinite(v) && Number.isFinite(vb[i]));
  const x = va.filter((_, i) => keep[i]);
  const y = vb.filter((_, i) => keep[i]);
  const n = x.length;
  if (n < 2) return { metric, a, b, method: "paired t", statistic: NaN, p: NaN, n };
  const t = pairedTTest(x, y);
  return { metric, a, b, method: "paired t", statistic: t.t, p: t.p, n };
}

/**
 * The claims as one Holm family of paired t-tests over seeds, each with the mean paired
 * difference and its 95 % CI: per cell the CNN against the LN and STA models (r with the
 * true rate), the CNN's filter match against its nulls (untrained CNN, shuffled masks) and
 * against STNMF, STNMF's match against its shuffled-mask null, each white-noise CNN on its
 * own cell against the mean over the other cells, and natural → white-noise transfer of the
 * CNN against LN.
 */
export function simulatedTests(
  config: Yan2020Config,
  index: ResultIndex,
): { tests: TestSummary[]; comparisons: Comparison[] } {
  const raw: RawTest[] = [];
  const comparisons: Comparison[] = [];
  const compare = (metric: string, a: string, b: string, va: number[], vb: number[]) => {
    raw.push(pairedTest(metric, a, b, va, vb));
    comparisons.push({ metric, a, b, ...interval(va.map((v, i) => v - vb[i])) });
  };
  for (const cell of config.cells) {
    const rs = index.get("cell", cell);
    if (rs.every((r) => r === undefined)) continue;
    const r = (m: "cnn" | "ln" | "sta") => values(rs, (x) => x[m].correlation);
    compare("correlation", `${cell}/cnn`, `${cell}/ln`, r("cnn"), r("ln"));
    compare("correlation", `${cell}/cnn`, `${cell}/sta`, r("cnn"), r("sta"));
    const match = values(rs, (x) => x.filterMatch.score);
    compare(
      "filterMatch",
      `${cell}/cnn`,
      `${cell}/cnn untrained`,
      match,
      values(rs, (x) => x.filterNull?.untrained),
    );
    compare(
      "filterMatch",
      `${cell}/cnn`,
      `${cell}/cnn vs shuffled masks`,
      match,
      values(rs, (x) => x.filterNull?.shuffled),
    );
    if (rs.some((x) => x?.stnmf)) {
      const st = values(rs, (x) => x.stnmf?.score);
      compare(
        "filterMatch",
        `${cell}/stnmf`,
        `${cell}/stnmf vs shuffled masks`,
        st,
        values(rs, (x) => x.stnmf?.shuffled),
      );
      compare("filterMatch", `${cell}/cnn`, `${cell}/stnmf`, match, st);
    }
  }
  if (config.cells.length > 1) {
    for (const cell of config.cells) {
      const rs = index.get("cell", cell);
      if (!rs.some((r) => r?.transfer)) continue;
      const others = config.cells.filter((c) => c !== cell);
      compare(
        "transfer",
        `${cell}/cnn on ${cell}`,
        `${cell}/cnn on other cells (mean)`,
        values(rs, (r) => r.transfer?.[cell]),
        values(rs, (r) => others.reduce((a, o) => a + r.transfer![o], 0) / others.length),
      );
    }
  }
  const cnn = stimulusTransfer(index, "cnn")["natural→white-noise"];
  const ln = stimulusTransfer(index, "ln")["natural→white-noise"];
  if (cnn.some(Number.isFinite)) {
    compare("natural→white-noise", "stimulus/cnn", "stimulus/ln", cnn, ln);
  }
  return { tests: correctFamily(raw, "holm"), comparisons };
}
