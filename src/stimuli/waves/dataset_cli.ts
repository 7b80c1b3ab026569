/**
 * `deno task simulate dataset --model teh --frames 2000 --clip 11 [--stride 11]
 * [--fractions 0.8,0.1,0.1] --out-dir runs/waves [--json]`: simulates retinal waves and
 * writes clips of N frames to <out-dir>/{train,val,test}.npy ([clips, N, size, size]
 * float32) split by wave, plus manifest.json (see ./dataset.ts).
 */
import type { Command } from "../../cli/command.ts";
import { choiceFlag, numberFlag } from "../../cli/command.ts";
import { InputError } from "../../util/errors.ts";
import { log } from "../../util/log.ts";
import { checkParams, paramFlags, timer } from "../_cli_util.ts";
import { buildWaveDataset } from "./dataset.ts";
import { WAVE_MODELS, waveModel } from "./registry.ts";

function fractionsFlag(value: unknown): [number, number, number] {
  if (value === undefined) return [0.8, 0.1, 0.1];
  const parts = String(value).split(",").map((s) => Number(s.trim()));
  if (parts.length !== 3 || parts.some((v) => !Number.isFinite(v) || v < 0)) {
    throw new InputError(`--fractions expects three non-negative numbers a,b,c, got '${value}'`);
  }
  return parts as [number, number, number];
}

/** The `simulate dataset` command. */
export const command: Command = {
  name: "dataset",
  summary: "Simulate retinal waves into train/val/test clip NPYs split by wave.",
  flags: {
    model: { type: "string", description: `${Object.keys(WAVE_MODELS).join(" | ")} (default teh)` },
    undirectional: { type: "boolean", description: "teh: inhibition point anywhere" },
    size: { type: "string", description: "frame side in pixels (default 64)" },
    frames: { type: "string", description: "frames to simulate (default 2000)" },
    clip: { type: "string", description: "frames per clip (default 11)" },
    stride: { type: "string", description: "frames between clip starts (default = clip)" },
    fractions: {
      type: "string",
      description: "train,val,test fractions of waves (default 0.8,0.1,0.1)",
    },
    seed: { type: "string", description: "random seed (default 1)" },
    engine: { type: "string", description: "wasm | ts (default wasm)" },
    param: {
      type: "string",
      multiple: true,
      description: "model parameter name=value (repeatable)",
    },
    "out-dir": { type: "string", description: "output folder (default waves_dataset)" },
  },
  async run(flags) {
    const name = typeof flags.model === "string" ? flags.model : "teh";
    const model = waveModel(name);
    const size = numberFlag(flags, "size", 64, { integer: true, min: 2, max: 4096 });
    const frames = numberFlag(flags, "frames", 2000, { integer: true, min: 1 });
    const clipFrames = numberFlag(flags, "clip", 11, { integer: true, min: 1, max: 10000 });
    const stride = numberFlag(flags, "stride", clipFrames, { integer: true, min: 1 });
    const seed = numberFlag(flags, "seed", 1, { integer: true });
    const engine = choiceFlag(flags, "engine", ["wasm", "ts"] as const, "wasm");
    const fractions = fractionsFlag(flags.fractions);
    if (!fractions.some((f) => f > 0)) throw new InputError("--fractions must not all be 0");
    const params = paramFlags(flags);
    checkParams(params, model.defaults(size), name);
    if (flags.undirectional) {
      if (name !== "teh") throw new InputError("--undirectional applies to --model teh only");
      params.directional = false;
    }
    const dir = typeof flags["out-dir"] === "string" ? flags["out-dir"] : "waves_dataset";
    const elapsed = timer();
    const result = await buildWaveDataset({
      ...params,
      model: name,
      size,
      seed,
      engine,
      frames,
      clipFrames,
      stride,
      fractions,
      dir,
    });
    const seconds = elapsed();
    log(
      `wrote ${result.clips.train}/${result.clips.val}/${result.clips.test} train/val/test clips ` +
        `of ${clipFrames} frames (${result.waves} waves) to ${dir} in ${seconds.toFixed(2)} s`,
    );
    return {
      stimulus: "dataset",
      model: name,
      seed,
      frames,
      shape: [frames, size, size],
      clipFrames,
      stride,
      fractions,
      clips: result.clips,
      files: result.files,
      waves: result.waves,
      seconds,
      framesPerSecond: frames / seconds,
      out: dir,
    };
  },
};
