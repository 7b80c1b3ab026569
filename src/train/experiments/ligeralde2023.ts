/**
 * `deno task train ligeralde2023`: contrastive pre-training on retinal waves and the geometry
 * of the learned representation (Ligeralde, Kuang, Yerxa, Pitcher, Feller & Chung 2023).
 * Units are condition × seed: an encoder is pre-trained (or left at random init), frozen,
 * and probed for Fashion-MNIST class and for exemplar identity under large translations;
 * manifold capacity is measured at every layer. The report compares conditions with paired
 * t-tests over seeds (Holm-corrected).
 */
import type { Flags } from "../../cli/command.ts";
import { choiceFlag, numberFlag } from "../../cli/command.ts";
import type { Experiment, UnitSpec } from "../experiment.ts";
import { experimentCommand } from "../experiment_command.ts";
import { tf } from "../../backend/tf.ts";
import {
  checkResNetConfig,
  RESNET18,
  type ResNetConfig,
  ResNetEncoder,
} from "../../models/resnet.ts";
import { Projector, projectorPreset } from "../../models/projector.ts";
import { FASHION_MNIST_DIR, type ImageSet, loadFashionMnist } from "../../io/idx.ts";
import { WAVE_MODELS } from "../../stimuli/waves/index.ts";
import { InputError } from "../../util/errors.ts";
import { Rng } from "../../util/rng.ts";
import {
  clipsFromWaves,
  readRecordedMovie,
  segmentByActivity,
  type Shuffle,
  shuffleClips,
  simulatedClips,
} from "./_ligeralde_data.ts";
import { type EvalConfig, type EvalResult, evaluateEncoder } from "./_ligeralde_eval.ts";
import { pretrain, type PretrainConfig } from "./_ligeralde_train.ts";
import { reportLigeralde } from "./_ligeralde_report.ts";

/** Conditions: random init; pre-training on waves (plain or shuffled); other sources. */
export const LIGERALDE_CONDITIONS = [
  "random",
  "waves",
  "temporal",
  "pixel",
  "both",
  "godfrey",
  "lansdell",
  "recorded",
] as const;
/** One of {@link LIGERALDE_CONDITIONS}. */
export type LigeraldeCondition = typeof LIGERALDE_CONDITIONS[number];

/** The experiment's configuration (written to config.json). */
export interface LigeraldeConfig {
  preset: "quick" | "full" | "tiny";
  conditions: LigeraldeCondition[];
  seeds: number[];
  /** Wave model for `waves` and the shuffle controls. */
  waveModel: string;
  directional: boolean;
  /** Frames simulated per seed, at simSize, cut into waves and resized to imageSize. */
  waveFrames: number;
  simSize: number;
  imageSize: number;
  /** Recorded wave movie (.tif/.npy) for the `recorded` condition. */
  recorded: string | null;
  encoder: ResNetConfig;
  projector: "simclr" | "wide";
  pretrain: PretrainConfig;
  eval: EvalConfig;
  fashionDir: string;
}

/** What one unit stores. */
export interface LigeraldeUnitResult extends EvalResult {
  condition: LigeraldeCondition;
  seed: number;
  losses: number[];
  waves: number;
  frames: number;
  seconds: number;
  backend: string;
}

const QUICK: Omit<LigeraldeConfig, "fashionDir" | "recorded"> = {
  preset: "quick",
  conditions: ["random", "waves", "temporal", "pixel", "both"],
  seeds: [1, 2, 3],
  waveModel: "teh",
  directional: true,
  waveFrames: 600,
  simSize: 64,
  imageSize: 32,
  // Reduced ResNet (4 stages of one block, 16-32-64-128 channels, one input channel, which is
  // the same function class as three replicated channels): ResNet-18 does not fit the
  // minutes-on-2-cores budget.
  encoder: { ...RESNET18, inChannels: 1, widths: [16, 32, 64, 128], blocks: [1, 1, 1, 1] },
  projector: "simclr",
  pretrain: {
    epochs: 3,
    learningRate: 1e-3,
    weightDecay: 1e-6,
    batchFrames: 128,
    maxFramesPerWave: 16,
    k: 1,
    tau: 0.5,
  },
  eval: {
    imageSize: 32,
    classTrain: 1000,
    classTest: 500,
    exemplars: 30,
    trainShifts: 10,
    testShifts: 5,
    maxShift: 0.5,
    capacityExemplars: 16,
    capacityShifts: 8,
    capacityPerClass: 12,
    capacityReps: 8,
    meanFieldSamples: 100,
    probeEpochs: 150,
    capacityLayers: ["stem", "stage2", "features"],
  },
};

