/** One unit of may2025: pre-training (shared per seed) and every fine-tuning condition. */
import { join } from "node:path";
import { tf } from "../../backend/tf.ts";
import { buildFramePredictor } from "../../models/index.ts";
import { Rng } from "../../util/rng.ts";
import type { UnitContext } from "../experiment.ts";
import { loadCheckpoint, saveCheckpoint } from "../checkpoint.ts";
import { evaluate, fit } from "../trainer.ts";
import {
  type DataConfig,
  foldData,
  targetMovie,
  type WaveData,
  waveData,
} from "./_may2025_data.ts";
import type {
  ConditionResult,
  May2025Condition,
  May2025Config,
  May2025UnitResult,
} from "./may2025.ts";

const DESCRIPTION =
  "Next-frame predictor: from the last N grey frames in [0, 1], [batch, N, size, size, 1], " +
  "predicts the next frame [batch, size, size, 1]";

/** The data-building part of an experiment config. */
export function dataConfig(config: May2025Config): DataConfig {
  return {
    size: config.model.size,
    frames: config.model.frames,
    dataSeed: config.dataSeed,
    pretrainClips: config.pretrainClips,
    finetuneClips: config.finetuneClips,
    folds: config.folds,
    testFraction: config.testFraction,
    natural: config.natural,
  };
}

const waveCache = new Map<string, WaveData>();
function cachedWaves(config: May2025Config, directional: boolean): WaveData {
  const key = `${JSON.stringify(dataConfig(config))}-${directional}`;
  let data = waveCache.get(key);
  if (!data) {
    data = waveData(dataConfig(config), directional);
    waveCache.set(key, data);
  }
  return data;
}

/** Folder of the pre-trained weights of one seed and wave type (shared by folds). */
export function pretrainDir(runDir: string, kind: "directional" | "undirectional", seed: number) {
  return join(runDir, "pretrain", `${kind}-seed${seed}`);
}

/**
 * Pre-trains (or finds) the weights of `kind` for `seed`; returns the snapshot folders by
 * epoch ("final" for the end of pre-training).
 */
async function pretrain(
  config: May2025Config,
  kind: "directional" | "undirectional",
  seed: number,
  ctx: UnitContext,
): Promise<string> {
  const dir = pretrainDir(ctx.runDir, kind, seed);
  const final = join(dir, "final");
  try {
    await Deno.stat(join(final, "manifest.json"));
    return dir;
  } catch { /* not yet */ }
  const data = cachedWaves(config, kind === "directional");
  const model = buildFramePredictor(config.model, seed);
  const snapshots = new Set<number>();
  for (const c of config.conditions) if (c.startsWith("short")) snapshots.add(Number(c.slice(5)));
  if (config.conditions.includes("budget")) snapshots.add(config.budgetPretrainEpochs);
  const info = {
    name: `frame-predictor-${kind}-waves`,
    description: `${DESCRIPTION}; pre-trained on ${kind} Teh retinal waves`,
    config: { ...config.model },
  };
  try {
    await fit({
      model,
      train: data.train,
      validation: data.validation,
      epochs: config.pretrainEpochs,
      patience: config.pretrainPatience ?? undefined,
      batchSize: config.batchSize,
      learningRate: config.learningRate,
      seed: seed * 7919 + (kind === "directional" ? 1 : 2),
      dir: join(dir, "run"),
      checkpointInfo: info,
      restoreBest: config.pretrainPatience !== null,
      label: `[pretrain ${kind} seed${seed}]`,
      onEpoch: async (record) => {
        if (snapshots.has(record.epoch)) {
          await saveCheckpoint(join(dir, `epoch${record.epoch}`), model, { ...info, seed });
        }
      },
    });
    await saveCheckpoint(final, model, { ...info, seed });
  } finally {
    model.dispose();
  }
  return dir;
}

