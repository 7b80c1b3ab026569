/**
 * `deno task simulate waves --model teh|godfrey|lansdell [--undirectional] --size 64
 * --frames 2000 --seed 1 --out waves.npy|waves.gif [--stats] [--json]`: streams frames to
 * disk chunk by chunk (memory does not grow with --frames) and optionally reports wave
 * statistics.
 */
import type { Command } from "../../cli/command.ts";
import { choiceFlag, numberFlag } from "../../cli/command.ts";
import { log } from "../../util/log.ts";
import { InputError } from "../../util/errors.ts";
import { openFrameWriter } from "../../io/frame_writer.ts";
import { WaveStatsAccumulator } from "./stats.ts";
import { checkParams, paramFlags, timer } from "../_cli_util.ts";
import { WAVE_MODELS, waveModel } from "./registry.ts";

/** Bytes of frames held in memory at once. */
const CHUNK_BYTES = 1 << 20;

/** Peak resident memory of this process in MB (VmHWM on Linux, current RSS elsewhere). */
function peakRssMB(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(Deno.readTextFileSync("/proc/self/status"));
    if (m) return Number(m[1]) / 1024;
  } catch { /* not Linux */ }
  return Deno.memoryUsage().rss / 2 ** 20;
}

/** The `simulate waves` command. */
export const command: Command = {
  name: "waves",
  summary: "Simulate retinal waves (teh, godfrey, lansdell) and stream them to .npy or .gif.",
  flags: {
    model: { type: "string", description: `${Object.keys(WAVE_MODELS).join(" | ")} (default teh)` },
    undirectional: {
      type: "boolean",
      description: "teh: inhibition point anywhere (no nose bias)",
    },
    species: { type: "string", description: "godfrey: mouse | ferret (default mouse)" },
    size: { type: "string", description: "frame side in pixels (default 64)" },
    frames: { type: "string", description: "number of frames (default 2000)" },
    seed: { type: "string", description: "random seed (default 1)" },
    engine: { type: "string", description: "wasm | ts (default wasm)" },
    warmup: {
      type: "string",
      description: "godfrey/lansdell: simulated seconds before recording (default 120)",
    },
    param: {
      type: "string",
      multiple: true,
      description: "model parameter name=value (repeatable)",
    },
    out: { type: "string", description: "output .npy (uint8 0/1) or .gif (default waves.npy)" },
    fps: { type: "string", description: "GIF frames per second (default: real time, at most 50)" },
    stats: { type: "boolean", description: "compute wave statistics" },
  },
  run(flags) {
    const name = typeof flags.model === "string" ? flags.model : "teh";
    const model = waveModel(name);
    const size = numberFlag(flags, "size", 64, { integer: true, min: 2, max: 4096 });
    const frames = numberFlag(flags, "frames", 2000, { integer: true, min: 1 });
    const seed = numberFlag(flags, "seed", 1, { integer: true });
    const engine = choiceFlag(flags, "engine", ["wasm", "ts"] as const, "wasm");
    const params = paramFlags(flags);
    checkParams(params, model.defaults(size), name);
    if (flags.undirectional) {
      if (name !== "teh") throw new InputError("--undirectional applies to --model teh only");
      params.directional = false;
    }
    if (flags.species !== undefined) {
      if (name !== "godfrey") throw new InputError("--species applies to --model godfrey only");
      params.species = choiceFlag(flags, "species", ["mouse", "ferret"] as const, "mouse");
    }
    if (flags.warmup !== undefined) {
      if (name === "teh") throw new InputError("--warmup applies to godfrey and lansdell");
      params.warmup = numberFlag(flags, "warmup", 120, { min: 0 });
    }
    const out = typeof flags.out === "string" ? flags.out : "waves.npy";
    const elapsed = timer();
    const sim = model.stream({ ...params, size, seed, engine });
    const n = size * size;
    const fps = numberFlag(flags, "fps", Math.min(50, 1 / sim.secondsPerFrame), {
      min: 0.01,
      max: 100,
    });
    const writer = openFrameWriter(out, { frames, height: size, width: size, dtype: "uint8", fps });
    const stats = flags.stats
      ? new WaveStatsAccumulator(size, {
        secondsPerFrame: sim.secondsPerFrame,
        micronsPerPixel: sim.micronsPerPixel,
      })
      : null;
    const chunkFrames = Math.max(1, Math.min(frames, Math.floor(CHUNK_BYTES / n)));
    try {
      for (let done = 0; done < frames;) {
        const view = sim.readView(Math.min(chunkFrames, frames - done));
        const k = view.length / n;
        writer.write(view, k);
        if (stats) { for (let f = 0; f < k; f++) stats.push(view.subarray(f * n, (f + 1) * n)); }
        done += k;
      }
      writer.close();
    } catch (error) {
      writer.abort();
      throw error;
    }
    const seconds = elapsed();
    log(
      `wrote ${frames}×${size}×${size} ${name} frames (${
        (frames * sim.secondsPerFrame).toFixed(1)
      } s simulated) to ${out} in ${seconds.toFixed(2)} s`,
    );
    const summary: Record<string, unknown> = {
      stimulus: "waves",
      model: name,
      engine,
      seed,
      frames,
      shape: [frames, size, size],
      seconds,
      framesPerSecond: frames / seconds,
      simulatedSeconds: frames * sim.secondsPerFrame,
      secondsPerFrame: sim.secondsPerFrame,
      waves: sim.waves.length,
      out,
      peakRssMB: peakRssMB(),
    };
    if (stats) summary.stats = stats.result();
    return Promise.resolve(summary);
  },
};
