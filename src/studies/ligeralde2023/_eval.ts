/**
 * Evaluation of a frozen encoder for the Ligeralde et al. 2023 study: linear probes for
 * Fashion-MNIST class and for exemplar identity under large translations (at the features
 * and at intermediate layers), and manifold capacity as the authors measure it (exactly P/2
 * positive manifolds per dichotomy, hyperplanes with a bias) with the participation-ratio
 * dimension, for ±10 % translation manifolds, class manifolds and held-out wave manifolds,
 * at the encoder output and the projector layers. Batch-norm statistics are re-estimated
 * on each measurement's own images (see _embed.ts).
 *
 * @module
 */
import type { ResNetEncoder } from "../../models/resnet.ts";
import type { Projector } from "../../models/projector.ts";
import type { ImageSet } from "../../io/idx.ts";
import type { WaveClip } from "../../train/contrastive.ts";
import { linearProbe } from "../../analysis/probes.ts";
import {
  makeManifolds,
  meanFieldCapacity,
  participationRatio,
  simulatedCapacity,
} from "../../analysis/capacity/mod.ts";
import { Rng } from "../../util/rng.ts";
import type { LigeraldeConfig } from "./config.ts";
import { distinctShifts, placeImage, randomShift } from "./data.ts";
import { embedLayers, layerNames, withImageStatistics } from "./_embed.ts";

export { layerNames };

/** Sizes of the evaluation (the config's `eval` section). */
export type EvalConfig = LigeraldeConfig["eval"];

/** Capacity measures of one manifold set at one layer. */
export interface CapacityEntry {
  /** Simulated capacity α = P/N_c (exact separability of random dichotomies). */
  simulated: number;
  /** Mean-field capacity α_M (Chung, Lee & Sompolinsky 2018). */
  meanField: number;
  /** Mean-field manifold radius R_M. */
  radius: number;
  /** Mean-field manifold dimension D_M. */
  dimension: number;
  /** Mean |cosine| between the mean-subtracted manifold centres. */
  centreCorrelation: number;
  /** True when even the full layer dimension separates < half the dichotomies (α ≤ value). */
  saturated: boolean;
  /** Participation-ratio dimension of all points of all manifolds (global covariance). */
  participationRatio: number;
  /** Manifolds measured (P). */
  manifolds: number;
}

/** What one unit's evaluation returns. */
export interface EvalResult {
  /** Test accuracy of the Fashion-MNIST class probe (0–1). */
  classification: number;
  /** Test accuracy of the exemplar-identity probe on unseen translations (0–1). */
  translation: number;
  /** Training accuracy of the exemplar-identity probe. */
  translationTrain: number;
  /** Test accuracy of the translation probe at each intermediate layer of `probeLayers`. */
  layerTranslation: Record<string, number>;
  /** Per layer name: capacity of translation, class and (held-out) wave manifolds. */
  capacity: Record<
    string,
    { translation: CapacityEntry; class: CapacityEntry; waves?: CapacityEntry }
  >;
}

function sample(rng: Rng, set: ImageSet, count: number): number[] {
  return rng.permutation(set.count).slice(0, Math.min(count, set.count));
}

function capacityOf(
  data: Float32Array,
  count: number,
  points: number,
  cfg: EvalConfig,
  seed: number,
): CapacityEntry {
  const dim = data.length / (count * points);
  const m = makeManifolds(data, count, points, dim);
  // The authors' definition (manifold_simcap_analysis.py): balanced dichotomies, with bias.
  const sim = simulatedCapacity(m, { reps: cfg.capacityReps, seed, bias: true, balanced: true });
  const mf = meanFieldCapacity(m, { samples: cfg.meanFieldSamples, seed });
  return {
    simulated: sim.alpha,
    meanField: mf.alpha,
    radius: mf.radius,
    dimension: mf.dimension,
    centreCorrelation: mf.centreCorrelation,
    saturated: sim.saturated,
    participationRatio: participationRatio(data, count * points, dim),
    manifolds: count,
  };
}

