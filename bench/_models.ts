/**
 * Every study's model as a benchmark subject, at the shapes of its `quick` and `standard`
 * presets (issue 24): one Adam training step on a fixed batch, and model-only inference.
 * The same specs go to the PyTorch peer (bench/peers/models_torch.py) as JSON, so both sides
 * build the same architecture, loss and optimiser from one description.
 *
 * - `conv-rnn` (may2025): bench/_conv_rnn.ts, the fused conv-RNN + batch norm of the frame
 *   predictor (quick 32×32, 8 channels, 6 frames; standard 64×64, 16 channels, 10 frames).
 * - `resnet18` (ligeralde2023): ResNetEncoder + SimCLR projector, temporal contrastive loss,
 *   L2 weight decay (quick 16–128 channels, 1 block per stage; standard ResNet-18), on
 *   32×32 one-channel frames, 128 frames = 8 waves × 16.
 * - `rgc-cnn` (yan2020): RgcCnn, Poisson loss with its penalties, 8 or 32 filters, batch 128.
 * - `bio-rnn` (shakiba2026): BioRnn (312 neurons, maze task: 50 steps, 8 inputs, 4 outputs)
 *   with the communicability regulariser (`wdc`, an expm and its gradient every step),
 *   batch 32 or 128.
 * - `exposure` (zhong2025): the dense encoder with its contrastive head (τ 0.2), 512 pixels,
 *   hidden 64,32 or 128,64, batch 64 = 4 clips × 16 frames.
 *
 * @module
 */
import { tf } from "../src/backend/tf.ts";
import { Rng } from "../src/util/rng.ts";
import { InputError } from "../src/util/errors.ts";
import { RESNET18, ResNetEncoder } from "../src/models/resnet.ts";
import { Projector, projectorPreset } from "../src/models/projector.ts";
import { applyBnUpdates, type BnUpdates } from "../src/models/layers.ts";
import { temporalContrastiveLoss } from "../src/train/contrastive.ts";
import { RgcCnn } from "../src/models/rgc_cnn.ts";
import { BioRnn } from "../src/models/bio_rnn.ts";
import { makeRegulariser } from "../src/models/bio_regularisers.ts";
import { communicabilityPlan } from "../src/linalg/communicability.ts";
import {
  bioWeights,
  spatialDistances,
  syntheticConnectome,
} from "../src/biology/connectome/mod.ts";
import {
  createExposureEncoder,
  disposeEncoder,
  encoderForward,
  exposureVariables,
} from "../src/models/exposure_encoder.ts";
import { exposureLoss } from "../src/train/exposure_encoder_fit.ts";
import { convRnnTrainer } from "./_conv_rnn.ts";

/** The benchmarked models, one per study. */
export const MODELS = ["conv-rnn", "resnet18", "rgc-cnn", "bio-rnn", "exposure"] as const;
/** One benchmarked model. */
export type ModelName = typeof MODELS[number];
/** The preset whose shapes are benchmarked. */
export const SHAPES = ["quick", "standard"] as const;
/** One preset. */
export type ShapeName = typeof SHAPES[number];

/** What both sides build: the model's name plus its sizes (sent to the peer as JSON). */
export type ModelSpec = { model: ModelName; shape: ShapeName } & Record<string, unknown>;

/** The specs of every model at each preset (see the module comment for their sources). */
export function modelSpec(model: ModelName, shape: ShapeName): ModelSpec {
  const q = shape === "quick";
  switch (model) {
    case "conv-rnn":
      return q
        ? { model, shape, batch: 16, frames: 6, size: 32, channels: 8, layers: 3, lr: 1e-3 }
        : { model, shape, batch: 16, frames: 10, size: 64, channels: 16, layers: 3, lr: 3e-4 };
    case "resnet18":
      return {
        model,
        shape,
        widths: q ? [16, 32, 64, 128] : RESNET18.widths,
        blocks: q ? [1, 1, 1, 1] : RESNET18.blocks,
        inChannels: 1,
        size: 32,
        waves: 8,
        framesPerWave: 16,
        tau: 0.5,
        weightDecay: 1e-6,
        lr: 1e-3,
      };
    case "rgc-cnn":
      return { model, shape, batch: 128, size: 8, history: 20, kernel: 7, channels: q ? 8 : 32 };
    case "bio-rnn":
      return { model, shape, n: 312, steps: 50, inputs: 8, outputs: 4, batch: q ? 32 : 128 };
    case "exposure":
      return {
        model,
        shape,
        inputs: 512,
        hidden: q ? [64, 32] : [128, 64],
        projection: 32,
        clips: 4,
        framesPerClip: 16,
        tau: 0.2,
        lr: 2e-3,
      };
  }
}

