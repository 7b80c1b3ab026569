/**
 * `deno task train yan2020`: Yan et al. 2020 — a CNN trained on one simulated retinal
 * ganglion cell's white-noise responses predicts them better than STA and LN models, and its
 * conv filters recover the cell's bipolar subunits. Units: one per cell (white noise, the
 * paper's CNN; includes the cell → cell transfer row), the spatio-temporal (separable)
 * variant on the main cell, and the main cell trained on natural-like movies (stimulus
 * transfer). The report writes figures (SVG) and `report.json`.
 */
import { join } from "node:path";
import type { Experiment, UnitSpec } from "../experiment.ts";
import { experimentCommand } from "../experiment_command.ts";
import type { Flags } from "../../cli/command.ts";
import { choiceFlag, numberFlag } from "../../cli/command.ts";
import { InputError } from "../../util/errors.ts";
import { writeFileAtomic } from "../../util/atomic.ts";
import { type BackendChoice, parseBackend, useBackend } from "../../backend/index.ts";
import { POPULATION_CELLS, type PopulationCell, subunitFilters } from "../../biology/rgc/index.ts";
import { cellsOf, runYanUnit, type Yan2020Config } from "./_yan2020_unit.ts";
import { matricesSvg, type Panel, panelsSvg } from "./_yan2020_figures.ts";

export type { Yan2020Config } from "./_yan2020_unit.ts";

type Result = Record<string, unknown>;

const QUICK = {
  trainFrames: 15000,
  valFrames: 2000,
  testFrames: 2000,
  repeats: 10,
  channels: 8,
  epochs: 10,
  lnEpochs: 8,
  cells: ["quadrants-off", "nine-off", "bars-on"] as PopulationCell[],
};
const FULL = {
  trainFrames: 90000,
  valFrames: 6000,
  testFrames: 6000,
  repeats: 20,
  channels: 8,
  epochs: 60,
  lnEpochs: 30,
  cells: [...POPULATION_CELLS],
};

function configure(flags: Flags): Yan2020Config {
  const base = flags.full ? FULL : QUICK;
  const cells = typeof flags.cells === "string"
    ? flags.cells.split(",").map((c) => c.trim())
    : base.cells;
  for (const c of cells) {
    if (!(POPULATION_CELLS as readonly string[]).includes(c)) {
      throw new InputError(`unknown cell '${c}' (expected ${POPULATION_CELLS.join(", ")})`);
    }
  }
  if (cells.length === 0) throw new InputError("--cells needs at least one cell");
  const backend: BackendChoice = parseBackend(
    typeof flags.backend === "string" ? flags.backend : undefined,
  );
  return {
    mode: flags.full ? "full" : "quick",
    seed: numberFlag(flags, "seed", 1, { integer: true, min: 0 }),
    backend,
    cells: cells as PopulationCell[],
    trainFrames: numberFlag(flags, "frames", base.trainFrames, { integer: true, min: 500 }),
    valFrames: base.valFrames,
    testFrames: base.testFrames,
    repeats: base.repeats,
    history: 20,
    channels: numberFlag(flags, "channels", base.channels, { integer: true, min: 1, max: 64 }),
    epochs: numberFlag(flags, "epochs", base.epochs, { integer: true, min: 1, max: 10000 }),
    batch: 512,
    learningRate: numberFlag(flags, "lr", 5e-3, { min: 1e-6, max: 1 }),
    patience: 5,
    lnEpochs: base.lnEpochs,
    target: choiceFlag(flags, "target", ["rate", "spikes"] as const, "rate"),
    gain: numberFlag(flags, "gain", 60, { min: 1e-6 }),
    separable: flags["no-separable"] !== true,
    natural: flags["no-natural"] !== true,
  };
}

function units(config: Yan2020Config): UnitSpec[] {
  const list: UnitSpec[] = config.cells.map((cell) => ({
    key: `cell-${cell}`,
    params: { cell, stimulus: "white-noise", variant: "paper" },
  }));
  const main = config.cells[0];
  if (config.separable) {
    list.push({
      key: `separable-${main}`,
      params: { cell: main, stimulus: "white-noise", variant: "separable" },
    });
  }
  if (config.natural) {
    list.push({
      key: `natural-${main}`,
      params: { cell: main, stimulus: "natural", variant: "paper" },
    });
  }
  return list;
}

