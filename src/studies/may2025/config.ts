/**
 * The may2025 config: one zod schema (the CLI flags and `--help` are derived from it, and a
 * resumed run's `config.json` is validated against it), the four presets, and the checks
 * that span several fields.
 *
 * @module
 */
import { z } from "zod";
import { type Preset, PRESETS } from "../../experiment/contract.ts";
import { CELLS, type CellType } from "../../models/frame_predictor_layers.ts";
import {
  FRAME_PREDICTOR_INITS,
  type FramePredictorInit,
  PAPER_FRAME_PREDICTOR,
} from "../../models/frame_predictor.ts";
import { InputError } from "../../util/errors.ts";

/** The conditions, in table order. */
export const MAY2025_CONDITIONS = [
  "directional",
  "undirectional",
  "none",
  "shuffled",
  "short1",
  "short2",
  "short4",
  "budget",
] as const;
/** One of {@link MAY2025_CONDITIONS}. */
export type May2025Condition = typeof MAY2025_CONDITIONS[number];

const int = (min: number, max: number) => z.number().int().min(min).max(max);
const distinct = <T>(values: T[]) => new Set(values).size === values.length;

const condition = z.enum(MAY2025_CONDITIONS, {
  error: (issue) =>
    `unknown condition '${String(issue.input)}' (known: ${MAY2025_CONDITIONS.join(", ")})`,
});

/** The frame predictor's architecture; its fields are flags of their own names. */
const modelSchema = z.object({
  cell: z.enum(CELLS).meta({ description: "recurrent cell, all presets rnn" }),
  channels: int(1, 512).meta({
    description: "channels per recurrent layer (quick 8, standard 16, full 64)",
  }),
  kernel: int(1, 15).refine((k) => k % 2 === 1, "must be odd").meta({
    description: "kernel size of the recurrent convolutions (3)",
  }),
  size: int(4, 256).meta({ description: "frame height = width (quick 32, standard/full 64)" }),
  frames: int(1, 100).meta({
    description: "input frames per clip (quick 6, standard/full 10)",
  }),
  layers: int(1, 16).meta({ description: "recurrent layers (3)" }),
  init: z.enum(FRAME_PREDICTOR_INITS).meta({
    description: "initialisation: the authors' PyTorch code (two biases per cell, readout " +
      "U(±1/√(9C))) or uniform U(±1/√C) everywhere",
  }),
});

/**
 * The schema of a may2025 config. Field `fooBar` is the flag `--foo-bar`; `learningRate` is
 * `--lr`, `batchSize` is `--batch`, `finetuneClips` is `--clips`, and the model's fields are
 * `--cell`, `--channels`, `--kernel`, `--size`, `--frames`, `--layers`.
 *
 * @example
 * ```ts
 * import { may2025Presets, may2025Schema } from "@prevision/prevision/studies";
 * may2025Schema.parse(may2025Presets.quick).epochs; // 3
 * ```
 */