const PRESETS: Record<"quick" | "full" | "tiny", Omit<LigeraldeConfig, "fashionDir" | "recorded">> =
  {
    quick: QUICK,
    full: {
      ...QUICK,
      preset: "full",
      seeds: [1, 2, 3, 4, 5],
      waveFrames: 20000,
      encoder: RESNET18,
      pretrain: {
        ...QUICK.pretrain,
        epochs: 100,
        learningRate: 1e-4,
        batchFrames: 256,
        maxFramesPerWave: 32,
      },
      eval: {
        ...QUICK.eval,
        classTrain: 10000,
        classTest: 10000,
        exemplars: 50,
        trainShifts: 20,
        testShifts: 10,
        capacityExemplars: 50,
        capacityShifts: 20,
        capacityPerClass: 50,
        capacityReps: 20,
        meanFieldSamples: 200,
        probeEpochs: 300,
      },
    },
    tiny: {
      ...QUICK,
      preset: "tiny",
      conditions: ["random", "waves", "temporal"],
      seeds: [1, 2],
      waveFrames: 150,
      encoder: { ...QUICK.encoder, widths: [4, 8], blocks: [1, 1] },
      pretrain: { ...QUICK.pretrain, epochs: 1, batchFrames: 48, maxFramesPerWave: 8 },
      eval: {
        ...QUICK.eval,
        classTrain: 100,
        classTest: 50,
        exemplars: 5,
        trainShifts: 4,
        testShifts: 2,
        capacityExemplars: 6,
        capacityShifts: 4,
        capacityPerClass: 4,
        capacityReps: 4,
        meanFieldSamples: 20,
        probeEpochs: 50,
      },
    },
  };

function checkFashionMnist(dir: string): void {
  for (
    const base of [
      "train-images-idx3-ubyte",
      "train-labels-idx1-ubyte",
      "t10k-images-idx3-ubyte",
      "t10k-labels-idx1-ubyte",
    ]
  ) {
    const found = [base, `${base}.gz`].some((name) => {
      try {
        return Deno.statSync(`${dir}/${name}`).isFile;
      } catch {
        return false;
      }
    });
    if (!found) {
      throw new InputError(
        `Fashion-MNIST not found in ${dir} (no ${base}[.gz]): install it with ` +
          "`sudo apt-get install dataset-fashion-mnist` or pass --fashion-mnist DIR",
      );
    }
  }
}

/** Turns flags into a config (preset, then overrides). */
export function configureLigeralde(flags: Flags): LigeraldeConfig {
  if (flags.tiny && flags.full) throw new InputError("--tiny and --full exclude each other");
  const base = structuredClone(PRESETS[flags.full ? "full" : flags.tiny ? "tiny" : "quick"]);
  const conditions = typeof flags.conditions === "string"
    ? flags.conditions.split(",").map((c) => c.trim()) as LigeraldeCondition[]
    : base.conditions;
  for (const c of conditions) {
    if (!(LIGERALDE_CONDITIONS as readonly string[]).includes(c)) {
      throw new InputError(`unknown condition '${c}' (known: ${LIGERALDE_CONDITIONS.join(", ")})`);
    }
  }
  if (new Set(conditions).size !== conditions.length) throw new InputError("repeated condition");
  const recorded = typeof flags.recorded === "string" ? flags.recorded : null;
  if (conditions.includes("recorded") && !recorded) {
    throw new InputError("the recorded condition needs --recorded MOVIE.tif|.npy");
  }
  if (recorded && !conditions.includes("recorded")) conditions.push("recorded");
  if (recorded) {
    try {
      Deno.statSync(recorded);
    } catch {
      throw new InputError(`--recorded: no such file ${recorded}`);
    }
  }
  const fashionDir = typeof flags["fashion-mnist"] === "string"
    ? flags["fashion-mnist"]
    : FASHION_MNIST_DIR;
  checkFashionMnist(fashionDir);
  const nSeeds = numberFlag(flags, "seeds", base.seeds.length, { integer: true, min: 2, max: 100 });
  const widths = typeof flags.widths === "string"
    ? flags.widths.split(",").map((w) => Number(w))
    : base.encoder.widths;
  const blocks = typeof flags.blocks === "string"
    ? flags.blocks.split(",").map((w) => Number(w))
    : widths === base.encoder.widths
    ? base.encoder.blocks
    : widths.map(() => 1);
  const encoder = { ...base.encoder, widths, blocks };
  checkResNetConfig(encoder);
  return {
    ...base,
    conditions,
    seeds: Array.from({ length: nSeeds }, (_, i) => i + 1),
    waveModel: choiceFlag(flags, "wave-model", Object.keys(WAVE_MODELS), base.waveModel),
    waveFrames: numberFlag(flags, "wave-frames", base.waveFrames, {
      integer: true,
      min: 20,
      max: 1e7,
    }),
    encoder,
    projector: choiceFlag(flags, "projector", ["simclr", "wide"] as const, base.projector),
    pretrain: {
      ...base.pretrain,
      epochs: numberFlag(flags, "epochs", base.pretrain.epochs, {
        integer: true,
        min: 1,
        max: 10000,
      }),
      learningRate: numberFlag(flags, "lr", base.pretrain.learningRate, { min: 1e-7, max: 1 }),
      k: numberFlag(flags, "k", base.pretrain.k, { integer: true, min: 1, max: 100 }),
      tau: numberFlag(flags, "tau", base.pretrain.tau, { min: 1e-3, max: 100 }),
    },
    recorded,
    fashionDir,
  };
}

