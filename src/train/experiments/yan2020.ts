/**
 * `deno task train yan2020`: Yan et al. 2020 — a CNN trained on one simulated retinal
 * ganglion cell's white-noise responses predicts them better than STA and LN models, and its
 * conv filters recover the cell's bipolar subunits. Units: one per cell (white noise, the
 * paper's CNN; includes the cell → cell transfer row), the spatio-temporal (separable)
 * variant on the main cell, and the main cell trained on natural-like movies (stimulus
 * transfer). The report writes figures (SVG) and `report.json`.
 */
import type { Experiment, UnitSpec } from "../experiment.ts";
import { experimentCommand } from "../experiment_command.ts";
import type { Flags } from "../../cli/command.ts";
import { choiceFlag, numberFlag } from "../../cli/command.ts";
import { InputError } from "../../util/errors.ts";
import { type BackendChoice, parseBackend, useBackend } from "../../backend/index.ts";
import { POPULATION_CELLS, type PopulationCell } from "../../biology/rgc/index.ts";
import { runYanUnit, type Yan2020Config } from "./_yan2020_unit.ts";
import { report } from "./_yan2020_report.ts";
import { type RecordedConfig, runRecordedUnit } from "./_yan2020_recorded.ts";

export type { Yan2020Config } from "./_yan2020_unit.ts";

type Result = Record<string, unknown>;
type Config = Yan2020Config & { recorded?: RecordedConfig };

const QUICK = {
  trainFrames: 20000,
  valFrames: 2000,
  testFrames: 2000,
  repeats: 10,
  channels: 8,
  epochs: 24,
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

function recordedFrom(flags: Flags): RecordedConfig | undefined {
  if (typeof flags.stimulus !== "string" && typeof flags.spikes !== "string") return undefined;
  if (typeof flags.stimulus !== "string" || typeof flags.spikes !== "string") {
    throw new InputError("--stimulus and --spikes go together");
  }
  const frameTimes = typeof flags["frame-times"] === "string" ? flags["frame-times"] : undefined;
  if (!frameTimes && flags["frame-rate"] === undefined) {
    throw new InputError("recorded data needs --frame-rate or --frame-times");
  }
  return {
    stimulus: flags.stimulus,
    spikes: flags.spikes,
    frameRate: frameTimes ? undefined : numberFlag(flags, "frame-rate", 30, { min: 1e-6 }),
    frameTimes,
    cellIndex: numberFlag(flags, "cell-index", 0, { integer: true, min: 0 }),
  };
}

function configure(flags: Flags): Config {
  const recorded = recordedFrom(flags);
  return recorded ? { ...simulatedConfig(flags), recorded } : simulatedConfig(flags);
}

function simulatedConfig(flags: Flags): Yan2020Config {
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
    batch: numberFlag(flags, "batch", 128, { integer: true, min: 1, max: 65536 }),
    learningRate: numberFlag(flags, "lr", 4e-3, { min: 1e-6, max: 1 }),
    // Validation r plateaus early while the filters keep separating into subunits.
    patience: 10,
    lnEpochs: base.lnEpochs,
    target: choiceFlag(flags, "target", ["rate", "spikes"] as const, "rate"),
    gain: numberFlag(flags, "gain", 60, { min: 1e-6 }),
    separable: flags["no-separable"] !== true,
    natural: flags["no-natural"] !== true,
    spikeUnit: flags["no-spikes"] !== true,
  };
}

function units(config: Config): UnitSpec[] {
  if (config.recorded) return [{ key: "recorded", params: {} }];
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
  if (config.spikeUnit && config.target === "rate") {
    list.push({
      key: `spikes-${main}`,
      params: { cell: main, stimulus: "white-noise", variant: "paper", target: "spikes" },
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

async function runUnit(config: Config, unit: UnitSpec, ctx: { log(m: string): void }) {
  await useBackend(config.backend as BackendChoice);
  if (config.recorded) return await runRecordedUnit(config, config.recorded, ctx.log);
  const p = unit.params as {
    cell: PopulationCell;
    stimulus: "white-noise" | "natural";
    variant: "paper" | "separable";
    target?: "rate" | "spikes";
  };
  // The main cell's white-noise and natural units are also scored on the other stimulus.
  const main = config.cells[0];
  const isMain = unit.key === `cell-${main}` || unit.key === `natural-${main}`;
  const unitConfig = p.target ? { ...config, target: p.target } : config;
  return await runYanUnit(
    unitConfig,
    p.cell,
    p.stimulus,
    p.variant,
    ctx.log,
    isMain && config.natural,
  );
}

/** The yan2020 experiment. */
export const experiment: Experiment<Config, Result> = {
  name: "yan2020",
  summary: "Yan et al. 2020: a CNN fitted to a simulated ganglion cell reveals its subunits.",
  flags: {
    seed: { type: "string", description: "random seed (default 1)" },
    cells: {
      type: "string",
      description: `comma-separated cells (${POPULATION_CELLS.join(", ")})`,
    },
    frames: { type: "string", description: "white-noise training frames (quick 20000)" },
    epochs: { type: "string", description: "maximum CNN epochs (quick 24, full 60)" },
    channels: { type: "string", description: "conv filters (default 8)" },
    lr: { type: "string", description: "Adam learning rate (default 4e-3)" },
    batch: { type: "string", description: "minibatch size (default 128)" },
    target: { type: "string", description: "fit to rate (authors' code, default) or spikes" },
    gain: { type: "string", description: "output gain, spikes/s per unit (default 60 = 2/frame)" },
    "no-separable": { type: "boolean", description: "skip the separable-CNN unit" },
    "no-natural": { type: "boolean", description: "skip the natural-movie unit" },
    "no-spikes": { type: "boolean", description: "skip the unit fitted to spikes (not rates)" },
    stimulus: { type: "string", description: "recorded data: stimulus NPY [frames, size, size]" },
    spikes: { type: "string", description: "recorded data: spike times NPY [n] or [n, 2]" },
    "frame-rate": { type: "string", description: "recorded data: frame rate in Hz" },
    "frame-times": { type: "string", description: "recorded data: frame onset NPY [frames]" },
    "cell-index": { type: "string", description: "recorded data: which cell (default 0)" },
  },
  configure,
  units,
  runUnit: (config, unit, ctx) => runUnit(config, unit, ctx),
  report: (config, results, ctx) => report(config, results, ctx),
};

/** `deno task train yan2020`. */
export const command = experimentCommand(experiment);
