/**
 * `deno task train zhong2025`: Zhong et al. 2025 — unrewarded exposure to virtual-reality
 * corridors reproduces most of the neural changes of task training and speeds up later task
 * learning. Units: one per group (task, unsupervised, naive, grating) × seed. Each unit
 * trains a small encoder without labels on its exposure corridors, measures its units
 * (d′ selectivity, coding direction, similarity index, per-layer change), then learns the
 * rewarded lick task trial by trial. The report compares learning speed and selectivity over
 * seeds (Mann–Whitney U, Welch t, Holm) and writes SVG figures.
 */
import type { Experiment, UnitSpec } from "../experiment.ts";
import { experimentCommand } from "../experiment_command.ts";
import type { Flags } from "../../cli/command.ts";
import { choiceFlag, numberFlag } from "../../cli/command.ts";
import { InputError } from "../../util/errors.ts";
import { type BackendChoice, parseBackend, useBackend } from "../../backend/index.ts";
import { EXPOSURE_OBJECTIVES } from "../../models/exposure_encoder.ts";
import { type Group, GROUPS } from "../../tasks/exposure/index.ts";
import { runZhongUnit, type Zhong2025Config, type Zhong2025Result } from "./_zhong2025_unit.ts";
import { report } from "./_zhong2025_report.ts";

export type { Zhong2025Config, Zhong2025Result } from "./_zhong2025_unit.ts";

const QUICK = {
  seeds: 6,
  hidden: [64, 32],
  exposureLaps: 20,
  exposureSteps: 250,
  taskTrials: 300,
  testLaps: 16,
};
const FULL = {
  seeds: 12,
  hidden: [128, 64],
  exposureLaps: 40,
  exposureSteps: 1500,
  taskTrials: 600,
  testLaps: 40,
};

function configure(flags: Flags): Zhong2025Config {
  const base = flags.full ? FULL : QUICK;
  const groups = typeof flags.groups === "string"
    ? flags.groups.split(",").map((g) => g.trim())
    : [...GROUPS];
  for (const g of groups) {
    if (!(GROUPS as readonly string[]).includes(g)) {
      throw new InputError(`unknown group '${g}' (expected ${GROUPS.join(", ")})`);
    }
  }
  if (groups.length === 0) throw new InputError("--groups needs at least one group");
  const seeds = numberFlag(flags, "seeds", base.seeds, { integer: true, min: 1, max: 1000 });
  const backend = parseBackend(typeof flags.backend === "string" ? flags.backend : "wasm");
  return {
    mode: flags.full ? "full" : "quick",
    backend,
    seeds: Array.from({ length: seeds }, (_, i) => i + 1),
    groups: groups as Group[],
    objective: choiceFlag(flags, "objective", EXPOSURE_OBJECTIVES, "contrastive"),
    width: 32,
    height: 16,
    hidden: base.hidden,
    exposureLaps: base.exposureLaps,
    exposureSteps: numberFlag(flags, "exposure-steps", base.exposureSteps, {
      integer: true,
      min: 1,
      max: 1e6,
    }),
    batch: 64,
    lr: 2e-3,
    taskTrials: numberFlag(flags, "trials", base.taskTrials, { integer: true, min: 20, max: 1e5 }),
    taskLr: numberFlag(flags, "task-lr", 0.3, { min: 1e-6, max: 100 }),
    encoderLr: numberFlag(flags, "encoder-lr", 0.005, { min: 0, max: 100 }),
    testLaps: numberFlag(flags, "test-laps", base.testLaps, { integer: true, min: 4, max: 1000 }),
  };
}

function units(config: Zhong2025Config): UnitSpec[] {
  return config.groups.flatMap((group) =>
    config.seeds.map((seed) => ({ key: `${group}-seed${seed}`, params: { group, seed } }))
  );
}

/** The zhong2025 experiment. */
export const experiment: Experiment<Zhong2025Config, Zhong2025Result> = {
  name: "zhong2025",
  summary: "Zhong et al. 2025: unsupervised exposure to VR corridors speeds up task learning.",
  flags: {
    seeds: { type: "string", description: "seeds per group (quick 6, full 12)" },
    groups: { type: "string", description: `comma-separated groups (${GROUPS.join(", ")})` },
    objective: {
      type: "string",
      description: `exposure objective (${EXPOSURE_OBJECTIVES.join(", ")}; default contrastive)`,
    },
    "exposure-steps": { type: "string", description: "unsupervised steps (quick 250)" },
    trials: { type: "string", description: "rewarded-task trials (quick 300)" },
    "task-lr": { type: "string", description: "readout learning rate per trial (0.3)" },
    "encoder-lr": { type: "string", description: "task group's encoder learning rate (0.005)" },
    "test-laps": { type: "string", description: "held-out laps per stimulus (quick 16)" },
  },
  configure,
  units,
  async runUnit(config, unit, ctx) {
    await useBackend(config.backend as BackendChoice);
    const p = unit.params as { group: Group; seed: number };
    return await runZhongUnit(config, p.group, p.seed, ctx.log);
  },
  report: (config, results, ctx) => report(config, results, ctx),
};

/** `deno task train zhong2025`. */
export const command = experimentCommand(experiment);
