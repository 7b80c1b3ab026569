/**
 * Evaluation of a frozen encoder for the Ligeralde et al. 2023 study: linear probes for
 * Fashion-MNIST class and for exemplar identity under large translations, and manifold
 * capacity (simulated and mean-field) of translation and class manifolds at every layer.
 *
 * @module
 */
import { tf } from "../../backend/tf.ts";
import type { ResNetEncoder } from "../../models/resnet.ts";
import type { ImageSet } from "../../io/idx.ts";
import { linearProbe } from "../../analysis/probes.ts";
import {
  makeManifolds,
  meanFieldCapacity,
  simulatedCapacity,
} from "../../analysis/capacity/mod.ts";
import { Rng } from "../../util/rng.ts";
import type { LigeraldeConfig } from "./config.ts";
import { placeImage, randomShift } from "./data.ts";

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
}

/** What one unit's evaluation returns. */
export interface EvalResult {
  /** Test accuracy of the Fashion-MNIST class probe (0–1). */
  classification: number;
  /** Test accuracy of the exemplar-identity probe on unseen translations (0–1). */
  translation: number;
  /** Training accuracy of the exemplar-identity probe. */
  translationTrain: number;
  /** Per layer name: capacity of translation manifolds and of class manifolds. */
  capacity: Record<string, { translation: CapacityEntry; class: CapacityEntry }>;
}

/**
 * Names of the layers whose capacity can be measured, for an encoder with `stages` stages.
 *
 * @example
 * ```ts
 * layerNames(2); // ["pixels", "stem", "stage1", "stage2", "features"]
 * ```
 */
export function layerNames(stages: number): string[] {
  return [
    "pixels",
    "stem",
    ...Array.from({ length: stages }, (_, i) => `stage${i + 1}`),
    "features",
  ];
}

function toInput(images: Float32Array, count: number, size: number, channels: number): tf.Tensor4D {
  const x = tf.tensor4d(images, [count, size, size, 1]);
  if (channels === 1) return x;
  const tiled = tf.tile(x, [1, 1, 1, channels]) as tf.Tensor4D;
  x.dispose();
  return tiled;
}

/** Runs the encoder in evaluation mode; returns pooled features, and every layer if asked. */
function embed(
  enc: ResNetEncoder,
  images: Float32Array,
  count: number,
  size: number,
  allLayers: boolean,
): Float32Array[] {
  const outs: Float32Array[][] = [];
  const batch = 128;
  for (let at = 0; at < count; at += batch) {
    const n = Math.min(batch, count - at);
    const slice = images.subarray(at * size * size, (at + n) * size * size);
    const tensors = tf.tidy(() => {
      const out = enc.apply(toInput(slice, n, size, enc.config.inChannels), false);
      return allLayers
        ? [...out.layers.map((l) => tf.reshape(l, [n, -1])), out.features]
        : [out.features];
    });
    outs.push(tensors.map((t) => t.dataSync() as Float32Array));
    tf.dispose(tensors);
  }
  return outs[0].map((_, k) => {
    const total = outs.reduce((a, o) => a + o[k].length, 0);
    const joined = new Float32Array(total);
    let offset = 0;
    for (const o of outs) {
      joined.set(o[k], offset);
      offset += o[k].length;
    }
    return joined;
  });
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
  const sim = simulatedCapacity(m, { reps: cfg.capacityReps, seed });
  const mf = meanFieldCapacity(m, { samples: cfg.meanFieldSamples, seed });
  return {
    simulated: sim.alpha,
    meanField: mf.alpha,
    radius: mf.radius,
    dimension: mf.dimension,
    centreCorrelation: mf.centreCorrelation,
    saturated: sim.saturated,
  };
}

/**
 * Evaluates a frozen encoder on the probe and capacity tasks; pixel capacity (which does not
 * depend on the encoder) only when `includePixels`.
 *
 * @example
 * ```ts
 * import { ResNetEncoder } from "@prevision/prevision/models";
 * import { ligeralde2023 } from "@prevision/prevision/studies";
 * import { fashionMnist, fashionMnistDir } from "./data.ts";
 * const config = ligeralde2023.presets.tiny;
 * const { train, test } = fashionMnist(fashionMnistDir());
 * const result = evaluateEncoder(new ResNetEncoder(config.encoder, 1), train, test, config.eval, 1, console.log);
 * console.log(result.classification);
 * ```
 */
