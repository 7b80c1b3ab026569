/**
 * The yan2020 config: which simulated cells, how much white noise, the CNN's size and
 * training, which extra units (separable CNN, spike target, natural movies), and optionally
 * a recording to fit instead of the simulated cells. Every field is a CLI flag (see `--help`).
 *
 * @module
 */
import { z } from "zod";
import { type Preset, PRESETS } from "../../experiment/contract.ts";
import { InputError } from "../../util/errors.ts";
import { POPULATION_CELLS, type PopulationCell } from "../../biology/rgc/population.ts";

/** Where a recording is; all null (the default) runs the simulated cells instead. */
const recordedSchema = z.object({
  stimulus: z.string().min(1).nullable().meta({
    description: "recorded data: stimulus NPY [frames, size, size] (replaces the simulated cells)",
  }),
  spikeTimes: z.string().min(1).nullable().meta({
    description: "recorded data: spike times NPY [n] or [n, 2] (time s, cell)",
  }),
  frameRate: z.number().positive().nullable().meta({
    description: "recorded data: frame rate in Hz (or give --frame-times)",
  }),
  frameTimes: z.string().min(1).nullable().meta({
    description: "recorded data: frame onset times NPY [frames] in seconds",
  }),
  cellIndex: z.number().int().min(0).meta({ description: "recorded data: which cell (default 0)" }),
});

/** The schema of {@link Yan2020Config}; flags and `config.json` validation come from it. */
export const yan2020Schema: z.ZodObject<{
  preset: z.ZodEnum<{ [P in Preset]: P }>;
  seeds: z.ZodArray<z.ZodNumber>;
  cells: z.ZodArray<z.ZodEnum<{ [C in PopulationCell]: C }>>;
  trainFrames: z.ZodNumber;
  valFrames: z.ZodNumber;
  testFrames: z.ZodNumber;
  repeats: z.ZodNumber;
  history: z.ZodNumber;
  channels: z.ZodNumber;
  epochs: z.ZodNumber;
  batchSize: z.ZodNumber;
  learningRate: z.ZodNumber;
  patience: z.ZodNumber;
  lnEpochs: z.ZodNumber;
  target: z.ZodEnum<{ rate: "rate"; spikes: "spikes" }>;
  gain: z.ZodNumber;
  separable: z.ZodBoolean;
  natural: z.ZodBoolean;
  spikeUnit: z.ZodBoolean;
  excludeCurrent: z.ZodBoolean;
  spiking: z.ZodEnum<{ poisson: "poisson"; bernoulli: "bernoulli" }>;
  stnmf: z.ZodBoolean;
  nullDraws: z.ZodNumber;
  recorded: z.ZodObject<{
    stimulus: z.ZodNullable<z.ZodString>;
    spikeTimes: z.ZodNullable<z.ZodString>;
    frameRate: z.ZodNullable<z.ZodNumber>;
    frameTimes: z.ZodNullable<z.ZodString>;
    cellIndex: z.ZodNumber;
  }>;
}> = z.object({
  preset: z.enum(PRESETS).meta({ description: "the preset these values started from" }),
  seeds: z.array(z.number().int().min(0)).min(1).meta({
    seeds: true,
    description: "replicate seeds: each seeds the movies, spikes and weights (quick/full 1..5, " +
      "standard 1,2,3)",
  }),
  cells: z.array(z.enum(POPULATION_CELLS)).min(1).meta({
    description: `simulated cells, the first is the main cell (${POPULATION_CELLS.join(", ")}; ` +
      "quick: the first three, standard/full: all four)",
  }),
  trainFrames: z.number().int().min(500).meta({
    flag: "frames",
    description: "training frames per cell (quick 20000, standard 60000, full 90000)",
  }),
  valFrames: z.number().int().min(100).meta({
    description: "validation frames for early stopping (quick 2000, standard 4000, full 6000)",
  }),
  testFrames: z.number().int().min(100).meta({
    description: "held-out test frames (quick 2000, standard 4000, full 6000)",
  }),
  repeats: z.number().int().min(2).meta({
    description: "spike trials of the test movie, for CC_norm and FEV (quick 10, standard/full 20)",
  }),
  history: z.number().int().min(2).max(60).meta({
    description: "frames of stimulus history the models see (20 = 0.67 s at 30 Hz)",
  }),
  channels: z.number().int().min(1).max(64).meta({
    description: "conv filters of the CNN (32, the authors' default; tiny 2)",
  }),
  epochs: z.number().int().min(1).max(10000).meta({
    description: "maximum CNN epochs (quick 40, standard 100, full 1100 at batch 2000)",
  }),
  batchSize: z.number().int().min(1).max(65536).meta({
    flag: "batch",
    description: "CNN minibatch size (128)",
  }),
  learningRate: z.number().min(1e-6).max(1).meta({
    flag: "lr",
    description: "Adam learning rate of the CNN (4e-3)",
  }),
  patience: z.number().int().min(1).meta({
    description: "epochs without a better validation r before the CNN stops (10)",
  }),
  lnEpochs: z.number().int().min(1).meta({
    description: "maximum epochs of the LN model (quick 8, standard 20, full 30)",
  }),
  target: z.enum(["rate", "spikes"]).meta({
    description: "what the LN and CNN are fitted to: the noise-free rate (authors' code) or spikes",
  }),
  gain: z.number().positive().meta({
    description: "output gain in spikes/s per unit above threshold (60 = 2 per frame; paper 2)",
  }),
  separable: z.boolean().meta({
    description: "add the space × time separable CNN on the main cell",
  }),
  natural: z.boolean().meta({
    description: "add the main cell trained on natural-like movies (stimulus transfer)",
  }),
  spikeUnit: z.boolean().meta({
    flag: "spikes",
    description: "add the main cell fitted to Poisson spikes when --target is rate",
  }),
  excludeCurrent: z.boolean().meta({
    description: "history window ends one frame before the response, as in the authors' " +
      "Python loader (default: it includes the current frame)",
  }),
  spiking: z.enum(["poisson", "bernoulli"]).meta({
    description: "spike generation: Poisson counts per frame, or one spike with p = " +
      "min(1, rate·dt) as in the authors' MATLAB script",
  }),
  stnmf: z.boolean().meta({
    description: "fit STNMF (Liu et al. 2017) to each white-noise cell's training spikes",
  }),
  nullDraws: z.number().int().min(1).max(10000).meta({
    description: "shuffled-mask draws per unit for the filter-match null (20)",
  }),
  recorded: recordedSchema,
});

