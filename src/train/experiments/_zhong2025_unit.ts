/**
 * One unit of zhong2025: one group × one seed. Builds the seed's encoder, runs the group's
 * exposure phase (unsupervised, no reward), measures the model units, then runs the rewarded
 * task trial by trial and scores learning speed.
 */
import { tf } from "../../backend/tf.ts";
import { Rng } from "../../util/rng.ts";
import {
  calibrateReadout,
  createExposureEncoder,
  disposeEncoder,
  encoderActivations,
  type ExposureBatch,
  exposureLoss,
  type ExposureObjective,
  exposureVariables,
  frozenTaskTrial,
  POSITION_SEGMENTS,
  taskTrial,
} from "../../models/exposure_encoder.ts";
import {
  firstNCorrect,
  type Group,
  groupPlan,
  type Laps,
  learningCurve,
  renderLaps,
  REWARDED,
  rewardTargets,
  trialCorrect,
  trialsToCriterion,
  UNREWARDED,
} from "../../tasks/exposure/index.ts";
import { measureUnits, type NeuralMeasures } from "./_zhong2025_neural.ts";

/** The experiment's configuration. */
export interface Zhong2025Config {
  mode: "quick" | "full" | "tiny";
  backend: string;
  seeds: number[];
  groups: Group[];
  objective: ExposureObjective;
  width: number;
  height: number;
  hidden: number[];
  /** Laps per corridor in the exposure set. */
  exposureLaps: number;
  exposureSteps: number;
  batch: number;
  lr: number;
  taskTrials: number;
  taskLr: number;
  /** Encoder learning rate of the task group (its encoder learns from reward). */
  encoderLr: number;
  /** Held-out laps per stimulus for the neural measures. */
  testLaps: number;
}

/** What one unit returns. */
export interface Zhong2025Result {
  group: Group;
  seed: number;
  correct: number[];
  trialsToCriterion: number;
  reached: boolean;
  first200Correct: number;
  curve: number[];
  exposureLoss: { first: number; last: number } | null;
  neural: NeuralMeasures;
  seconds: { exposure: number; neural: number; task: number };
}

// Distinct random streams for exposure laps, task laps, test laps and the corridor order.
const STREAM = { exposure: 1, task: 2, test: 3, calibration: 4, order: 5, batches: 6 };

function unsupervisedBatch(sets: Laps[], rng: Rng, objective: ExposureObjective, size: number) {
  const pixels = sets[0].pixels, bins = sets[0].bins;
  if (objective === "predictive") {
    const x = new Float32Array(size * pixels), next = new Float32Array(size * pixels);
    for (let i = 0; i < size; i++) {
      const s = sets[rng.int(sets.length)], l = rng.int(s.laps), b = rng.int(bins - 1);
      const at = (l * bins + b) * pixels;
      x.set(s.data.subarray(at, at + pixels), i * pixels);
      next.set(s.data.subarray(at + pixels, at + 2 * pixels), i * pixels);
    }
    return { x, next } as ExposureBatch;
  }
  const clip = 4, clips = Math.max(2, Math.floor(size / clip));
  const x = new Float32Array(clips * clip * pixels), clipIds: number[] = [], times: number[] = [];
  for (let c = 0; c < clips; c++) {
    const s = sets[rng.int(sets.length)], l = rng.int(s.laps), b0 = rng.int(bins - clip + 1);
    const at = (l * bins + b0) * pixels;
    x.set(s.data.subarray(at, at + clip * pixels), c * clip * pixels);
    for (let t = 0; t < clip; t++) {
      clipIds.push(c);
      times.push(t);
    }
  }
  return { x, clipIds, times } as ExposureBatch;
}

