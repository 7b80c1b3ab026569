/**
 * `simulate natural --input FILE`: a video (any format ffmpeg reads), a still image (turned
 * into a self-motion movie) or a recorded wave movie (.tif/.tiff/.npy) → grey frames.
 */
import type { Command } from "../cli/command.ts";
import { choiceFlag, numberFlag } from "../cli/command.ts";
import { InputError } from "../util/errors.ts";
import { log } from "../util/log.ts";
import { timer } from "./_cli_util.ts";
import { writeMovie } from "./_movie_out.ts";
import { type Movie, readImage, readRecordedWaves, readVideo, selfMotionMovie } from "./natural.ts";

const IMAGE = /\.(png|jpe?g|bmp|webp)$/i, RECORDED = /\.(tiff?|npy)$/i;

/** The `simulate natural` command. */
export const command: Command = {
  name: "natural",
  summary:
    "Natural movies: decode a video, animate a still image by self-motion, or load recorded waves.",
  flags: {
    input: { type: "string", description: "video, image (.png/.jpg) or recording (.tif/.npy)" },
    kind: { type: "string", description: "video | image | recorded (default: from the extension)" },
    size: { type: "string", description: "frame side in pixels (default 64)" },
    fps: { type: "string", description: "video: output frame rate (default: the file's)" },
    frames: {
      type: "string",
      description: "video: at most this many; image: this many (default 300)",
    },
    seed: { type: "string", description: "image: random seed of the self-motion (default 1)" },
    out: { type: "string", description: "output .npy (float32) or .gif (default natural.npy)" },
  },
  async run(flags) {
    const elapsed = timer();
    if (typeof flags.input !== "string") throw new InputError("--input is required");
    const input = flags.input;
    const auto = IMAGE.test(input) ? "image" : RECORDED.test(input) ? "recorded" : "video";
    const kind = choiceFlag(flags, "kind", ["video", "image", "recorded"] as const, auto);
    const size = numberFlag(flags, "size", 64, { integer: true, min: 1, max: 4096 });
    const out = typeof flags.out === "string" ? flags.out : "natural.npy";
    if (!/\.(npy|gif)$/i.test(out)) {
      throw new InputError(`--out must end in .npy or .gif, got '${out}'`);
    }
    let movie: Movie;
    if (kind === "video") {
      const fps = flags.fps === undefined ? undefined : numberFlag(flags, "fps", 30, { min: 0.01 });
      const maxFrames = flags.frames === undefined
        ? undefined
        : numberFlag(flags, "frames", 300, { integer: true, min: 1 });
      movie = await readVideo(input, { width: size, height: size, fps, maxFrames });
    } else if (kind === "image") {
      const frames = numberFlag(flags, "frames", 300, { integer: true, min: 1 });
      const seed = numberFlag(flags, "seed", 1, { integer: true });
      movie = selfMotionMovie(await readImage(input), { frames, width: size, height: size, seed });
    } else {
      movie = readRecordedWaves(input, { width: size, height: size });
    }
    writeMovie(
      out,
      movie.data,
      movie.frames,
      movie.height,
      movie.width,
      numberFlag(flags, "fps", 30, { min: 0.01 }),
    );
    const seconds = elapsed();
    log(`wrote ${movie.frames}×${movie.height}×${movie.width} ${kind} frames to ${out}`);
    return {
      stimulus: "natural",
      kind,
      input,
      frames: movie.frames,
      shape: [movie.frames, movie.height, movie.width],
      seconds,
      framesPerSecond: movie.frames / seconds,
      out,
    };
  },
};
