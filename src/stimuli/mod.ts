/**
 * Stimuli other than retinal waves (those are `@prevision/prevision/waves`): rendered
 * corridors (the textured corridor, the VR corridors and the first-person corridor view of
 * Zhong et al. 2025), white noise and natural-like movies for system identification,
 * natural movies and images read with ffmpeg, and frame resizing.
 *
 * @example A binary white-noise checkerboard, as in Yan et al. (2020)
 * ```ts
 * import { binaryCheckerboard } from "@prevision/prevision/stimuli";
 * const movie = binaryCheckerboard({ frames: 100, size: 8, seed: 1 });
 * console.log(movie.frames, movie.size, movie.data.length);
 * ```
 *
 * @module
 */
export type { Texture as WallTexture } from "./_textures.ts";
export { type CorridorOptions, renderCorridor } from "./corridor.ts";
export { CORRIDOR_LEVELS, type CorridorViewOptions, renderCorridorView } from "./corridor_view.ts";
export type { FlatMovie } from "./flat_movie.ts";
export { resizeFrames, type ResizeMode } from "./resize.ts";
export {
  renderVrCorridor,
  VR_CORRIDORS,
  type VrCorridorOptions,
  type VrMovie,
  vrTexture,
} from "./vr_corridor.ts";
export {
  binaryCheckerboard,
  gaussianNoise,
  type GridMovie,
  type WhiteNoiseOptions,
} from "./white_noise.ts";
export {
  naturalLikeMovie,
  type NaturalLikeOptions,
  type PinkImageOptions,
  pinkNoiseImage,
} from "./natural_like.ts";
export {
  type DecodeOptions,
  decodeVideo,
  type Movie,
  readImage,
  readRecordedWaves,
  readVideo,
  selfMotionMovie,
  type SelfMotionOptions,
} from "./natural.ts";