/** Runs one group × seed. */
export async function runZhongUnit(
  config: Zhong2025Config,
  group: Group,
  seed: number,
  log: (m: string) => void,
): Promise<Zhong2025Result> {
  const plan = groupPlan(group);
  const lap = { width: config.width, height: config.height };
  const inputs = config.width * config.height;
  const enc = createExposureEncoder({ inputs, hidden: config.hidden, seed });
  const initial = enc.layers.map((l) => l.w.dataSync().slice() as Float32Array);
  const t0 = performance.now();
  let exposureLoss_: Zhong2025Result["exposureLoss"] = null;
  if (plan.exposure.length > 0) {
    const sets = plan.exposure.map((c, i) =>
      renderLaps(c, config.exposureLaps, seed * 1000 + STREAM.exposure * 100 + i, lap)
    );
    const rng = new Rng(seed, STREAM.batches);
    const optimizer = tf.train.adam(config.lr);
    const vars = exposureVariables(enc, config.objective);
    let first = NaN, recent = 0, count = 0;
    for (let step = 0; step < config.exposureSteps; step++) {
      const batch = unsupervisedBatch(sets, rng, config.objective, config.batch);
      const cost = optimizer.minimize(
        () => exposureLoss(enc, batch, config.objective),
        true,
        vars,
      );
      const v = cost!.dataSync()[0];
      cost!.dispose();
      if (step === 0) first = v;
      if (step >= config.exposureSteps - 20) {
        recent += v;
        count++;
      }
      if ((step + 1) % 200 === 0) log(`exposure step ${step + 1}: loss ${v.toFixed(4)}`);
      if (step % 50 === 0) await new Promise((r) => setTimeout(r, 0));
    }
    optimizer.dispose();
    exposureLoss_ = { first, last: recent / Math.max(1, count) };
  }
  const t1 = performance.now();
  const testSeed = seed * 1000 + STREAM.test * 100;
  // The task group is measured after its task training (below); the others after exposure.
  let neural = group === "task" ? null : measureUnits(enc, initial, config, testSeed);
  const t2 = performance.now();

  const cal = [REWARDED, UNREWARDED].map((c, i) =>
    renderLaps(c, 4, seed * 1000 + STREAM.calibration * 100 + i, lap)
  );
  const calFrames = new Float32Array(cal.reduce((n, l) => n + l.data.length, 0));
  cal.reduce((at, l) => (calFrames.set(l.data, at), at + l.data.length), 0);
  const calTop = tf.tidy(() => {
    const n = calFrames.length / inputs;
    let h: tf.Tensor2D = tf.sub(tf.tensor2d(calFrames, [n, inputs]), 0.5);
    for (const l of enc.layers) h = tf.relu(tf.add(tf.matMul(h, l.w), l.b));
    return h;
  });
  calibrateReadout(enc, calTop.dataSync() as Float32Array);
  calTop.dispose();

  const trials = config.taskTrials;
  const taskSets = [REWARDED, UNREWARDED].map((c, i) =>
    renderLaps(c, trials, seed * 1000 + STREAM.task * 100 + i, lap)
  );
  const order = new Rng(seed, STREAM.order);
  const correct: boolean[] = [];
  const targetsR = rewardTargets(true), targetsU = rewardTargets(false);
  const frameCount = taskSets[0].bins * taskSets[0].pixels;
  if (plan.plasticEncoder) {
    for (let t = 0; t < trials; t++) {
      const rewarded = order.uniform() < 0.5;
      const frames = taskSets[rewarded ? 0 : 1].data.subarray(t * frameCount, (t + 1) * frameCount);
      const targets = rewarded ? targetsR : targetsU;
      const probs = taskTrial(enc, frames, targets, config.taskLr, config.encoderLr);
      correct.push(trialCorrect(Array.from(probs, (p) => p > 0.5), rewarded));
      if (t % 50 === 0) await new Promise((r) => setTimeout(r, 0));
    }
  } else {
    // A frozen encoder: one forward pass over all task laps, then the readout in plain JS.
    const bins = taskSets[0].bins;
    const tops = taskSets.map((s) => encoderActivations(enc, s.data, s.laps * bins).at(-1)!);
    const units = enc.hidden.at(-1)!;
    const readout = new Float64Array(units + POSITION_SEGMENTS + 1);
    for (let t = 0; t < trials; t++) {
      const rewarded = order.uniform() < 0.5;
      const top = tops[rewarded ? 0 : 1].subarray(t * bins * units, (t + 1) * bins * units);
      const probs = frozenTaskTrial(
        readout,
        top,
        enc.norm.mean,
        enc.norm.sd,
        rewarded ? targetsR : targetsU,
        config.taskLr,
      );
      correct.push(trialCorrect(Array.from(probs, (p) => p > 0.5), rewarded));
    }
  }
  const t3 = performance.now();
  if (neural === null) neural = measureUnits(enc, initial, config, testSeed);
  disposeEncoder(enc);
  const crit = trialsToCriterion(correct);
  const first200 = firstNCorrect(correct, 200);
  log(
    `${group}: ${crit.reached ? crit.trials : `>${crit.trials}`} trials to criterion, ` +
      `first 200 ${(100 * first200).toFixed(1)} % correct, ` +
      `top-layer selective ${(100 * neural.layers.at(-1)!.selectiveFraction).toFixed(1)} %`,
  );
  return {
    group,
    seed,
    correct: correct.map((c) => (c ? 1 : 0)),
    trialsToCriterion: crit.trials,
    reached: crit.reached,
    first200Correct: first200,
    curve: learningCurve(correct, 20),
    exposureLoss: exposureLoss_,
    neural,
    seconds: {
      exposure: (t1 - t0) / 1000,
      neural: (t2 - t1) / 1000,
      task: (t3 - t2) / 1000,
    },
  };
}