let fashionCache: { dir: string; train: ImageSet; test: ImageSet } | null = null;
function fashion(dir: string): { train: ImageSet; test: ImageSet } {
  if (!fashionCache || fashionCache.dir !== dir) {
    fashionCache = {
      dir,
      train: loadFashionMnist("train", dir),
      test: loadFashionMnist("test", dir),
    };
  }
  return fashionCache;
}

function pretrainingClips(config: LigeraldeConfig, condition: LigeraldeCondition, seed: number) {
  const sim = (model: string) =>
    simulatedClips(model, {
      frames: config.waveFrames,
      simSize: config.simSize,
      outSize: config.imageSize,
      seed,
      directional: config.directional,
    });
  if (condition === "recorded") {
    const movie = readRecordedMovie(config.recorded!);
    return clipsFromWaves(movie, segmentByActivity(movie), config.imageSize);
  }
  if (condition === "godfrey" || condition === "lansdell") return sim(condition);
  const shuffle: Shuffle = condition === "waves" ? "none" : condition as Shuffle;
  return shuffleClips(sim(config.waveModel), shuffle, new Rng(seed, 0x5bf));
}

/** The experiment definition. */
export const ligeralde2023: Experiment<LigeraldeConfig, LigeraldeUnitResult> = {
  name: "ligeralde2023",
  summary:
    "Contrastive pre-training on retinal waves and representation geometry (Ligeralde et al. 2023).",
  flags: {
    tiny: { type: "boolean", description: "seconds-long sizes (tests)" },
    seeds: { type: "string", description: "seeds per condition (quick 3, full 5)" },
    conditions: { type: "string", description: `comma list of ${LIGERALDE_CONDITIONS.join(",")}` },
    "wave-model": { type: "string", description: "teh | godfrey | lansdell (default teh)" },
    "wave-frames": { type: "string", description: "frames simulated per seed (quick 600)" },
    recorded: { type: "string", description: "recorded wave movie .tif/.npy (adds 'recorded')" },
    widths: {
      type: "string",
      description: "stage widths (quick 16,32,64,128; full 64,128,256,512)",
    },
    blocks: { type: "string", description: "blocks per stage (quick 1,1,1,1; full 2,2,2,2)" },
    projector: { type: "string", description: "simclr (→128) | wide (8192-8192-8192)" },
    epochs: { type: "string", description: "pre-training epochs (quick 3, full 100)" },
    lr: { type: "string", description: "Adam learning rate (quick 1e-3, full 1e-4)" },
    k: { type: "string", description: "frame separation of positive pairs (1)" },
    tau: { type: "string", description: "temperature (0.5)" },
    "fashion-mnist": {
      type: "string",
      description: `Fashion-MNIST IDX folder (${FASHION_MNIST_DIR})`,
    },
  },
  configure: configureLigeralde,
  units(config) {
    const units: UnitSpec[] = [];
    for (const condition of config.conditions) {
      for (const seed of config.seeds) {
        units.push({ key: `${condition}-seed${seed}`, params: { condition, seed } });
      }
    }
    return units;
  },
  async runUnit(config, unit, ctx) {
    const t0 = performance.now();
    const condition = unit.params.condition as LigeraldeCondition;
    const seed = unit.params.seed as number;
    const { train, test } = fashion(config.fashionDir);
    const enc = new ResNetEncoder(config.encoder, seed);
    const head = new Projector(projectorPreset(config.projector, enc.featureDim), seed);
    try {
      let losses: number[] = [];
      let waves = 0;
      let frames = 0;
      if (condition !== "random") {
        const clips = pretrainingClips(config, condition, seed);
        waves = clips.length;
        frames = clips.reduce((a, c) => a + c.count, 0);
        if (clips.filter((c) => c.count >= 2).length < 2) {
          throw new InputError(`${condition}: fewer than two waves of ≥2 frames to train on`);
        }
        ctx.log(`${waves} waves, ${frames} frames`);
        losses = await pretrain(enc, head, clips, config.pretrain, seed, ctx.log);
      }
      const result = evaluateEncoder(
        enc,
        train,
        test,
        config.eval,
        seed,
        ctx.log,
        condition === "random",
      );
      return {
        condition,
        seed,
        losses,
        waves,
        frames,
        seconds: (performance.now() - t0) / 1000,
        backend: tf.getBackend(),
        ...result,
      };
    } finally {
      enc.dispose();
      head.dispose();
    }
  },
  report: reportLigeralde,
};

/** `deno task train ligeralde2023`. */
export const command = { ...experimentCommand(ligeralde2023), needsBackend: true };

/** The experiment, for `deno task sweep ligeralde2023`. */
export const experiment = ligeralde2023;
