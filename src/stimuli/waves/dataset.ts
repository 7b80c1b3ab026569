/**
 * Wave datasets for pre-training: a simulation streamed into clips of N frames, split into
 * train / validation / test by wave (the wave that started most recently owns each frame),
 * written to <dir>/{train,val,test}.npy as [clips, N, size, size] float32 plus a manifest.
 * Memory is bounded by one chunk of frames and one clip.
 */
import { ClipBuilder, type DataSplit, NpyAppender, splitOf, SPLITS } from "../../io/dataset.ts";
import { writeFileAtomic } from "../../util/atomic.ts";
import { ensure } from "../../util/errors.ts";
import { waveModel, type WaveOptions } from "./registry.ts";

/** Options of {@link buildWaveDataset}. */
export interface WaveDatasetOptions extends WaveOptions {
  /** Registered model name (teh, godfrey, lansdell). */
  model: string;
  /** Frames to simulate. */
  frames: number;
  /** Frames per clip. */
  clipFrames: number;
  /** Frames between clip starts (default clipFrames). */
  stride?: number;
  /** Train / validation / test fractions of waves (default 0.8 / 0.1 / 0.1). */
  fractions?: [number, number, number];
  /** Output folder. */
  dir: string;
}

/** What {@link buildWaveDataset} wrote. */
export interface WaveDatasetSummary {
  /** Clips written per split. */
  clips: Record<DataSplit, number>;
  /** File of each split. */
  files: Record<DataSplit, string>;
  /** Waves in the simulation. */
  waves: number;
  /** Frames simulated. */
  frames: number;
}

/**
 * Simulates and writes a clip dataset split by wave.
 *
 * @example
 * ```ts
 * import { buildWaveDataset } from "@prevision/prevision/waves";
 * const summary = await buildWaveDataset({ model: "teh", frames: 2000, seed: 1, clipFrames: 11, dir: "runs/waves" });
 * console.log(summary.clips.train);
 * ```
 */
export async function buildWaveDataset(options: WaveDatasetOptions): Promise<WaveDatasetSummary> {
  const { model, frames, clipFrames, stride, dir, fractions = [0.8, 0.1, 0.1], ...rest } = options;
  ensure(
    Number.isInteger(frames) && frames >= 1,
    `frames must be a positive integer, got ${frames}`,
  );
  ensure(
    fractions.length === 3 && fractions.every((f) => f >= 0) && fractions.some((f) => f > 0),
    "fractions must be three non-negative numbers",
  );
  const sim = waveModel(model).stream(rest as WaveOptions);
  const n = sim.size * sim.size;
  const files = Object.fromEntries(SPLITS.map((s) => [s, `${dir}/${s}.npy`])) as Record<
    DataSplit,
    string
  >;
  const outs = Object.fromEntries(
    SPLITS.map((s) => [s, new NpyAppender(files[s], [clipFrames, sim.size, sim.size])]),
  ) as Record<DataSplit, NpyAppender>;
  try {
    const builder = new ClipBuilder(
      n,
      { clipFrames, stride },
      (split, clip) => outs[split].append(clip),
    );
    const chunkFrames = Math.max(1, Math.min(frames, Math.floor((1 << 20) / n)));
    const chunk = new Uint8Array(chunkFrames * n);
    let wave = -1;
    for (let done = 0; done < frames;) {
      const k = Math.min(chunkFrames, frames - done);
      sim.read(chunk, k);
      for (let i = 0; i < k; i++) {
        const f = done + i;
        while (wave + 1 < sim.waves.length && sim.waves[wave + 1].startFrame <= f) wave++;
        builder.push(chunk.subarray(i * n, (i + 1) * n), splitOf(wave, fractions, options.seed));
      }
      done += k;
    }
    for (const s of SPLITS) outs[s].close();
  } catch (error) {
    for (const s of SPLITS) outs[s].abort();
    throw error;
  }
  const summary: WaveDatasetSummary = {
    clips: Object.fromEntries(SPLITS.map((s) => [s, outs[s].count])) as Record<DataSplit, number>,
    files,
    waves: sim.waves.length,
    frames,
  };
  await writeFileAtomic(
    `${dir}/manifest.json`,
    JSON.stringify(
      {
        ...summary,
        model,
        clipFrames,
        stride: stride ?? clipFrames,
        fractions,
        seed: options.seed,
      },
      null,
      2,
    ),
  );
  return summary;
}
