/**
 * `deno task train may2025`: retinal-wave pre-training for motion prediction (May,
 * Dauphin & Gjorgjieva 2025; SCIENCE.md §1). Next-frame predictors are pre-trained on
 * directional or undirectional Teh waves, then fine-tuned on the corridor movie; the
 * report compares their validation loss before fine-tuning (epoch 0), after one epoch,
 * at their best epoch, and the test loss of the best model, against networks that were
 * not pre-trained, had their pre-trained weights shuffled, were pre-trained briefly, or
 * had their pre-training taken out of a fixed epoch budget.
 *
 * One unit = one replicate seed × one cross-validation fold, running every condition;
 * the pre-trained weights of a seed are computed once and shared by its folds.
 */
import { join } from "node:path";
import type { Flags } from "../../cli/command.ts";
import { choiceFlag, numberFlag } from "../../cli/command.ts";
import type { Experiment, UnitSpec } from "../experiment.ts";
import { experimentCommand } from "../experiment_command.ts";
import { InputError } from "../../util/errors.ts";
import { type FramePredictorConfig, PAPER_FRAME_PREDICTOR } from "../../models/index.ts";
import { CELLS } from "../../models/frame_predictor_layers.ts";
import { runMay2025Unit } from "./_may2025_unit.ts";
import { reportMay2025 } from "./_may2025_report.ts";

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

/** Configuration of a may2025 run (written to config.json). */
export interface May2025Config {
  preset: "quick" | "full" | "tiny";
  model: FramePredictorConfig;
  seeds: number[];
  /** Cross-validation folds (1 = a single validation block). */
  folds: number;
  dataSeed: number;
  batchSize: number;
  learningRate: number;
  pretrainEpochs: number;
  pretrainPatience: number | null;
  pretrainClips: number;
  finetuneEpochs: number;
  finetunePatience: number | null;
  finetuneClips: number;
  testFraction: number;
  /** Pre-training epochs of the "budget" condition, taken out of the fine-tuning epochs. */
  budgetPretrainEpochs: number;
  conditions: May2025Condition[];
  natural: string | null;
  rf: boolean;
}

/** Per-condition outcome of one unit. */
export interface ConditionResult {
  /** Validation loss per epoch, index 0 = before fine-tuning. */
  val: number[];
  /** Training loss per epoch (index 0 = null). */
  train: (number | null)[];
  bestEpoch: number;
  best: number;
  test: number;
  seconds: number;
}

/** Result of one unit (seed × fold). */
export interface May2025UnitResult {
  seed: number;
  fold: number;
  conditions: Partial<Record<May2025Condition, ConditionResult>>;
  seconds: number;
  backend: string;
}

const PRESETS: Record<May2025Config["preset"], Omit<May2025Config, "natural" | "rf">> = {
  // Paper sizes (SCIENCE.md §1): 64×64, 64 channels, 10 frames, Adam 1e-4, batch 16,
  // up to 200 epochs with patience 5, 5-fold CV, 5 replicates.
  full: {
    preset: "full",
    model: { ...PAPER_FRAME_PREDICTOR },
    seeds: [1, 2, 3, 4, 5],
    folds: 5,
    dataSeed: 2025,
    batchSize: 16,
    learningRate: 1e-4,
    pretrainEpochs: 200,
    pretrainPatience: 5,
    pretrainClips: 2000,
    finetuneEpochs: 200,
    finetunePatience: 5,
    finetuneClips: 1000,
    testFraction: 0.2,
    budgetPretrainEpochs: 4,
    conditions: [...MAY2025_CONDITIONS],
  },
  // Minutes on 2 cores: 32×32 frames, 8 channels, 6 input frames, a larger learning rate
  // (1e-3, not the paper's 1e-4) so that a few epochs of a hundred clips move the loss.
  // (16 channels cost ≈ 1.3 s of CPU per batch of 16 here, 8 channels ≈ 0.3 s.)
  quick: {
    preset: "quick",
    model: { cell: "rnn", channels: 8, kernel: 3, size: 32, frames: 6, layers: 3 },
    seeds: [1, 2, 3, 4, 5],
    folds: 1,
    dataSeed: 2025,
    batchSize: 16,
    learningRate: 1e-3,
    pretrainEpochs: 4,
    pretrainPatience: null,
    pretrainClips: 80,
    finetuneEpochs: 3,
    finetunePatience: 5,
    finetuneClips: 100,
    testFraction: 0.2,
    budgetPretrainEpochs: 2,
    conditions: [...MAY2025_CONDITIONS],
  },
  // Seconds: for tests.
  tiny: {
    preset: "tiny",
    model: { cell: "rnn", channels: 4, kernel: 3, size: 16, frames: 3, layers: 3 },
    seeds: [1, 2, 3],
    folds: 1,
    dataSeed: 7,
    batchSize: 8,
    learningRate: 1e-2,
    pretrainEpochs: 2,
    pretrainPatience: null,
    pretrainClips: 16,
    finetuneEpochs: 2,
    finetunePatience: 5,
    finetuneClips: 30,
    testFraction: 0.2,
    budgetPretrainEpochs: 1,
    conditions: ["directional", "undirectional", "none", "shuffled", "short1", "budget"],
  },
};

function seedsFlag(flags: Flags, fallback: number[]): number[] {
  if (flags.seeds === undefined) return fallback;
  const n = numberFlag(flags, "seeds", fallback.length, { integer: true, min: 2, max: 100 });
  return Array.from({ length: n }, (_, i) => i + 1);
}