export function evaluateEncoder(
  enc: ResNetEncoder,
  train: ImageSet,
  test: ImageSet,
  cfg: EvalConfig,
  seed: number,
  log: (m: string) => void,
  includePixels = true,
): EvalResult {
  const size = cfg.canvasSize;
  const px = size * size;
  const rng = new Rng(seed, 0xe7a1);
  const stack = (items: [ImageSet, number, number, number][]) => {
    const out = new Float32Array(items.length * px);
    items.forEach(([set, i, dy, dx], k) =>
      placeImage(set, i, size, dy, dx, out.subarray(k * px, (k + 1) * px))
    );
    return out;
  };
  const features = (items: [ImageSet, number, number, number][]) =>
    embed(enc, stack(items), items.length, size, false)[0];

  // (a) Fashion-MNIST classification.
  const trainIdx = sample(rng, train, cfg.classTrain);
  const testIdx = sample(rng, test, cfg.classTest);
  const dim = enc.featureDim;
  const cls = linearProbe(
    {
      x: features(trainIdx.map((i) => [train, i, 0, 0])),
      labels: trainIdx.map((i) => train.labels[i]),
      dim,
    },
    {
      x: features(testIdx.map((i) => [test, i, 0, 0])),
      labels: testIdx.map((i) => test.labels[i]),
      dim,
    },
    { epochs: cfg.probeEpochs },
  );
  log(`classification probe: ${(100 * cls.testAccuracy).toFixed(1)} %`);

  // (b) Exemplar identity under translations up to maxShift; train and test translations differ.
  const exemplars = sample(rng, test, cfg.exemplars);
  const shifted = (shifts: number) => {
    const items: [ImageSet, number, number, number][] = [];
    const labels: number[] = [];
    exemplars.forEach((img, e) => {
      for (let s = 0; s < shifts; s++) {
        const [dy, dx] = randomShift(rng, size, cfg.maxShift);
        items.push([test, img, dy, dx]);
        labels.push(e);
      }
    });
    return { x: features(items), labels, dim };
  };
  const tr = linearProbe(shifted(cfg.trainShifts), shifted(cfg.testShifts), {
    epochs: cfg.probeEpochs,
  });
  log(`translation probe: ${(100 * tr.testAccuracy).toFixed(1)} % (${cfg.exemplars} exemplars)`);

  // Capacity: translation manifolds (exemplar × translations) and class manifolds.
  const capEx = sample(rng, test, cfg.capacityExemplars);
  const transItems: [ImageSet, number, number, number][] = [];
  for (const img of capEx) {
    for (let s = 0; s < cfg.capacityShifts; s++) {
      transItems.push([test, img, ...randomShift(rng, size, cfg.maxShift)]);
    }
  }
  const byClass: number[][] = Array.from({ length: 10 }, () => []);
  for (const i of rng.permutation(test.count)) {
    const c = test.labels[i];
    if (byClass[c].length < cfg.capacityPerClass) byClass[c].push(i);
  }
  const classItems = byClass.flat().map((i): [ImageSet, number, number, number] => [test, i, 0, 0]);
  const names = layerNames(enc.config.widths.length);
  const transImages = stack(transItems);
  const classImages = stack(classItems);
  const transLayers = [transImages, ...embed(enc, transImages, transItems.length, size, true)];
  const classLayers = [classImages, ...embed(enc, classImages, classItems.length, size, true)];
  const capacity: EvalResult["capacity"] = {};
  names.forEach((name, k) => {
    if (
      name === "pixels"
        ? !includePixels
        : cfg.capacityLayers.length > 0 && !cfg.capacityLayers.includes(name)
    ) {
      return;
    }
    capacity[name] = {
      translation: capacityOf(transLayers[k], capEx.length, cfg.capacityShifts, cfg, seed + k),
      class: capacityOf(classLayers[k], 10, cfg.capacityPerClass, cfg, seed + 100 + k),
    };
  });
  const last = capacity.features;
  log(
    `capacity at features: translation ${last.translation.simulated.toFixed(3)}, ` +
      `class ${last.class.simulated.toFixed(3)}`,
  );
  return {
    classification: cls.testAccuracy,
    translation: tr.testAccuracy,
    translationTrain: tr.trainAccuracy,
    capacity,
  };
}