export const may2025Schema: z.ZodObject<{
  preset: z.ZodEnum<{ [P in Preset]: P }>;
  model: z.ZodObject<{
    cell: z.ZodEnum<{ [C in CellType]: C }>;
    channels: z.ZodNumber;
    kernel: z.ZodNumber;
    size: z.ZodNumber;
    frames: z.ZodNumber;
    layers: z.ZodNumber;
    init: z.ZodEnum<{ [I in FramePredictorInit]: I }>;
  }>;
  seeds: z.ZodArray<z.ZodNumber>;
  folds: z.ZodNumber;
  dataSeed: z.ZodNumber;
  batchSize: z.ZodNumber;
  learningRate: z.ZodNumber;
  pretrainEpochs: z.ZodNumber;
  pretrainPatience: z.ZodNullable<z.ZodNumber>;
  pretrainClips: z.ZodNumber;
  epochs: z.ZodNumber;
  patience: z.ZodNullable<z.ZodNumber>;
  finetuneClips: z.ZodNumber;
  testFraction: z.ZodNumber;
  budgetPretrainEpochs: z.ZodNumber;
  conditions: z.ZodArray<z.ZodEnum<{ [C in May2025Condition]: C }>>;
  tehSigma: z.ZodNullable<z.ZodNumber>;
  wrapAngles: z.ZodBoolean;
  undirectionalWaves: z.ZodEnum<{ godfrey: "godfrey"; teh: "teh" }>;
  waveClips: z.ZodEnum<{ within: "within"; stream: "stream" }>;
  corridorView: z.ZodEnum<{ authors: "authors"; centred: "centred" }>;
  corridorSpeed: z.ZodNullable<z.ZodNumber>;
  natural: z.ZodNullable<z.ZodString>;
  rf: z.ZodBoolean;
}> = z.object({
  preset: z.enum(PRESETS).meta({ description: "run size this config started from" }),
  model: modelSchema.meta({ description: "frame predictor architecture" }),
  seeds: z.array(int(0, 1e9)).min(2, "the paired tests need at least 2 seeds")
    .refine(distinct, "a seed is listed twice").meta({
      seeds: true,
      description: "replicate seeds (tiny 3, quick 6, standard 4, full 5)",
    }),
  folds: int(1, 20).meta({
    description: "cross-validation folds; 1 = one validation fifth (quick 1, full 5)",
  }),
  dataSeed: int(0, 1e9).meta({ description: "seed of the waves and the corridor (2025)" }),
  batchSize: int(1, 1024).meta({ flag: "batch", description: "batch size (16)" }),
  learningRate: z.number().min(1e-7).max(1).meta({
    flag: "lr",
    description: "Adam learning rate (quick 1e-3, standard 3e-4, full 1e-4)",
  }),
  pretrainEpochs: int(1, 10_000).meta({
    description: "pre-training epochs on the waves (quick 10, standard 8, full 200)",
  }),
  pretrainPatience: int(1, 10_000).nullable().meta({
    description: "early-stopping patience of pre-training, best epoch kept (5)",
  }),
  pretrainClips: int(2, 1e6).meta({
    description: "wave clips for pre-training (quick 320, standard 320, full 2000)",
  }),
  epochs: int(1, 10_000).meta({
    description: "maximum fine-tuning epochs (quick 14, standard 10, full 200)",
  }),
  patience: int(1, 10_000).nullable().meta({
    description: "early-stopping patience of fine-tuning (5)",
  }),
  finetuneClips: int(5, 1e6).meta({
    flag: "clips",
    description: "fine-tuning clips in total, test included (quick 480, standard 600, full 1500)",
  }),
  testFraction: z.number().gt(0).lt(1).meta({
    description:
      "fraction of the fine-tuning clips held out for test (1/3: the paper's 500 of 1,500)",
  }),
  budgetPretrainEpochs: int(1, 10_000).meta({
    description: "pre-training epochs of the budget condition, taken out of --epochs " +
      "(quick/standard 2, full 4)",
  }),
  conditions: z.array(condition).min(1).refine(distinct, "a condition is listed twice").meta({
    description: `conditions to run (${MAY2025_CONDITIONS.join(", ")})`,
  }),
  tehSigma: z.number().positive().max(100).nullable().meta({
    description: "direction tuning σ of the Teh waves; null = the σ the authors' script " +
      "runs (its 10-step optimiser's output, ≈ 1.7258)",
  }),
  wrapAngles: z.boolean().meta({
    description: "wrap θ_β − θ′ into (−π, π] in the Teh waves (the authors' script does not)",
  }),
  undirectionalWaves: z.enum(["godfrey", "teh"]).meta({
    description: "waves of the undirectional condition: Godfrey–Swindale (the paper's row) " +
      "or Teh with a uniform inhibition point (its supplement)",
  }),
  waveClips: z.enum(["within", "stream"]).meta({
    description: "pre-training clips inside single waves, as the authors' per-wave movies " +
      "(within), or cut from one continuous stream (stream)",
  }),
  corridorView: z.enum(["authors", "centred"]).meta({
    description: "the corridor as the authors' dataset shows it (one wall to a vanishing " +
      "point at the left, dark with bright cues, anti-aliased) or the centred ray-cast view",
  }),
  corridorSpeed: z.number().positive().max(1).nullable().meta({
    description: "corridor panels travelled per frame; null = 0.025 × 64 / size, the motion " +
      "per pixel of the authors' 64×64 frames at any frame size",
  }),
  natural: z.string().nullable().meta({
    description:
      "fine-tune on a natural movie: .npy [frames,h,w], a video file, or an image folder",
  }),
  rf: z.boolean().meta({
    description: "add receptive fields to the report (activation maximisation, gratings)",
  }),
});

/**
 * A may2025 config.
 *
 * @example
 * ```ts
 * import type { May2025Config } from "@prevision/prevision/studies";
 * const size = (c: May2025Config) => c.model.size;
 * ```
 */
export type May2025Config = z.infer<typeof may2025Schema>;

const AUTHORS_DATA = {
  tehSigma: null,
  wrapAngles: false,
  undirectionalWaves: "godfrey",
  waveClips: "within",
  corridorView: "authors",
  corridorSpeed: null,
} as const;

const QUICK: May2025Config = {
  preset: "quick",
  model: { cell: "rnn", channels: 8, kernel: 3, size: 32, frames: 6, layers: 3, init: "pytorch" },
  seeds: [1, 2, 3, 4, 5, 6],
  folds: 1,
  dataSeed: 2025,
  batchSize: 16,
  learningRate: 1e-3,
  pretrainEpochs: 10,
  pretrainPatience: 5,
  pretrainClips: 320,
  epochs: 14,
  patience: 5,
  finetuneClips: 480,
  testFraction: 1 / 3,
  budgetPretrainEpochs: 2,
  conditions: ["directional", "undirectional", "none", "shuffled"],
  ...AUTHORS_DATA,
  natural: null,
  rf: false,
};

