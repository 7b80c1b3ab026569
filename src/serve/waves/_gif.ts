/** GIF output for POST /v1/waves: adapter over the GIF writer in src/io (pending). */
import { ApiError } from "../errors/index.ts";

/** Encodes binary frames as an animated GIF. */
export function encodeGif(_data: Uint8Array, _size: number, _frames: number): Uint8Array {
  throw new ApiError(501, "not_implemented", "GIF output awaits src/io's GIF writer");
}