/** Up to `count` held-out waves of ≥ `points` frames, `points` evenly spaced frames each. */
function waveImages(clips: WaveClip[], count: number, points: number, rng: Rng) {
  const long = clips.filter((c) => c.count >= points);
  const chosen = rng.permutation(long.length).slice(0, count).map((i) => long[i]);
  if (chosen.length === 0) return { images: new Float32Array(0), waves: 0 };
  const px = chosen[0].size * chosen[0].size;
  const images = new Float32Array(chosen.length * points * px);
  chosen.forEach((c, w) => {
    for (let j = 0; j < points; j++) {
      const f = points === 1 ? 0 : Math.round((j * (c.count - 1)) / (points - 1));
      images.set(c.frames.subarray(f * px, (f + 1) * px), (w * points + j) * px);
    }
  });
  return { images, waves: chosen.length };
}

/**
 * Evaluates a frozen encoder + projector on the probe and capacity tasks; pixel capacity
 * (which does not depend on the encoder) only when `includePixels`; wave manifolds from
 * `heldOut` clips of the wave frame size (skipped when fewer than two are long enough).
 *
 * @example
 * ```ts
 * import { Projector, projectorPreset, ResNetEncoder } from "@prevision/prevision/models";
 * import { ligeralde2023 } from "@prevision/prevision/studies";
 * import { fashionMnist, fashionMnistDir } from "./data.ts";
 * const config = ligeralde2023.presets.tiny;
 * const { train, test } = fashionMnist(fashionMnistDir());
 * const enc = new ResNetEncoder(config.encoder, 1);
 * const head = new Projector(projectorPreset(config.projector, enc.featureDim), 1);
 * const result = evaluateEncoder(enc, head, train, test, config.eval, 1, console.log);
 * console.log(result.classification);
 * ```
 */