/** Checks a `--model` value (or `all`). */
export function parseModels(value: string | undefined): ModelName[] {
  if (!value || value === "all") return [...MODELS];
  const names = value.split(",");
  for (const n of names) {
    if (!(MODELS as readonly string[]).includes(n)) {
      throw new InputError(`--model: ${n} is not one of ${MODELS.join(", ")}, all`);
    }
  }
  return names as ModelName[];
}

/** Checks a `--shape` value (or `all`). */
export function parseShapes(value: string | undefined): ShapeName[] {
  if (!value || value === "all") return [...SHAPES];
  if (!(SHAPES as readonly string[]).includes(value)) {
    throw new InputError(`--shape: ${value} is not one of quick, standard, all`);
  }
  return [value as ShapeName];
}

/** A model with its optimiser and one fixed batch. */
export interface BenchSubject {
  /** One optimiser step; resolves when its loss is on the host. */
  step(): Promise<number>;
  /** Model-only inference on a fixed input of `batch` samples; resolves when read back. */
  infer(batch: number): Promise<void>;
  dispose(): void;
}

const uniform = (rng: Rng, n: number, lo = 0, hi = 1) => {
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = rng.range(lo, hi);
  return v;
};

/** Wave/clip ids and times of `groups` × `per` frames, in order. */
const groupsOf = (groups: number, per: number) => ({
  ids: Array.from({ length: groups * per }, (_, i) => Math.floor(i / per)),
  times: Array.from({ length: groups * per }, (_, i) => i % per),
});

async function scalarOf(loss: tf.Scalar): Promise<number> {
  const v = (await loss.data())[0];
  loss.dispose();
  return v;
}

/** Runs `f` on a cached input of `batch` samples built by `make`, reading the result back. */
function inferWith(make: (batch: number) => tf.Tensor, f: (x: tf.Tensor) => tf.Tensor) {
  const inputs = new Map<number, tf.Tensor>();
  return {
    async infer(batch: number) {
      let x = inputs.get(batch);
      if (!x) inputs.set(batch, x = make(batch));
      const y = tf.tidy(() => f(x!));
      await y.data();
      y.dispose();
    },
    dispose: () => tf.dispose([...inputs.values()]),
  };
}

