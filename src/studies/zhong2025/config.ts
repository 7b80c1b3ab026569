/**
 * The zhong2025 config: one zod schema (the CLI flags and `--help` are derived from it, and
 * a resumed run's `config.json` is validated against it) and the four presets.
 *
 * @module
 */
import { z } from "zod";
import { EXPOSURE_OBJECTIVES, type ExposureObjective } from "../../models/exposure_encoder.ts";
import { type Group, GROUPS } from "../../tasks/exposure/mod.ts";
import { type Preset, PRESETS } from "../../experiment/contract.ts";

/** How the groups learn the rewarded task. */
export const ARMS = ["frozen", "plastic"] as const;
/**
 * One arm: `frozen` = only the task group's encoder learns from reward (the others learn
 * with their encoder frozen); `plastic` = every group's encoder learns from reward, as the
 * paper's animals learn with plastic brains (the task group is then the naive group).
 */
export type Arm = typeof ARMS[number];

const int = (min: number, max: number) => z.number().int().min(min).max(max);
const distinct = <T>(values: T[]) => new Set(values).size === values.length;

/**
 * The schema of a zhong2025 config. Field `fooBar` is the flag `--foo-bar`;
 * `learningRate` is `--lr` and `batchSize` is `--batch`.
 *
 * @example
 * ```ts
 * import { zhong2025 } from "@prevision/prevision/studies";
 * zhong2025.schema.parse(zhong2025.presets.quick).taskTrials; // 400
 * ```
 */
export const zhong2025Schema: z.ZodObject<{
  preset: z.ZodEnum<{ [P in Preset]: P }>;
  seeds: z.ZodArray<z.ZodNumber>;
  groups: z.ZodArray<z.ZodEnum<{ [G in Group]: G }>>;
  arms: z.ZodArray<z.ZodEnum<{ [A in Arm]: A }>>;
  objective: z.ZodEnum<{ [O in ExposureObjective]: O }>;
  width: z.ZodNumber;
  height: z.ZodNumber;
  hidden: z.ZodArray<z.ZodNumber>;
  exposureLaps: z.ZodNumber;
  exposureSteps: z.ZodNumber;
  batchSize: z.ZodNumber;
  learningRate: z.ZodNumber;
  taskTrials: z.ZodNumber;
  sessionTrials: z.ZodNumber;
  taskLr: z.ZodNumber;
  encoderLr: z.ZodNumber;
  testLaps: z.ZodNumber;
}> = z.object({
  preset: z.enum(PRESETS).meta({ description: "run size this config started from" }),
  seeds: z.array(int(0, 1e9)).min(1).refine(distinct, "a seed is listed twice").meta({
    seeds: true,
    description: "seeds per group; every group of a seed starts from the same encoder " +
      "(quick 12, full 12)",
  }),
  groups: z.array(z.enum(GROUPS)).min(1).refine(distinct, "a group is listed twice").meta({
    description: "groups to run (task = rewarded from the start, unsupervised = exposure to " +
      "the task corridors, naive = no exposure, grating = exposure to gratings)",
  }),
  arms: z.array(z.enum(ARMS)).min(1).refine(distinct, "an arm is listed twice").meta({
    description: "how the groups learn the task: frozen (only the task group's encoder " +
      "learns) and/or plastic (every group's encoder learns)",
  }),
  objective: z.enum(EXPOSURE_OBJECTIVES).meta({
    description: "unsupervised exposure objective (default contrastive)",
  }),
  width: int(4, 512).meta({ description: "rendered corridor frame width in pixels (32)" }),
  height: int(2, 512).meta({ description: "rendered corridor frame height in pixels (16)" }),
  hidden: z.array(int(1, 4096)).min(1).meta({
    description: "units per encoder layer, input side first (quick 64,32; full 128,64)",
  }),
  exposureLaps: int(1, 10_000).meta({
    description: "laps per corridor in the exposure set (quick 20, full 40)",
  }),
  exposureSteps: int(1, 1e6).meta({
    description: "unsupervised Adam steps of the exposure phase (quick 250, full 1500)",
  }),
  batchSize: int(1, 4096).meta({ flag: "batch", description: "exposure minibatch (64 frames)" }),
  learningRate: z.number().gt(0).max(10).meta({
    flag: "lr",
    description: "Adam learning rate of the exposure phase (2e-3)",
  }),
  taskTrials: int(20, 1e5).meta({
    description: "rewarded-task trials per unit and arm (quick 400, full 600)",
  }),
  sessionTrials: int(20, 1e5).meta({
    description: "trials per session; each session is scored on its first 200 trials (200)",
  }),
  taskLr: z.number().min(1e-6).max(100).meta({
    description: "lick readout's SGD learning rate per trial (0.3)",
  }),
  encoderLr: z.number().min(0).max(100).meta({
    description: "encoder learning rate during the task: the task group's, and every " +
      "group's in the plastic arm (0.005)",
  }),
  testLaps: int(4, 1000).meta({
    description: "held-out laps per stimulus for the neural measures (quick 16, full 40)",
  }),
});

/**
 * A zhong2025 config.
 *
 * @example
 * ```ts
 * import { configure, zhong2025 } from "@prevision/prevision/studies";
 * const config = configure(zhong2025, { tiny: true, groups: "naive,grating" });
 * config.groups; // ["naive", "grating"]
 * ```
 */
export type Zhong2025Config = z.infer<typeof zhong2025Schema>;

const QUICK: Zhong2025Config = {
  preset: "quick",
  seeds: Array.from({ length: 12 }, (_, i) => i + 1),
  groups: [...GROUPS],
  arms: [...ARMS],
  objective: "contrastive",
  width: 32,
  height: 16,
  hidden: [64, 32],
  exposureLaps: 20,
  exposureSteps: 250,
  batchSize: 64,
  learningRate: 2e-3,
  taskTrials: 400,
  sessionTrials: 200,
  taskLr: 0.3,
  encoderLr: 0.005,
  testLaps: 16,
};

const seedsTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/**
 * The presets, fixed before the evaluated seeds were run (developed on seeds 101–103).
 * `quick`: the model sizes the study had before the study layer, 12 seeds (for a Holm
 * family of about ten tests) and 400 task trials (two sessions of 200) in both arms;
 * `tiny` runs in seconds, for tests; `standard` is the full model, seeds and task with 1000
 * instead of 1500 exposure steps. Measured on 2 cores (WASM, both arms): quick ≈ 17
 * CPU-seconds per seed (all four groups) from the run folders' cost records, so quick is
 * ≈ 3.5 CPU-minutes and even `full` stays well under an hour.
 *
 * @example
 * ```ts
 * import { zhong2025 } from "@prevision/prevision/studies";
 * zhong2025.presets.full.exposureSteps; // 1500
 * ```
 */
export const zhong2025Presets: Record<Zhong2025Config["preset"], Zhong2025Config> = {
  tiny: {
    ...QUICK,
    preset: "tiny",
    seeds: seedsTo(2),
    hidden: [16, 8],
    exposureLaps: 4,
    exposureSteps: 5,
    taskTrials: 40,
    sessionTrials: 20,
    testLaps: 4,
  },
  quick: QUICK,
  standard: {
    ...QUICK,
    preset: "standard",
    seeds: seedsTo(12),
    hidden: [128, 64],
    exposureLaps: 40,
    exposureSteps: 1000,
    taskTrials: 600,
    testLaps: 40,
  },
  full: {
    ...QUICK,
    preset: "full",
    seeds: seedsTo(12),
    hidden: [128, 64],
    exposureLaps: 40,
    exposureSteps: 1500,
    taskTrials: 600,
    testLaps: 40,
  },
};
