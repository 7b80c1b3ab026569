/**
 * Pre-training of the may2025 study: one run per seed and wave kind, shared by the seed's
 * folds (`pretrain/<kind>-seed<N>/`: `final/`, the `epoch<N>/` snapshots of the short and
 * budget conditions, `history.json`).
 */
import { join } from "node:path";
import { buildFramePredictor } from "../../models/mod.ts";
import type { UnitContext } from "../../experiment/contract.ts";
import { saveCheckpoint } from "../../io/checkpoint.ts";
import { fit } from "../../train/trainer.ts";
import {
  FRAME_BASELINES,
  type FrameBaseline,
  frameBaselineLosses,
  meanTargetFrame,
} from "../../analysis/frame_baselines.ts";
import { mean } from "../../analysis/stats/describe.ts";
import { writeFileAtomic } from "../../util/atomic.ts";
import { dataConfig, type WaveData, waveData, type WaveKind } from "./data.ts";
import type { May2025Config } from "./config.ts";

/** What every may2025 checkpoint says it is. */
export const DESCRIPTION =
  "Next-frame predictor: from the last N grey frames in [0, 1], [batch, N, size, size, 1], " +
  "predicts the next frame [batch, size, size, 1]";

const waveCache = new Map<string, WaveData>();
function cachedWaves(config: May2025Config, kind: WaveKind): WaveData {
  const key = `${JSON.stringify(dataConfig(config))}-${kind}`;
  let data = waveCache.get(key);
  if (!data) {
    data = waveData(dataConfig(config), kind);
    waveCache.set(key, data);
  }
  return data;
}

/** Mean of each model-free baseline's per-sample loss. */
export function baselineMeans(
  losses: Record<FrameBaseline, number[]>,
): Record<FrameBaseline, number> {
  const out = {} as Record<FrameBaseline, number>;
  for (const name of FRAME_BASELINES) out[name] = mean(losses[name]);
  return out;
}

/**
 * Folder of the pre-trained weights of one seed and wave type (shared by folds).
 *
 * @example
 * ```ts
 * pretrainDir("runs/may", "directional", 2); // "runs/may/pretrain/directional-seed2"
 * ```
 */
export function pretrainDir(
  runDir: string,
  kind: "directional" | "undirectional",
  seed: number,
): string {
  return join(runDir, "pretrain", `${kind}-seed${seed}`);
}

/** The course of one pre-training run, with the model-free baselines on the waves. */
export interface PretrainHistory {
  /** Validation loss on wave clips per epoch, index 0 = before training. */
  val: number[];
  /** Training loss per epoch (index 0 = null). */
  train: (number | null)[];
  /** Epoch with the lowest validation loss. */
  bestEpoch: number;
  /** That validation loss. */
  best: number;
  /** Adam steps taken. */
  steps: number;
  /** The baselines' mean loss on the wave validation clips (e.g. an all-dark prediction). */
  baselines: Record<FrameBaseline, number>;
}

export async function readPretrainHistory(dir: string): Promise<PretrainHistory | null> {
  try {
    return JSON.parse(await Deno.readTextFile(join(dir, "history.json")));
  } catch {
    return null;
  }
}

/**
 * Pre-trains (or finds) the weights of `kind` for `seed` (best validation epoch kept when
 * a patience is set, as the authors' train_cli.py); returns its folder, which holds
 * `final/`, the `epoch<N>/` snapshots of the short and budget conditions, and
 * `history.json`.
 */
export async function pretrain(
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
  const data = cachedWaves(config, kind);
  const model = buildFramePredictor(config.model, seed);
  const snapshots = new Set<number>();
  for (const c of config.conditions) if (c.startsWith("short")) snapshots.add(Number(c.slice(5)));
  if (config.conditions.includes("budget")) snapshots.add(config.budgetPretrainEpochs);
  const info = {
    name: `frame-predictor-${kind}-waves`,
    description: `${DESCRIPTION}; pre-trained on ${kind} retinal waves`,
    config: { ...config.model },
  };
  try {
    const result = await fit({
      model,
      train: data.train,
      validation: data.validation,
      epochs: config.pretrainEpochs,
      patience: config.pretrainPatience ?? undefined,
      batchSize: config.batchSize,
      learningRate: config.learningRate,
      seed: seed * 7919 + (kind === "directional" ? 1 : 2),
      dir: join(dir, "run"),
      onCorruptCheckpoint: ctx.restartUnit ? "restart" : "error",
      checkpointInfo: info,
      restoreBest: config.pretrainPatience !== null,
      label: `[pretrain ${kind} seed${seed}]`,
      onEpoch: async (record) => {
        if (snapshots.has(record.epoch)) {
          await saveCheckpoint(join(dir, `epoch${record.epoch}`), model, { ...info, seed });
        }
      },
    });
    const history: PretrainHistory = {
      val: result.history.map((h) => h.valLoss as number),
      train: result.history.map((h) => h.trainLoss),
      bestEpoch: result.bestEpoch,
      best: result.bestValLoss as number,
      steps: result.steps,
      baselines: baselineMeans(
        frameBaselineLosses(data.validation, meanTargetFrame(data.train)),
      ),
    };
    await writeFileAtomic(join(dir, "history.json"), JSON.stringify(history));
    await saveCheckpoint(final, model, { ...info, seed });
  } finally {
    model.dispose();
  }
  return dir;
}
