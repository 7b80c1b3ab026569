/**
 * Contrastive pre-training of encoder + projector on wave clips (Ligeralde et al. 2023):
 * batches of whole waves, the authors' loss (or InfoNCE), Adam with PyTorch-style (L2)
 * weight decay, batch-norm running statistics updated after every step; and the same loss
 * on held-out waves with the network frozen (evaluation mode), after every epoch.
 *
 * @module
 */
import { tf } from "../../backend/tf.ts";
import type { ResNetEncoder } from "../../models/resnet.ts";
import type { Projector } from "../../models/projector.ts";
import { applyBnUpdates, type BnUpdates } from "../../models/layers.ts";
import {
  temporalContrastiveLoss,
  type WaveBatch,
  waveBatches,
  type WaveClip,
} from "../../train/contrastive.ts";
import { waveBlockContrastiveLoss } from "../../train/wave_block_loss.ts";
import { Rng } from "../../util/rng.ts";
import type { LigeraldeConfig } from "./config.ts";

/** Pre-training settings (the config's `pretrain` section). */
export type PretrainConfig = LigeraldeConfig["pretrain"];

/** The loss function the config names. */
function lossOf(cfg: PretrainConfig): typeof waveBlockContrastiveLoss {
  return cfg.loss === "infonce" ? temporalContrastiveLoss : waveBlockContrastiveLoss;
}

/** Batches of held-out waves, drawn once per unit so every epoch is scored on the same. */
export function validationBatches(
  clips: WaveClip[],
  cfg: PretrainConfig,
  seed: number,
): WaveBatch[] {
  return waveBatches(clips, cfg.batchSize, cfg.maxFramesPerWave, new Rng(seed, 0x7a1));
}

/**
 * The pre-training loss on `batches` with encoder and projector frozen (evaluation mode):
 * the held-out contrastive validation loss. NaN when no batch has a positive pair.
 *
 * @example
 * ```ts
 * import { Projector, projectorPreset, ResNetEncoder } from "@prevision/prevision/models";
 * import { ligeralde2023 } from "@prevision/prevision/studies";
 * import { heldOutClips } from "./data.ts";
 * const config = ligeralde2023.presets.tiny;
 * const enc = new ResNetEncoder(config.encoder, 1);
 * const head = new Projector(projectorPreset(config.projector, enc.featureDim), 1);
 * const batches = validationBatches(heldOutClips(config, 1), config.pretrain, 1);
 * validationLoss(enc, head, batches, config.pretrain);
 * ```
 */
export function validationLoss(
  enc: ResNetEncoder,
  head: Projector,
  batches: WaveBatch[],
  cfg: PretrainConfig,
): number {
  let sum = 0;
  let count = 0;
  for (const batch of batches) {
    if (new Set(batch.waveIds).size < 2) continue;
    const value = tf.tidy(() => {
      const z = head.apply(enc.apply(toInput(batch, enc.config.inChannels), false).features, false);
      try {
        return lossOf(cfg)(z, batch.waveIds, batch.times, { k: cfg.k, tau: cfg.tau }).dataSync()[0];
      } catch {
        return NaN; // a batch without a positive pair: not scored
      }
    });
    if (Number.isFinite(value)) {
      sum += value;
      count++;
    }
  }
  return count ? sum / count : NaN;
}

function toInput(batch: WaveBatch, channels: number): tf.Tensor4D {
  const n = batch.waveIds.length;
  const size = Math.round(Math.sqrt(batch.x.length / n));
  const one = tf.tensor4d(batch.x, [n, size, size, 1]);
  return channels === 1 ? one : tf.tile(one, [1, 1, 1, channels]) as tf.Tensor4D;
}

/**
 * Trains encoder and projector in place; returns the mean loss of every epoch and, when
 * held-out batches are given, the validation loss after every epoch.
 *
 * @example
 * ```ts
 * import { Projector, projectorPreset, ResNetEncoder } from "@prevision/prevision/models";
 * import { ligeralde2023 } from "@prevision/prevision/studies";
 * import { pretrainingClips } from "./data.ts";
 * const config = ligeralde2023.presets.tiny;
 * const enc = new ResNetEncoder(config.encoder, 1);
 * const head = new Projector(projectorPreset(config.projector, enc.featureDim), 1);
 * const clips = pretrainingClips(config, "waves", 1);
 * const { losses } = await pretrain(enc, head, clips, config.pretrain, 1, console.log);
 * ```
 */
export async function pretrain(
  enc: ResNetEncoder,
  head: Projector,
  clips: WaveClip[],
  cfg: PretrainConfig,
  seed: number,
  log: (m: string) => void,
  validation: WaveBatch[] = [],
): Promise<{ losses: number[]; validation: number[] }> {
  const rng = new Rng(seed, 0xba7c);
  const optimizer = tf.train.adam(cfg.learningRate);
  const vars = [...enc.params.trainable, ...head.params.trainable];
  const channels = enc.config.inChannels;
  const losses: number[] = [];
  const valLosses: number[] = [];
  try {
    for (let epoch = 0; epoch < cfg.epochs; epoch++) {
      const batches = waveBatches(clips, cfg.batchSize, cfg.maxFramesPerWave, rng);
      let sum = 0;
      let steps = 0;
      for (const batch of batches) {
        const x = tf.tidy(() => toInput(batch, channels));
        const updates: BnUpdates = [];
        const loss = optimizer.minimize(
          () => {
            const z = head.apply(enc.apply(x, true, updates).features, true, updates);
            const contrastive = lossOf(cfg)(z, batch.waveIds, batch.times, {
              k: cfg.k,
              tau: cfg.tau,
            });
            if (cfg.weightDecay === 0) return contrastive;
            const l2 = tf.addN(vars.map((v) => tf.sum(tf.square(v))));
            return tf.add(contrastive, tf.mul(0.5 * cfg.weightDecay, l2)) as tf.Scalar;
          },
          true,
          vars,
        )!;
        applyBnUpdates(updates);
        sum += (await loss.data())[0];
        steps++;
        tf.dispose([x, loss]);
      }
      losses.push(steps ? sum / steps : NaN);
      if (validation.length) valLosses.push(validationLoss(enc, head, validation, cfg));
      log(
        `epoch ${epoch + 1}/${cfg.epochs}: loss ${losses[epoch].toFixed(4)} (${steps} batches)` +
          (validation.length ? `, held-out ${valLosses[epoch].toFixed(4)}` : ""),
      );
    }
  } finally {
    optimizer.dispose();
  }
  return { losses, validation: valLosses };
}
