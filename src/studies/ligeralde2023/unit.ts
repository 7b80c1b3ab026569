/**
 * One ligeralde2023 unit (a condition × seed): an encoder is pre-trained on the condition's
 * clips (or left at random init), frozen, probed for Fashion-MNIST class and for exemplar
 * identity under large translations, and its manifold capacity measured at every layer.
 *
 * @module
 */
import { tf } from "../../backend/tf.ts";
import type { Unit, UnitContext } from "../../experiment/contract.ts";
import { ResNetEncoder } from "../../models/resnet.ts";
import { Projector, projectorPreset } from "../../models/projector.ts";
import { InputError } from "../../util/errors.ts";
import type { LigeraldeCondition, LigeraldeConfig } from "./config.ts";
import {
  checkFashionMnist,
  fashionMnist,
  fashionMnistDir,
  heldOutClips,
  pretrainingClips,
} from "./data.ts";
import { type EvalResult, evaluateEncoder } from "./_eval.ts";
import { pretrain, validationBatches, validationLoss } from "./_pretrain.ts";

/** What identifies one unit. */
export interface LigeraldeParams {
  /** The condition pre-trained on (or `random`). */
  condition: LigeraldeCondition;
  /** Seed of the encoder's initialisation, the waves, the batches and the probe images. */
  seed: number;
}

/** What one unit stores (`units/<condition>-seed<seed>.json`). */
export interface LigeraldeUnitResult extends EvalResult {
  /** The unit's condition. */
  condition: LigeraldeCondition;
  /** The unit's seed. */
  seed: number;
  /** Mean contrastive loss of every pre-training epoch (empty for random init). */
  losses: number[];
  /**
   * The same loss on held-out (unshuffled) waves, network frozen, after every epoch; one
   * value, before any training, for random init.
   */
  validationLosses: number[];
  /** Waves pre-trained on (0 for random init). */
  waves: number;
  /** Frames in those waves. */
  frames: number;
  /** Wall seconds of the unit (timing: not compared between runs). */
  seconds: number;
  /** The tfjs backend the unit ran on. */
  backend: string;
}

/**
 * The units of a config: every condition × seed, conditions in the config's order.
 *
 * @example
 * ```ts
 * import { ligeralde2023 } from "@prevision/prevision/studies";
 * ligeraldeUnits(ligeralde2023.presets.tiny)[0].key; // "random-seed1"
 * ```
 */
export function ligeraldeUnits(config: LigeraldeConfig): Unit<LigeraldeParams>[] {
  return config.conditions.flatMap((condition) =>
    config.seeds.map((seed) => ({ key: `${condition}-seed${seed}`, params: { condition, seed } }))
  );
}

/**
 * Runs one unit on the current tfjs backend; the seed fixes the encoder's initialisation,
 * the simulated waves, the batches and the evaluation images. Fashion-MNIST is read from
 * `ctx.flags["fashion-mnist"]` or Debian's package folder (a one-line InputError if absent).
 *
 * @example
 * ```ts
 * import { ligeralde2023 } from "@prevision/prevision/studies";
 * const ctx = { runDir: "/tmp/run", key: "waves-seed1", log: console.log };
 * const result = await runLigeraldeUnit(ligeralde2023.presets.tiny, { condition: "waves", seed: 1 }, ctx);
 * console.log(result.translation);
 * ```
 */
export async function runLigeraldeUnit(
  config: LigeraldeConfig,
  params: LigeraldeParams,
  ctx: UnitContext,
): Promise<LigeraldeUnitResult> {
  const t0 = performance.now();
  const { condition, seed } = params;
  const dir = fashionMnistDir(ctx.flags);
  checkFashionMnist(dir);
  const { train, test } = fashionMnist(dir);
  const enc = new ResNetEncoder(config.encoder, seed);
  const head = new Projector(projectorPreset(config.projector, enc.featureDim), seed);
  try {
    let losses: number[] = [];
    const heldOut = heldOutClips(config, seed);
    const validation = validationBatches(heldOut, config.pretrain, seed);
    let validationLosses = [validationLoss(enc, head, validation, config.pretrain)];
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
      const trained = await pretrain(enc, head, clips, config.pretrain, seed, ctx.log, validation);
      losses = trained.losses;
      validationLosses = trained.validation;
    }
    const result = evaluateEncoder(
      enc,
      head,
      train,
      test,
      config.eval,
      seed,
      ctx.log,
      condition === "random",
      heldOut,
    );
    return {
      condition,
      seed,
      losses,
      validationLosses,
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
}
