/**
 * One unit of zhong2025: one group × one seed. Builds the seed's encoder (the same in every
 * group), runs the group's exposure phase (unsupervised, no reward), measures the model
 * units, then runs the rewarded task trial by trial in each arm of the config from the same
 * post-exposure state — with the encoder frozen (the task group's stays plastic), then with
 * every encoder plastic — and scores learning speed.
 *
 * @module
 */
import { tf } from "../../backend/tf.ts";
import {
  calibrateReadout,
  createExposureEncoder,
  disposeEncoder,
  encoderActivations,
  type ExposureEncoder,
  exposureVariables,
  POSITION_SEGMENTS,
} from "../../models/exposure_encoder.ts";
import { exposureLoss, frozenTaskTrial, taskTrial } from "../../train/exposure_encoder_fit.ts";
import { type Group, groupPlan, rewardTargets } from "../../tasks/exposure/mod.ts";
import type { UnitContext } from "../../experiment/contract.ts";
import type { Arm, Zhong2025Config } from "./config.ts";
import { type ArmResult, scoreArm, zoneLicked } from "./_behaviour.ts";
import {
  calibrationFrames,
  exposureBatches,
  exposureLaps,
  neuralTestSeed,
  type TaskLaps,
  taskLaps,
} from "./data.ts";
import { measureUnits, type NeuralMeasures } from "./_neural.ts";

/** What identifies one unit: its group and seed (key `<group>-seed<seed>`). */
export interface Zhong2025Params {
  /** The exposure group. */
  group: Group;
  /** Replicate seed (corridor jitter, weights, trial order). */
  seed: number;
}

/** What one unit returns (`units/<group>-seed<seed>.json`). */
export interface Zhong2025Result {
  /** The exposure group. */
  group: Group;
  /** Replicate seed. */
  seed: number;
  /** Per task trial: 1 when it was a lap of the rewarded corridor, else 0. */
  rewarded: number[];
  /**
   * The task runs, per arm of the config. The task group learns with a plastic encoder in
   * both arms, so its two entries are the same run.
   */
  arms: Partial<Record<Arm, ArmResult>>;
  /** Exposure loss at the first step and averaged over the last 20 (null: no exposure). */
  exposureLoss: { first: number; last: number } | null;
  /** Neural measures: after exposure, or after the (plastic) task for the task group. */
  neural: NeuralMeasures;
  /** Wall seconds of each phase. */
  seconds: { exposure: number; neural: number; frozenTask: number; plasticTask: number };
}

const yieldToEventLoop = () => new Promise((r) => setTimeout(r, 0));

/** Unsupervised training on the exposure corridors; the loss at the first and last steps. */
async function expose(
  enc: ExposureEncoder,
  config: Zhong2025Config,
  group: Group,
  seed: number,
  log: (m: string) => void,
): Promise<Zhong2025Result["exposureLoss"]> {
  if (groupPlan(group).exposure.length === 0) return null;
  const nextBatch = exposureBatches(
    exposureLaps(config, group, seed),
    config,
    config.objective,
    seed,
  );
  const optimizer = tf.train.adam(config.learningRate);
  const vars = exposureVariables(enc, config.objective);
  let first = NaN, recent = 0, count = 0;
  for (let step = 0; step < config.exposureSteps; step++) {
    const batch = nextBatch();
    const cost = optimizer.minimize(() => exposureLoss(enc, batch, config.objective), true, vars);
    const v = cost!.dataSync()[0];
    cost!.dispose();
    if (step === 0) first = v;
    if (step >= config.exposureSteps - 20) {
      recent += v;
      count++;
    }
    if ((step + 1) % 200 === 0) log(`exposure step ${step + 1}: loss ${v.toFixed(4)}`);
    if (step % 50 === 0) await yieldToEventLoop();
  }
  optimizer.dispose();
  return { first, last: recent / Math.max(1, count) };
}

/** Fixes the readout's normalisation from the top layer's responses to calibration laps. */
function calibrate(enc: ExposureEncoder, config: Zhong2025Config, seed: number): void {
  const frames = calibrationFrames(config, seed);
  const inputs = config.width * config.height;
  const top = tf.tidy(() => {
    const n = frames.length / inputs;
    let h: tf.Tensor2D = tf.sub(tf.tensor2d(frames, [n, inputs]), 0.5);
    for (const l of enc.layers) h = tf.relu(tf.add(tf.matMul(h, l.w), l.b));
    return h;
  });
  calibrateReadout(enc, top.dataSync() as Float32Array);
  top.dispose();
}