/**
 * The presets; every one uses the authors' data and initialisation (Teh waves at the σ their
 * script runs, unwrapped angles, clips inside single waves, Godfrey waves for the
 * undirectional row, the corridor as their dataset shows it, PyTorch's initialisation).
 * Seeds are fixed here, before any result is seen.
 *
 * - `tiny`: seconds, for tests.
 * - `quick` (the default of `deno task train`): 32×32 frames, 8 channels, 6 input frames
 *   (the paper: 10), 6 seeds, the four main conditions (`--conditions` adds short1/2/4 and
 *   budget), and Adam at 1e-3 (not the paper's 1e-4) so that a few hundred steps train:
 *   pre-training up to 10 epochs of 320 wave clips with patience 5 and the best epoch kept,
 *   fine-tuning up to 14 epochs on 256 corridor clips (64 validate, 160 test). Sized to
 *   ≤ 8 minutes on 2 idle cores.
 * - `standard`: the paper's frames (64×64, 10 input frames), 16 channels, 4 seeds (two rounds
 *   of 2 workers), the four main conditions, Adam 3e-4, pre-training ≤ 8 epochs of 320 clips,
 *   fine-tuning ≤ 10 epochs on 320 clips (80 validate, 200 test); under an hour on 2 cores.
 * - `full`: the paper's sizes (SCIENCE.md §1): 64×64, 64 channels, 10 frames, Adam 1e-4,
 *   batch 16, up to 200 epochs with patience 5, 5-fold CV with 800 training, 200 validation
 *   and 500 test clips per fold, 5 replicates.
 *
 * @example
 * ```ts
 * import { may2025Presets } from "@prevision/prevision/studies";
 * may2025Presets.full.model.channels; // 64
 * ```
 */
export const may2025Presets: Record<May2025Config["preset"], May2025Config> = {
  tiny: {
    ...QUICK,
    preset: "tiny",
    model: { cell: "rnn", channels: 4, kernel: 3, size: 16, frames: 3, layers: 3, init: "pytorch" },
    seeds: [1, 2, 3],
    dataSeed: 7,
    batchSize: 8,
    learningRate: 1e-2,
    pretrainEpochs: 2,
    pretrainPatience: null,
    pretrainClips: 16,
    epochs: 2,
    finetuneClips: 45,
    budgetPretrainEpochs: 1,
    conditions: ["directional", "undirectional", "none", "shuffled", "short1", "budget"],
  },
  quick: QUICK,
  standard: {
    ...QUICK,
    preset: "standard",
    model: {
      cell: "rnn",
      channels: 16,
      kernel: 3,
      size: 64,
      frames: 10,
      layers: 3,
      init: "pytorch",
    },
    seeds: [1, 2, 3, 4],
    learningRate: 3e-4,
    pretrainEpochs: 8,
    pretrainClips: 320,
    epochs: 10,
    finetuneClips: 600,
    conditions: ["directional", "undirectional", "none", "shuffled"],
  },
  full: {
    ...QUICK,
    preset: "full",
    model: { ...PAPER_FRAME_PREDICTOR, init: "pytorch" },
    seeds: [1, 2, 3, 4, 5],
    folds: 5,
    learningRate: 1e-4,
    pretrainEpochs: 200,
    pretrainPatience: 5,
    pretrainClips: 2000,
    epochs: 200,
    finetuneClips: 1500,
    testFraction: 1 / 3,
    budgetPretrainEpochs: 4,
  },
};

/**
 * Checks that span several fields: the `short<N>` conditions need N pre-training epochs,
 * the budget condition needs fine-tuning epochs left after its pre-training, and
 * `--natural` must exist. Throws an InputError.
 *
 * @example
 * ```ts
 * import { may2025Presets, validateMay2025 } from "@prevision/prevision/studies";
 * validateMay2025(may2025Presets.quick); // passes
 * ```
 */
export function validateMay2025(config: May2025Config): void {
  const shortMax = Math.max(
    0,
    ...config.conditions.filter((c) => c.startsWith("short")).map((c) => Number(c.slice(5))),
  );
  if (shortMax > config.pretrainEpochs) {
    throw new InputError(`short${shortMax} needs --pretrain-epochs ≥ ${shortMax}`);
  }
  if (config.conditions.includes("budget") && config.budgetPretrainEpochs >= config.epochs) {
    throw new InputError(`the budget condition needs --epochs > ${config.budgetPretrainEpochs}`);
  }
  if (config.natural) {
    try {
      Deno.statSync(config.natural);
    } catch {
      throw new InputError(`--natural: no such file ${config.natural}`);
    }
  }
}
