/** Public surface of the non-wave stimuli (re-exported by the root mod.ts). */
export type { Texture as WallTexture } from "./_textures.ts";
export { type CorridorOptions, renderCorridor } from "./corridor.ts";
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
  type DecodeOptions,
  decodeVideo,
  type Movie,
  readImage,
  readRecordedWaves,
  readVideo,
  selfMotionMovie,
  type SelfMotionOptions,
} from "./natural.ts";