/** Turns flags into a config (preset, then overrides). */
export function configureMay2025(flags: Flags): May2025Config {
  const preset = flags.full ? "full" : flags.tiny ? "tiny" : "quick";
  if (flags.full && flags.tiny) throw new InputError("--full and --tiny exclude each other");
  const base = structuredClone(PRESETS[preset]);
  const model: FramePredictorConfig = {
    ...base.model,
    cell: choiceFlag(flags, "cell", CELLS, base.model.cell),
    channels: numberFlag(flags, "channels", base.model.channels, {
      integer: true,
      min: 1,
      max: 512,
    }),
    size: numberFlag(flags, "size", base.model.size, { integer: true, min: 4, max: 256 }),
    frames: numberFlag(flags, "frames", base.model.frames, { integer: true, min: 1, max: 100 }),
  };
  const conditions = typeof flags.conditions === "string"
    ? flags.conditions.split(",").map((c) => c.trim()) as May2025Condition[]
    : base.conditions;
  for (const c of conditions) {
    if (!(MAY2025_CONDITIONS as readonly string[]).includes(c)) {
      throw new InputError(`unknown condition '${c}' (known: ${MAY2025_CONDITIONS.join(", ")})`);
    }
  }
  const config: May2025Config = {
    ...base,
    model,
    seeds: seedsFlag(flags, base.seeds),
    folds: numberFlag(flags, "folds", base.folds, { integer: true, min: 1, max: 20 }),
    learningRate: numberFlag(flags, "lr", base.learningRate, { min: 1e-7, max: 1 }),
    batchSize: numberFlag(flags, "batch", base.batchSize, { integer: true, min: 1, max: 1024 }),
    pretrainEpochs: numberFlag(flags, "pretrain-epochs", base.pretrainEpochs, {
      integer: true,
      min: 1,
      max: 10000,
    }),
    finetuneEpochs: numberFlag(flags, "epochs", base.finetuneEpochs, {
      integer: true,
      min: 1,
      max: 10000,
    }),
    pretrainClips: numberFlag(flags, "pretrain-clips", base.pretrainClips, {
      integer: true,
      min: 2,
      max: 1e6,
    }),
    finetuneClips: numberFlag(flags, "clips", base.finetuneClips, {
      integer: true,
      min: 5,
      max: 1e6,
    }),
    conditions,
    natural: typeof flags.natural === "string" ? flags.natural : null,
    rf: flags.rf === true,
  };
  const shortMax = Math.max(
    0,
    ...conditions.filter((c) => c.startsWith("short")).map((c) => Number(c.slice(5))),
  );
  if (shortMax > config.pretrainEpochs) {
    throw new InputError(`short${shortMax} needs --pretrain-epochs ≥ ${shortMax}`);
  }
  if (conditions.includes("budget") && config.budgetPretrainEpochs >= config.finetuneEpochs) {
    throw new InputError(`the budget condition needs --epochs > ${config.budgetPretrainEpochs}`);
  }
  if (config.natural) {
    try {
      Deno.statSync(config.natural);
    } catch {
      throw new InputError(`--natural: no such file ${config.natural}`);
    }
  }
  return config;
}

/** The experiment definition. */
export const may2025: Experiment<May2025Config, May2025UnitResult> = {
  name: "may2025",
  summary: "Retinal-wave pre-training for next-frame prediction (May, Dauphin & Gjorgjieva 2025).",
  flags: {
    tiny: { type: "boolean", description: "seconds-long sizes (tests)" },
    seeds: { type: "string", description: "replicates (quick/full: 5)" },
    folds: { type: "string", description: "cross-validation folds (quick 1, full 5)" },
    cell: { type: "string", description: "rnn | gru | lstm (default rnn)" },
    channels: { type: "string", description: "channels per recurrent layer (quick 8, full 64)" },
    size: { type: "string", description: "frame size (quick 32, full 64)" },
    frames: { type: "string", description: "input frames per clip (quick 6, full 10)" },
    lr: { type: "string", description: "Adam learning rate (quick 1e-3, full 1e-4)" },
    batch: { type: "string", description: "batch size (16)" },
    epochs: { type: "string", description: "maximum fine-tuning epochs (quick 3, full 200)" },
    "pretrain-epochs": { type: "string", description: "pre-training epochs (quick 4)" },
    clips: { type: "string", description: "corridor clips in total (quick 100)" },
    "pretrain-clips": { type: "string", description: "wave clips for pre-training (quick 80)" },
    conditions: { type: "string", description: `comma list of ${MAY2025_CONDITIONS.join(",")}` },
    natural: {
      type: "string",
      description:
        "fine-tune on a natural movie: .npy [frames,h,w], a video file, or an image folder",
    },
    rf: {
      type: "boolean",
      description: "add receptive fields (activation maximisation, gratings)",
    },
  },
  configure: configureMay2025,
  units(config: May2025Config): UnitSpec[] {
    const units: UnitSpec[] = [];
    for (let fold = 0; fold < config.folds; fold++) {
      for (const seed of config.seeds) {
        units.push({ key: `seed${seed}-fold${fold + 1}`, params: { seed, fold } });
      }
    }
    return units;
  },
  runUnit(config, unit, ctx) {
    return runMay2025Unit(config, unit.params.seed as number, unit.params.fold as number, ctx);
  },
  report(config, results, ctx) {
    return reportMay2025(config, results, ctx);
  },
};

/** Where a unit's training of one condition lives. */
export function conditionDir(
  runDir: string,
  seed: number,
  fold: number,
  condition: string,
): string {
  return join(runDir, "train", `seed${seed}-fold${fold + 1}`, condition);
}

/** `deno task train may2025`. */
export const command = { ...experimentCommand(may2025), needsBackend: true };

/** The experiment, for `deno task sweep may2025`. */
export const experiment = may2025;