/** Builds `spec`'s model from `seed` on the current backend. */
export function benchSubject(spec: ModelSpec, seed: number): BenchSubject {
  const rng = new Rng(seed, 0xbe4c);
  switch (spec.model) {
    case "conv-rnn": {
      const s = spec as unknown as {
        batch: number;
        frames: number;
        size: number;
        channels: number;
        layers: number;
        lr: number;
      };
      const trainer = convRnnTrainer(s, seed, { fused: true, learningRate: s.lr });
      const run = inferWith(
        (b) =>
          tf.tensor4d(uniform(rng, s.frames * b * s.size * s.size), [
            s.frames * b,
            s.size,
            s.size,
            1,
          ]),
        (x) => trainer.predict(x as tf.Tensor4D),
      );
      return {
        step: () => scalarOf(trainer.step()),
        infer: run.infer,
        dispose() {
          run.dispose();
          trainer.dispose();
        },
      };
    }
    case "resnet18": {
      const s = spec as unknown as {
        widths: number[];
        blocks: number[];
        inChannels: number;
        size: number;
        waves: number;
        framesPerWave: number;
        tau: number;
        weightDecay: number;
        lr: number;
      };
      const enc = new ResNetEncoder({ ...RESNET18, ...s }, seed);
      const head = new Projector(projectorPreset("simclr", enc.featureDim), seed);
      const n = s.waves * s.framesPerWave;
      const x = tf.tensor4d(uniform(rng, n * s.size * s.size), [n, s.size, s.size, 1]);
      const { ids, times } = groupsOf(s.waves, s.framesPerWave);
      const vars = [...enc.params.trainable, ...head.params.trainable];
      const optimizer = tf.train.adam(s.lr);
      const run = inferWith(
        (b) => tf.tensor4d(uniform(rng, b * s.size * s.size), [b, s.size, s.size, 1]),
        (x) => enc.apply(x as tf.Tensor4D, false).features,
      );
      return {
        step() {
          const updates: BnUpdates = [];
          const loss = optimizer.minimize(
            () => {
              const z = head.apply(enc.apply(x, true, updates).features, true, updates);
              const c = temporalContrastiveLoss(z, ids, times, { k: 1, tau: s.tau });
              const l2 = tf.addN(vars.map((v) => tf.sum(tf.square(v))));
              return tf.add(c, tf.mul(0.5 * s.weightDecay, l2)) as tf.Scalar;
            },
            true,
            vars,
          )!;
          applyBnUpdates(updates);
          return scalarOf(loss);
        },
        infer: run.infer,
        dispose() {
          run.dispose();
          optimizer.dispose();
          enc.dispose();
          head.dispose();
          x.dispose();
        },
      };
    }
    case "rgc-cnn": {
      const s = spec as unknown as {
        batch: number;
        size: number;
        history: number;
        kernel: number;
        channels: number;
      };
      const model = new RgcCnn({ ...s, seed });
      const per = s.size * s.size * s.history;
      const xs = uniform(rng, s.batch * per, -1, 1);
      const xT = new Float32Array(xs.length);
      for (let b = 0; b < s.batch; b++) {
        for (let i = 0; i < per; i++) xT[i * s.batch + b] = xs[b * per + i];
      }
      const x = tf.tensor2d(xs, [s.batch, per]);
      const xt = tf.tensor2d(xT, [per, s.batch]);
      const y = tf.tensor1d(
        Float32Array.from({ length: s.batch }, () => Math.floor(rng.range(0, 3))),
      );
      const optimizer = tf.train.adam(2e-3);
      const run = inferWith(
        (b) => tf.tensor2d(uniform(rng, b * per, -1, 1), [b, per]),
        (x) => model.forward(x as tf.Tensor2D).rate,
      );
      return {
        step: () =>
          scalarOf(optimizer.minimize(() => model.loss(x, y, true, xt), true, model.variables)!),
        infer: run.infer,
        dispose() {
          run.dispose();
          optimizer.dispose();
          model.dispose();
          tf.dispose([x, xt, y]);
        },
      };
    }
    case "bio-rnn": {
      const s = spec as unknown as {
        n: number;
        steps: number;
        inputs: number;
        outputs: number;
        batch: number;
      };
      const c = syntheticConnectome({ n: s.n, seed, bins: 300 });
      const model = new BioRnn({
        n: c.n,
        inputs: s.inputs,
        outputs: s.outputs,
        recurrentInit: bioWeights(c, seed),
        seed,
      });
      const reg = makeRegulariser({
        kind: "wdc",
        n: c.n,
        distance: spatialDistances(c.positions, c.n),
      });
      const stepInputs = (b: number) =>
        Array.from(
          { length: s.steps },
          () => tf.tensor2d(uniform(rng, b * s.inputs), [b, s.inputs]),
        );
      const xs = stepInputs(s.batch);
      const labels = Array.from({ length: s.batch }, (_, i) => i % s.outputs);
      const y = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, "int32"), s.outputs).toFloat());
      const optimizer = tf.train.adam(1e-3, 0.9, 0.999, 1e-7);
      const inputs = new Map<number, tf.Tensor2D[]>();
      return {
        async step() {
          const plan = await communicabilityPlan(model.wRec as tf.Tensor2D);
          const loss = optimizer.minimize(
            () => {
              const ce = tf.losses.softmaxCrossEntropy(y, model.logits(xs)) as tf.Scalar;
              return tf.add(ce, reg.loss(model.wRec as tf.Tensor2D, plan)) as tf.Scalar;
            },
            true,
            model.variables,
          )!;
          return scalarOf(loss);
        },
        async infer(batch: number) {
          let x = inputs.get(batch);
          if (!x) inputs.set(batch, x = stepInputs(batch));
          const out = model.logits(x);
          await out.data();
          out.dispose();
        },
        dispose() {
          for (const x of inputs.values()) tf.dispose(x);
          optimizer.dispose();
          reg.dispose();
          model.dispose();
          tf.dispose([...xs, y]);
        },
      };
    }
    case "exposure": {
      const s = spec as unknown as {
        inputs: number;
        hidden: number[];
        projection: number;
        clips: number;
        framesPerClip: number;
        tau: number;
        lr: number;
      };
      const enc = createExposureEncoder({ ...s, seed });
      const n = s.clips * s.framesPerClip;
      const { ids, times } = groupsOf(s.clips, s.framesPerClip);
      const batch = { x: uniform(rng, n * s.inputs), clipIds: ids, times };
      const vars = exposureVariables(enc, "contrastive");
      const optimizer = tf.train.adam(s.lr);
      const run = inferWith(
        (b) => tf.tensor2d(uniform(rng, b * s.inputs), [b, s.inputs]),
        (x) => encoderForward(enc, x as tf.Tensor2D).at(-1)!,
      );
      return {
        step: () =>
          scalarOf(optimizer.minimize(() => exposureLoss(enc, batch, "contrastive"), true, vars)!),
        infer: run.infer,
        dispose() {
          run.dispose();
          optimizer.dispose();
          disposeEncoder(enc);
        },
      };
    }
  }
}