async function runUnit(config: Yan2020Config, unit: UnitSpec, ctx: { log(m: string): void }) {
  await useBackend(config.backend as BackendChoice);
  const p = unit.params as {
    cell: PopulationCell;
    stimulus: "white-noise" | "natural";
    variant: "paper" | "separable";
  };
  const isMain = p.cell === config.cells[0] && p.variant === "paper";
  return await runYanUnit(config, p.cell, p.stimulus, p.variant, ctx.log, isMain && config.natural);
}

type Scores = { correlation: number };
type UnitResult = {
  cnn: Scores;
  ln: Scores;
  sta: Scores;
  filterMatch: {
    score: number;
    temporalScore: number;
    matches: {
      subunit: number;
      filter: number;
      correlation: number;
      temporalCorrelation: number;
    }[];
    filters: { spatial: number[]; temporal: number[]; readout: number }[];
  };
  staFilter: {
    spatial: number[];
    temporal: number[];
    spatialCorrelation: number;
    temporalCorrelation: number;
  };
  transfer?: Record<string, number>;
  otherStimulus?: { cnn: Scores; ln: Scores; sta: Scores };
  fit: { seconds: number };
};

const round = (v: number) => Math.round(v * 1000) / 1000;

async function report(
  config: Yan2020Config,
  results: Map<string, Result>,
  ctx: { runDir: string; missing: string[] },
) {
  const main = config.cells[0];
  const get = (key: string) => results.get(key) as unknown as UnitResult | undefined;
  const m = get(`cell-${main}`);
  const summary: Record<string, unknown> = {
    mode: config.mode,
    target: config.target,
    missing: ctx.missing,
  };
  const figures: string[] = [];
  if (m) {
    summary.cnn = { ...m.cnn, correlation: round(m.cnn.correlation) };
    summary.ln = { ...m.ln, correlation: round(m.ln.correlation) };
    summary.sta = { ...m.sta, correlation: round(m.sta.correlation) };
    summary.filterMatch = {
      score: round(m.filterMatch.score),
      temporal: round(m.filterMatch.temporalScore),
      perSubunit: m.filterMatch.matches.map((x) => round(x.correlation)),
      perSubunitTemporal: m.filterMatch.matches.map((x) => round(x.temporalCorrelation)),
      staSpatial: round(m.staFilter.spatialCorrelation),
      staTemporal: round(m.staFilter.temporalCorrelation),
    };
    const cell = cellsOf(config).find((c) => c.name === main)!;
    const trueT = subunitFilters(cell)[0];
    const matched = new Map(m.filterMatch.matches.map((x) => [x.filter, x]));
    const rows: { label: string; panels: Panel[] }[] = [
      {
        label: "true subunits",
        panels: cell.subunits.map((s, i) => ({
          title: `subunit ${i}`,
          map: s.mask,
          rows: 8,
          cols: 8,
          temporal: trueT,
        })),
      },
      {
        label: "STA",
        panels: [{
          title: `r = ${m.staFilter.spatialCorrelation.toFixed(2)}`,
          map: m.staFilter.spatial,
          rows: 8,
          cols: 8,
          temporal: m.staFilter.temporal,
        }],
      },
      {
        label: "CNN filters",
        panels: m.filterMatch.filters.map((f, c) => {
          const x = matched.get(c);
          return {
            title: x ? `#${c} ↔ s${x.subunit} r=${x.correlation.toFixed(2)}` : `#${c} (unmatched)`,
            map: f.spatial,
            rows: 7,
            cols: 7,
            temporal: f.temporal,
          };
        }),
      },
    ];
    const sep = get(`separable-${main}`);
    if (sep) {
      const sm = new Map(sep.filterMatch.matches.map((x) => [x.filter, x]));
      rows.push({
        label: "separable CNN",
        panels: sep.filterMatch.filters.map((f, c) => ({
          title: sm.get(c)
            ? `#${c} ↔ s${sm.get(c)!.subunit} r=${sm.get(c)!.correlation.toFixed(2)}`
            : `#${c}`,
          map: f.spatial,
          rows: 7,
          cols: 7,
          temporal: f.temporal,
        })),
      });
      summary.separable = {
        correlation: round(sep.cnn.correlation),
        filterMatch: round(sep.filterMatch.score),
        perSubunit: sep.filterMatch.matches.map((x) => round(x.correlation)),
      };
    }
    const path = join(ctx.runDir, "filters.svg");
    await writeFileAtomic(
      path,
      panelsSvg(`yan2020: subunits, STA and learned filters (${main})`, rows),
    );
    figures.push(path);
  }
  const cellRows = config.cells.filter((c) => get(`cell-${c}`)?.transfer);
  const matrix = cellRows.map((c) =>
    config.cells.map((o) => round(get(`cell-${c}`)!.transfer![o]))
  );
  summary.transfer = { cells: { train: cellRows, test: config.cells, matrix } };
  const nat = get(`natural-${main}`);
  const matrices: { title: string; rows: string[]; cols: string[]; values: number[][] }[] = [{
    title: "cell → cell (white noise)",
    rows: cellRows,
    cols: config.cells,
    values: matrix,
  }];
  if (m?.otherStimulus && nat?.otherStimulus) {
    const stim = {
      train: ["white-noise", "natural"],
      test: ["white-noise", "natural"],
      matrix: [
        [round(m.cnn.correlation), round(m.otherStimulus.cnn.correlation)],
        [round(nat.otherStimulus.cnn.correlation), round(nat.cnn.correlation)],
      ],
      ln: [
        [round(m.ln.correlation), round(m.otherStimulus.ln.correlation)],
        [round(nat.otherStimulus.ln.correlation), round(nat.ln.correlation)],
      ],
    };
    (summary.transfer as Record<string, unknown>).stimulus = stim;
    matrices.push({
      title: `CNN, stimulus (${main})`,
      rows: stim.train,
      cols: stim.test,
      values: stim.matrix,
    });
    matrices.push({
      title: `LN, stimulus (${main})`,
      rows: stim.train,
      cols: stim.test,
      values: stim.ln,
    });
  }
  if (matrix.length > 0 || matrices.length > 1) {
    const path = join(ctx.runDir, "transfer.svg");
    await writeFileAtomic(path, matricesSvg("yan2020 transfer", matrices));
    figures.push(path);
  }
  summary.perCell = Object.fromEntries(config.cells.flatMap((c) => {
    const r = get(`cell-${c}`);
    return r
      ? [[c, {
        cnn: round(r.cnn.correlation),
        ln: round(r.ln.correlation),
        sta: round(r.sta.correlation),
        filterMatch: round(r.filterMatch.score),
      }]]
      : [];
  }));
  summary.trainingSeconds = Object.fromEntries(
    [...results.entries()].map(([k, r]) => [k, round((r as unknown as UnitResult).fit.seconds)]),
  );
  summary.figures = figures;
  const reportPath = join(ctx.runDir, "report.json");
  await writeFileAtomic(reportPath, JSON.stringify(summary, null, 2));
  summary.report = reportPath;
  return summary;
}