/** A yan2020 run's configuration. */
export type Yan2020Config = z.infer<typeof yan2020Schema>;

/** Where a recording is (the `recorded` part of {@link Yan2020Config}). */
export type RecordedConfig = Yan2020Config["recorded"];

const NO_RECORDING: RecordedConfig = {
  stimulus: null,
  spikeTimes: null,
  frameRate: null,
  frameTimes: null,
  cellIndex: 0,
};

/** Fields shared by every preset (the paper's CNN and training choices). */
const COMMON = {
  history: 20,
  batchSize: 128,
  learningRate: 4e-3,
  // Validation r plateaus early while the filters keep separating into subunits.
  patience: 10,
  target: "rate",
  gain: 60,
  separable: true,
  natural: true,
  spikeUnit: true,
  excludeCurrent: false,
  spiking: "poisson",
  stnmf: true,
  nullDraws: 20,
} as const;

/** The four presets (quick and full are the sizes used before the study layer existed). */
export const yan2020Presets: Record<(typeof PRESETS)[number], Yan2020Config> = {
  tiny: {
    ...COMMON,
    preset: "tiny",
    seeds: [1],
    cells: ["quadrants-off", "bars-on"],
    trainFrames: 600,
    valFrames: 200,
    testFrames: 200,
    repeats: 3,
    channels: 2,
    epochs: 1,
    lnEpochs: 1,
    recorded: { ...NO_RECORDING },
  },
  // Fixed before the evaluation run (developed on seeds 101, 102): ≈ 42 CPU s per unit
  // measured (20 000 frames, 32 filters, ≤ 40 epochs ≈ 6 000 steps), 20 units ≈ 840 CPU s
  // ≈ 7 min on two idle cores.
  quick: {
    ...COMMON,
    preset: "quick",
    seeds: [1, 2, 3, 4, 5],
    cells: ["quadrants-off", "nine-off", "bars-on"],
    trainFrames: 20000,
    valFrames: 2000,
    testFrames: 2000,
    repeats: 10,
    channels: 32,
    epochs: 40,
    lnEpochs: 8,
    separable: false,
    spikeUnit: false,
    recorded: { ...NO_RECORDING },
  },
  // Estimated from the quick units' CPU time scaled by frames × epochs: ≈ 300 CPU s per unit
  // (60 000 frames, ≤ 100 epochs ≈ 47 000 steps), 21 units ≈ 6 300 CPU s ≈ 53 min on two
  // idle cores (not yet measured).
  standard: {
    ...COMMON,
    preset: "standard",
    seeds: [1, 2, 3],
    cells: [...POPULATION_CELLS],
    trainFrames: 60000,
    valFrames: 4000,
    testFrames: 4000,
    repeats: 20,
    channels: 32,
    epochs: 100,
    patience: 15,
    lnEpochs: 20,
    recorded: { ...NO_RECORDING },
  },
  // The authors' sizes: 32 filters, batches of 2 000, up to ≈ 50 000 iterations.
  full: {
    ...COMMON,
    preset: "full",
    seeds: [1, 2, 3, 4, 5],
    cells: [...POPULATION_CELLS],
    trainFrames: 90000,
    valFrames: 6000,
    testFrames: 6000,
    repeats: 20,
    channels: 32,
    epochs: 1100,
    batchSize: 2000,
    patience: 100,
    lnEpochs: 30,
    recorded: { ...NO_RECORDING },
  },
};

/**
 * Whether the config fits a recording rather than the simulated cells.
 *
 * @example
 * ```ts
 * import { isRecorded, yan2020Presets } from "@prevision/prevision/studies";
 * isRecorded(yan2020Presets.quick); // false
 * ```
 */
export function isRecorded(config: Yan2020Config): boolean {
  return config.recorded.stimulus !== null || config.recorded.spikeTimes !== null;
}

/**
 * Checks across fields: a recording needs both files and a frame clock, and the movies must
 * be longer than the models' history.
 *
 * @example
 * ```ts
 * import { yan2020Presets } from "@prevision/prevision/studies";
 * validateYan2020(yan2020Presets.quick); // passes
 * ```
 */
export function validateYan2020(config: Yan2020Config): void {
  const r = config.recorded;
  const twice = config.cells.find((c, i) => config.cells.indexOf(c) !== i);
  if (twice) throw new InputError(`--cells names '${twice}' twice`);
  if (isRecorded(config)) {
    if (r.stimulus === null || r.spikeTimes === null) {
      throw new InputError("--stimulus and --spike-times go together");
    }
    if (r.frameRate === null && r.frameTimes === null) {
      throw new InputError("recorded data needs --frame-rate or --frame-times");
    }
  }
  for (
    const [flag, frames] of [["val-frames", config.valFrames], ["test-frames", config.testFrames]]
  ) {
    if ((frames as number) <= config.history) {
      throw new InputError(`--${flag} must exceed --history (${config.history})`);
    }
  }
}