/** The rewarded task with a plastic encoder: per trial, whether it licked in the zone. */
async function plasticTask(
  enc: ExposureEncoder,
  config: Zhong2025Config,
  task: TaskLaps,
): Promise<boolean[]> {
  const licks: boolean[] = [];
  const targetsR = rewardTargets(true), targetsU = rewardTargets(false);
  const frameCount = task.rewarded.bins * task.rewarded.pixels;
  for (let t = 0; t < config.taskTrials; t++) {
    const rewarded = task.isRewarded[t];
    const laps = rewarded ? task.rewarded : task.unrewarded;
    const frames = laps.data.subarray(t * frameCount, (t + 1) * frameCount);
    const targets = rewarded ? targetsR : targetsU;
    licks.push(zoneLicked(taskTrial(enc, frames, targets, config.taskLr, config.encoderLr)));
    if (t % 50 === 0) await yieldToEventLoop();
  }
  return licks;
}

/**
 * The rewarded task with a frozen encoder: one forward pass over all task laps, then the
 * readout in plain JS (the encoder and its tfjs readout are left untouched).
 */
function frozenTask(enc: ExposureEncoder, config: Zhong2025Config, task: TaskLaps): boolean[] {
  const targetsR = rewardTargets(true), targetsU = rewardTargets(false);
  const bins = task.rewarded.bins;
  const [topR, topU] = [task.rewarded, task.unrewarded].map((s) =>
    encoderActivations(enc, s.data, s.laps * bins).at(-1)!
  );
  const units = enc.hidden.at(-1)!;
  const readout = new Float64Array(units + POSITION_SEGMENTS + 1);
  const licks: boolean[] = [];
  for (let t = 0; t < config.taskTrials; t++) {
    const rewarded = task.isRewarded[t];
    const top = (rewarded ? topR : topU).subarray(t * bins * units, (t + 1) * bins * units);
    const targets = rewarded ? targetsR : targetsU;
    licks.push(zoneLicked(
      frozenTaskTrial(readout, top, enc.norm.mean, enc.norm.sd, targets, config.taskLr),
    ));
  }
  return licks;
}

/**
 * Runs one group × seed: a pure function of the config and params (up to the backend's
 * numerics). The tfjs backend must be initialised (the experiment's `runUnit` does it).
 *
 * @example
 * ```ts
 * import { useBackend } from "@prevision/prevision";
 * import { zhong2025Presets } from "@prevision/prevision/studies";
 * await useBackend("wasm");
 * const r = await runUnit(zhong2025Presets.tiny, { group: "naive", seed: 1 }, { log() {} });
 * r.arms.frozen!.correct.length; // 40 trials
 * ```
 */
export async function runUnit(
  config: Zhong2025Config,
  params: Zhong2025Params,
  ctx: Pick<UnitContext, "log">,
): Promise<Zhong2025Result> {
  const { group, seed } = params;
  const log = (message: string) => ctx.log(message);
  const enc = createExposureEncoder({
    inputs: config.width * config.height,
    hidden: config.hidden,
    seed,
  });
  const initial = enc.layers.map((l) => l.w.dataSync().slice() as Float32Array);
  const t0 = performance.now();
  const exposureLoss = await expose(enc, config, group, seed, log);
  const t1 = performance.now();
  const testSeed = neuralTestSeed(seed);
  // The task group is measured after its task training (below); the others after exposure.
  const taskGroup = groupPlan(group).plasticEncoder;
  let neural = taskGroup ? null : measureUnits(enc, initial, config, testSeed);
  const t2 = performance.now();
  calibrate(enc, config, seed);
  const task = taskLaps(config, seed);
  const score = (licks: boolean[]) => scoreArm(licks, task.isRewarded, config.sessionTrials);
  const arms: Zhong2025Result["arms"] = {};
  // The frozen run first: it leaves the encoder as it was for the plastic run.
  if (config.arms.includes("frozen") && !taskGroup) {
    arms.frozen = score(frozenTask(enc, config, task));
  }
  const t3 = performance.now();
  if (config.arms.includes("plastic") || taskGroup) {
    const plastic = score(await plasticTask(enc, config, task));
    for (const arm of config.arms) if (arm === "plastic" || taskGroup) arms[arm] = plastic;
  }
  const t4 = performance.now();
  if (neural === null) neural = measureUnits(enc, initial, config, testSeed);
  disposeEncoder(enc);
  for (const [arm, r] of Object.entries(arms)) {
    log(
      `${group} ${arm}: ${r.reached ? r.trialsToCriterion : `>${r.trialsToCriterion}`} trials ` +
        `to criterion, session-1 lick difference ${r.sessions[0].difference.toFixed(3)}`,
    );
  }
  log(
    `${group}: top-layer selective ${(100 * neural.layers.at(-1)!.selectiveFraction).toFixed(1)} %`,
  );
  return {
    group,
    seed,
    rewarded: task.isRewarded.map(Number),
    arms,
    exposureLoss,
    neural,
    seconds: {
      exposure: (t1 - t0) / 1000,
      neural: (t2 - t1) / 1000,
      frozenTask: (t3 - t2) / 1000,
      plasticTask: (t4 - t3) / 1000,
    },
  };
}