/** The yan2020 experiment. */
export const experiment: Experiment<Yan2020Config, Result> = {
  name: "yan2020",
  summary: "Yan et al. 2020: a CNN fitted to a simulated ganglion cell reveals its subunits.",
  flags: {
    seed: { type: "string", description: "random seed (default 1)" },
    cells: {
      type: "string",
      description: `comma-separated cells (${POPULATION_CELLS.join(", ")})`,
    },
    frames: { type: "string", description: "white-noise training frames (quick 15000)" },
    epochs: { type: "string", description: "maximum CNN epochs (quick 10, full 60)" },
    channels: { type: "string", description: "conv filters (default 8)" },
    lr: { type: "string", description: "Adam learning rate (default 5e-3)" },
    target: { type: "string", description: "fit to rate (authors' code, default) or spikes" },
    gain: { type: "string", description: "output gain, spikes/s per unit (default 60 = 2/frame)" },
    "no-separable": { type: "boolean", description: "skip the separable-CNN unit" },
    "no-natural": { type: "boolean", description: "skip the natural-movie unit" },
  },
  configure,
  units,
  runUnit: (config, unit, ctx) => runUnit(config, unit, ctx),
  report: (config, results, ctx) => report(config, results, ctx),
};

/** `deno task train yan2020`. */
export const command = experimentCommand(experiment);