export function evaluateEncoder(
  enc: ResNetEncoder,
  head: Projector,
  train: ImageSet,
  test: ImageSet,
  cfg: EvalConfig,
  seed: number,
  log: (m: string) => void,
  includePixels = true,
  heldOut: WaveClip[] = [],
): EvalResult {
  const size = cfg.canvasSize;
  const px = size * size;
  const rng = new Rng(seed, 0xe7a1);
  type Item = [ImageSet, number, number, number];
  const stack = (items: Item[]) => {
    const out = new Float32Array(items.length * px);
    items.forEach(([set, i, dy, dx], k) =>
      placeImage(set, i, size, dy, dx, out.subarray(k * px, (k + 1) * px))
    );
    return out;
  };
  // Every measurement embeds its images with batch-norm statistics of those images.
  const embed = (images: Float32Array, count: number, wanted: string[], imageSize = size) =>
    withImageStatistics(
      enc,
      head,
      images,
      count,
      imageSize,
      cfg.reestimateBn,
      () => embedLayers(enc, head, images, count, imageSize, wanted),
    );
  // A probe: statistics from its training images only (the authors' probe trains in
  // train() mode and tests in eval() mode); the test images are embedded with them.
  const embedPair = (
    wanted: string[],
    trainImages: Float32Array,
    trainCount: number,
    testImages: Float32Array,
    testCount: number,
  ) =>
    withImageStatistics(enc, head, trainImages, trainCount, size, cfg.reestimateBn, () => [
      embedLayers(enc, head, trainImages, trainCount, size, wanted),
      embedLayers(enc, head, testImages, testCount, size, wanted),
    ]);
  const probe = (
    trainX: Record<string, Float32Array>,
    trainLabels: number[],
    testX: Record<string, Float32Array>,
    testLabels: number[],
    layer: string,
  ) =>
    linearProbe(
      { x: trainX[layer], labels: trainLabels, dim: trainX[layer].length / trainLabels.length },
      { x: testX[layer], labels: testLabels, dim: testX[layer].length / testLabels.length },
      { epochs: cfg.probeEpochs },
    );

  // (a) Fashion-MNIST classification; statistics re-estimated on the probe's training images,
  // and the test images embedded with those statistics (the authors' probe: train() on the
  // training set, eval() on the test set).
  const trainIdx = sample(rng, train, cfg.classTrain);
  const testIdx = sample(rng, test, cfg.classTest);
  const [clsTrain, clsTest] = embedPair(
    ["features"],
    stack(trainIdx.map((i): Item => [train, i, 0, 0])),
    trainIdx.length,
    stack(testIdx.map((i): Item => [test, i, 0, 0])),
    testIdx.length,
  );
  const cls = probe(
    clsTrain,
    trainIdx.map((i) => train.labels[i]),
    clsTest,
    testIdx.map((i) => test.labels[i]),
    "features",
  );
  log(`classification probe: ${(100 * cls.testAccuracy).toFixed(1)} %`);

  // (b) Exemplar identity under translations up to maxShift; train and test translations differ.
  const exemplars = sample(rng, test, cfg.exemplars);
  const shifted = (shifts: number) => {
    const items: Item[] = [];
    const labels: number[] = [];
    exemplars.forEach((img, e) => {
      for (let s = 0; s < shifts; s++) {
        items.push([test, img, ...randomShift(rng, size, cfg.maxShift)]);
        labels.push(e);
      }
    });
    return { images: stack(items), labels };
  };
  const trTrain = shifted(cfg.trainShifts);
  const trTest = shifted(cfg.testShifts);
  const probeAt = ["features", ...cfg.probeLayers];
  const [trX, teX] = embedPair(
    probeAt,
    trTrain.images,
    trTrain.labels.length,
    trTest.images,
    trTest.labels.length,
  );
  const tr = probe(trX, trTrain.labels, teX, trTest.labels, "features");
  const layerTranslation: Record<string, number> = {};
  for (const layer of cfg.probeLayers) {
    if (!trX[layer]) continue;
    layerTranslation[layer] = probe(trX, trTrain.labels, teX, trTest.labels, layer).testAccuracy;
  }
  log(
    `translation probe: ${(100 * tr.testAccuracy).toFixed(1)} % (${cfg.exemplars} exemplars)` +
      Object.entries(layerTranslation).map(([l, a]) => `, ${l} ${(100 * a).toFixed(1)} %`).join(""),
  );

  // Capacity: translation manifolds (±capacityMaxShift, the authors' RandomAffine(0, 0.1)),
  // class manifolds, and held-out wave manifolds.
  const capEx = sample(rng, test, cfg.capacityExemplars);
  const transItems: Item[] = [];
  for (const img of capEx) {
    for (const shift of distinctShifts(rng, size, cfg.capacityMaxShift, cfg.capacityShifts)) {
      transItems.push([test, img, ...shift]);
    }
  }
  const capPoints = transItems.length / capEx.length;
  const byClass: number[][] = Array.from({ length: 10 }, () => []);
  for (const i of rng.permutation(test.count)) {
    const c = test.labels[i];
    if (byClass[c].length < cfg.capacityPerClass) byClass[c].push(i);
  }
  const classItems = byClass.flat().map((i): Item => [test, i, 0, 0]);
  const names = layerNames(enc.config.widths.length, head.config.hidden.length).filter((name) =>
    name === "pixels"
      ? includePixels && (cfg.capacityLayers.length === 0 || cfg.capacityLayers.includes(name))
      : cfg.capacityLayers.length === 0 || cfg.capacityLayers.includes(name)
  );
  const transLayers = embed(stack(transItems), transItems.length, names);
  const classLayers = embed(stack(classItems), classItems.length, names);
  const waves = waveImages(heldOut, cfg.waveManifolds, cfg.wavePoints, new Rng(seed, 0x3a7e));
  const waveSize = heldOut[0]?.size ?? size;
  const waveLayers = waves.waves >= 2
    ? embed(waves.images, waves.waves * cfg.wavePoints, names, waveSize)
    : null;
  const capacity: EvalResult["capacity"] = {};
  names.forEach((name, k) => {
    capacity[name] = {
      translation: capacityOf(transLayers[name], capEx.length, capPoints, cfg, seed + k),
      class: capacityOf(classLayers[name], 10, cfg.capacityPerClass, cfg, seed + 100 + k),
    };
    if (waveLayers && (cfg.waveLayers.length === 0 || cfg.waveLayers.includes(name))) {
      capacity[name].waves = capacityOf(
        waveLayers[name],
        waves.waves,
        cfg.wavePoints,
        cfg,
        seed + 200 + k,
      );
    }
  });
  const last = capacity.features;
  if (last) {
    log(
      `capacity at features: translation ${last.translation.simulated.toFixed(3)}, ` +
        `class ${last.class.simulated.toFixed(3)}, waves ${
          last.waves?.simulated.toFixed(3) ?? "n/a"
        }`,
    );
  }
  return {
    classification: cls.testAccuracy,
    translation: tr.testAccuracy,
    translationTrain: tr.trainAccuracy,
    layerTranslation,
    capacity,
  };
}
