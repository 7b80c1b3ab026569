/** `simulate corridor` (May et al.) and `simulate vr-corridor` (Zhong et al.). */
import type { Command } from "../cli/command.ts";
import { numberFlag } from "../cli/command.ts";
import { writeNpy } from "../io/npy.ts";
import { log } from "../util/log.ts";
import { timer } from "./_cli_util.ts";
import { writeMovie } from "./_movie_out.ts";
import { renderCorridor } from "./corridor.ts";
import { renderVrCorridor, VR_CORRIDORS } from "./vr_corridor.ts";

const common = {
  width: { type: "string" as const, description: "frame width (default 64)" },
  height: { type: "string" as const, description: "frame height (default 64)" },
  frames: { type: "string" as const, description: "number of frames (default 1000)" },
  seed: { type: "string" as const, description: "random seed (default 1)" },
  fps: { type: "string" as const, description: "GIF frame rate (default 30)" },
};

/** `simulate corridor`. */
export const corridorCommand: Command = {
  name: "corridor",
  summary: "Render the May et al. corridor flight (20 cue patterns) to .npy (float32) or .gif.",
  flags: {
    ...common,
    speed: { type: "string", description: "panel lengths per frame (default 0.1)" },
    fov: { type: "string", description: "horizontal field of view in degrees (default 39.6)" },
    out: { type: "string", description: "output .npy or .gif (default corridor.npy)" },
  },
  run(flags) {
    const elapsed = timer();
    const width = numberFlag(flags, "width", 64, { integer: true, min: 1, max: 4096 });
    const height = numberFlag(flags, "height", 64, { integer: true, min: 1, max: 4096 });
    const frames = numberFlag(flags, "frames", 1000, { integer: true, min: 1 });
    const seed = numberFlag(flags, "seed", 1, { integer: true });
    const speed = numberFlag(flags, "speed", 0.1, { min: 0 });
    const fov = numberFlag(flags, "fov", 39.6, { min: 1, max: 179 });
    const out = typeof flags.out === "string" ? flags.out : "corridor.npy";
    const data = renderCorridor({ width, height, frames, speed, seed, fov });
    writeMovie(out, data, frames, height, width, numberFlag(flags, "fps", 30, { min: 0.01 }));
    const seconds = elapsed();
    log(`wrote ${frames}×${height}×${width} corridor frames to ${out}`);
    return Promise.resolve({
      stimulus: "corridor",
      frames,
      shape: [frames, height, width],
      seconds,
      framesPerSecond: frames / seconds,
      seed,
      out,
    });
  },
};

/** `simulate vr-corridor`. */
export const vrCorridorCommand: Command = {
  name: "vr-corridor",
  summary:
    "Render laps through a Zhong et al. VR corridor; writes frames and per-frame position bins.",
  flags: {
    ...common,
    corridor: {
      type: "string",
      description: `${VR_CORRIDORS.join(" | ")} | leafN | circleN | gratingANGLE (default leaf1)`,
    },
    speed: { type: "string", description: "mean running speed in dm per frame (default 0.5)" },
    out: {
      type: "string",
      description: "output .npy or .gif (default vr_corridor.npy); bins go to <out>.bins.npy",
    },
  },
  async run(flags) {
    const elapsed = timer();
    const width = numberFlag(flags, "width", 64, { integer: true, min: 1, max: 4096 });
    const height = numberFlag(flags, "height", 64, { integer: true, min: 1, max: 4096 });
    const frames = numberFlag(flags, "frames", 1000, { integer: true, min: 1 });
    const seed = numberFlag(flags, "seed", 1, { integer: true });
    const speed = numberFlag(flags, "speed", 0.5, { min: 1e-6 });
    const corridor = typeof flags.corridor === "string" ? flags.corridor : "leaf1";
    const out = typeof flags.out === "string" ? flags.out : "vr_corridor.npy";
    const run = renderVrCorridor({ corridor, width, height, frames, speed, seed });
    const binsPath = `${out.replace(/\.(npy|gif)$/i, "")}.bins.npy`;
    writeMovie(out, run.data, frames, height, width, numberFlag(flags, "fps", 30, { min: 0.01 }));
    await writeNpy(binsPath, run.bin, [frames]);
    const seconds = elapsed();
    log(
      `wrote ${frames} frames of corridor ${corridor} (${
        run.lap[frames - 1] + 1
      } laps) to ${out}, bins to ${binsPath}`,
    );
    return {
      stimulus: "vr-corridor",
      corridor,
      frames,
      shape: [frames, height, width],
      seconds,
      framesPerSecond: frames / seconds,
      laps: run.lap[frames - 1] + 1,
      out,
      bins: binsPath,
    };
  },
};
