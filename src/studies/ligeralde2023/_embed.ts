/**
 * Activations of a frozen encoder + projector at every named layer, with batch-norm
 * statistics optionally re-estimated on the very images being embedded (what the authors'
 * probe gets by training with the encoder in `train()` mode), then restored.
 *
 * @module
 */
import { tf } from "../../backend/tf.ts";
import type { ResNetEncoder } from "../../models/resnet.ts";
import type { Projector } from "../../models/projector.ts";
import { reestimateRunningStatistics } from "../../train/batch_norm_reestimate.ts";

const BATCH = 128;

/**
 * Layer names of an encoder with `stages` stages and a projector with `hidden` hidden
 * blocks: pixels, stem, stage1…, features (pooled), projector1…, embedding.
 *
 * @example
 * ```ts
 * layerNames(2, 1); // ["pixels", "stem", "stage1", "stage2", "features", "projector1", "embedding"]
 * ```
 */
export function layerNames(stages: number, hidden = 1): string[] {
  return [
    "pixels",
    "stem",
    ...Array.from({ length: stages }, (_, i) => `stage${i + 1}`),
    "features",
    ...Array.from({ length: hidden }, (_, i) => `projector${i + 1}`),
    "embedding",
  ];
}

function toInput(images: Float32Array, count: number, size: number, channels: number) {
  const x = tf.tensor4d(images, [count, size, size, 1]);
  return channels === 1 ? x : tf.tile(x, [1, 1, 1, channels]) as tf.Tensor4D;
}

/**
 * Runs `fn` with the batch-norm running statistics of encoder and projector replaced by the
 * mean batch moments of `count` grey size×size `images` (training-mode passes, weights
 * untouched), then puts the old statistics back. With `enabled` false it only runs `fn`.
 *
 * @example
 * ```ts
 * import { Projector, projectorPreset, ResNetEncoder } from "@prevision/prevision/models";
 * import { ligeralde2023 } from "@prevision/prevision/studies";
 * const { encoder, projector } = ligeralde2023.presets.tiny;
 * const enc = new ResNetEncoder(encoder, 1);
 * const head = new Projector(projectorPreset(projector, enc.featureDim), 1);
 * const images = new Float32Array(2 * 32 * 32).fill(0.5);
 * withImageStatistics(enc, head, images, 2, 32, true, () => embedLayers(enc, head, images, 2, 32, []));
 * ```
 */
export function withImageStatistics<T>(
  enc: ResNetEncoder,
  head: Projector,
  images: Float32Array,
  count: number,
  size: number,
  enabled: boolean,
  fn: () => T,
): T {
  if (!enabled) return fn();
  const px = size * size;
  const state = [...enc.params.state, ...head.params.state];
  const saved = state.map((v) => v.clone());
  try {
    reestimateRunningStatistics(Math.ceil(count / BATCH), (b, updates) => {
      const n = Math.min(BATCH, count - b * BATCH);
      const x = images.subarray(b * BATCH * px, (b * BATCH + n) * px);
      tf.tidy(() => {
        const out = enc.apply(toInput(x, n, size, enc.config.inChannels), true, updates);
        return head.apply(out.features, true, updates);
      });
    });
    return fn();
  } finally {
    state.forEach((v, i) => v.assign(saved[i]));
    tf.dispose(saved);
  }
}

/**
 * Embeds `count` grey size×size images in evaluation mode; returns the flattened
 * activations of every layer in `wanted` (all when empty), by {@link layerNames}.
 *
 * @example
 * ```ts
 * import { Projector, projectorPreset, ResNetEncoder } from "@prevision/prevision/models";
 * import { ligeralde2023 } from "@prevision/prevision/studies";
 * const { encoder, projector } = ligeralde2023.presets.tiny;
 * const enc = new ResNetEncoder(encoder, 1);
 * const head = new Projector(projectorPreset(projector, enc.featureDim), 1);
 * const out = embedLayers(enc, head, new Float32Array(2 * 32 * 32), 2, 32, ["features"]);
 * out.features.length; // 2 × 8
 * ```
 */
export function embedLayers(
  enc: ResNetEncoder,
  head: Projector,
  images: Float32Array,
  count: number,
  size: number,
  wanted: string[],
): Record<string, Float32Array> {
  const names = layerNames(enc.config.widths.length, head.config.hidden.length);
  const keep = (name: string) => wanted.length === 0 || wanted.includes(name);
  const px = size * size;
  const parts: Record<string, Float32Array[]> = {};
  for (let at = 0; at < count; at += BATCH) {
    const n = Math.min(BATCH, count - at);
    const x = images.subarray(at * px, (at + n) * px);
    const tensors = tf.tidy(() => {
      const out = enc.apply(toInput(x, n, size, enc.config.inChannels), false);
      return [
        ...out.layers.map((l) => tf.reshape(l, [n, -1])),
        out.features,
        ...head.applyLayers(out.features, false),
      ];
    });
    names.slice(1).forEach((name, k) => {
      if (keep(name)) (parts[name] ??= []).push(tensors[k].dataSync() as Float32Array);
    });
    tf.dispose(tensors);
  }
  const result: Record<string, Float32Array> = {};
  if (keep("pixels")) result.pixels = images.slice(0, count * px);
  for (const [name, chunks] of Object.entries(parts)) {
    const joined = new Float32Array(chunks.reduce((a, c) => a + c.length, 0));
    let at = 0;
    for (const c of chunks) {
      joined.set(c, at);
      at += c.length;
    }
    result[name] = joined;
  }
  return result;
}