/** Permutes every trainable weight along its output-channel axis (PyTorch's first axis). */
export function shuffleWeights(model: tf.LayersModel, seed: number): void {
  const rng = new Rng(seed, 0x5f0ff1e);
  for (const layer of model.layers) {
    const trainable = new Set(layer.trainableWeights.map((w) => w.name));
    if (trainable.size === 0) continue;
    const values = layer.getWeights();
    const names = layer.weights.map((w) => w.name);
    const shuffled = values.map((t, i) => {
      if (!trainable.has(names[i])) return t.clone();
      const axis = t.rank - 1;
      const perm = rng.permutation(t.shape[axis]);
      // a fresh tensor: the wasm backend remembers gather's internal 4-D shape on the data,
      // which its fused conv then rejects as a bias
      const gathered = tf.gather(t, perm, axis);
      const fresh = tf.tensor(gathered.dataSync(), t.shape);
      gathered.dispose();
      return fresh;
    });
    layer.setWeights(shuffled);
    tf.dispose(shuffled);
  }
}

/** Runs every condition of one seed × fold. */
export async function runMay2025Unit(
  config: May2025Config,
  seed: number,
  fold: number,
  ctx: UnitContext,
): Promise<May2025UnitResult> {
  const t0 = performance.now();
  const needs = new Set(config.conditions);
  const directional = [...needs].some((c) => c !== "none" && c !== "undirectional")
    ? await pretrain(config, "directional", seed, ctx)
    : null;
  const undirectional = needs.has("undirectional")
    ? await pretrain(config, "undirectional", seed, ctx)
    : null;
  const { movie, frames } = await targetMovie(dataConfig(config));
  const data = foldData(dataConfig(config), movie, frames, fold);
  const conditions: May2025UnitResult["conditions"] = {};
  for (const condition of config.conditions) {
    const start = performance.now();
    const model = buildFramePredictor(config.model, seed);
    try {
      let source: string | null = null;
      if (condition === "directional" || condition === "shuffled") {
        source = join(directional!, "final");
      } else if (condition === "undirectional") source = join(undirectional!, "final");
      else if (condition.startsWith("short")) {
        source = join(directional!, `epoch${condition.slice(5)}`);
      } else if (condition === "budget") {
        source = join(directional!, `epoch${config.budgetPretrainEpochs}`);
      }
      if (source) {
        const loaded = await loadCheckpoint(source);
        model.setWeights(loaded.model.getWeights());
        loaded.model.dispose();
      }
      if (condition === "shuffled") shuffleWeights(model, seed);
      const budget = condition === "budget";
      const dir = join(ctx.runDir, "train", `seed${seed}-fold${fold + 1}`, condition);
      const result = await fit({
        model,
        train: data.train,
        validation: data.validation,
        epochs: budget
          ? config.finetuneEpochs - config.budgetPretrainEpochs
          : config.finetuneEpochs,
        patience: budget ? undefined : config.finetunePatience ?? undefined,
        batchSize: config.batchSize,
        learningRate: config.learningRate,
        seed: seed * 1000 + fold,
        dir,
        checkpointInfo: {
          name: `frame-predictor-corridor-${condition}`,
          description: `${DESCRIPTION}; fine-tuned on the ${
            config.natural ? "natural movie" : "corridor"
          } (${condition})`,
          config: { ...config.model, condition },
        },
        label: `[seed${seed} fold${fold + 1} ${condition}]`,
      });
      const test = await evaluate(model, data.test, config.batchSize);
      const r: ConditionResult = {
        val: result.history.map((h) => h.valLoss as number),
        train: result.history.map((h) => h.trainLoss),
        bestEpoch: result.bestEpoch,
        best: result.bestValLoss as number,
        test,
        seconds: (performance.now() - start) / 1000,
      };
      conditions[condition as May2025Condition] = r;
      ctx.log(
        `${condition}: epoch0 ${r.val[0].toFixed(2)} best ${r.best.toFixed(2)} test ${
          test.toFixed(2)
        }`,
      );
    } finally {
      model.dispose();
    }
  }
  return {
    seed,
    fold,
    conditions,
    seconds: (performance.now() - t0) / 1000,
    backend: tf.getBackend(),
  };
}
