/** Writes a float movie to .npy/.gif through the streaming frame writer. */
import { openFrameWriter } from "../io/frame_writer.ts";

/** Writes frames·h·w values in [0, 1]; returns nothing, leaves no file on error. */
export function writeMovie(
  path: string,
  data: Float32Array,
  frames: number,
  height: number,
  width: number,
  fps = 30,
): void {
  const writer = openFrameWriter(path, {
    frames,
    height,
    width,
    dtype: "float32",
    fps: Math.min(50, fps),
  });
  try {
    const per = height * width, chunk = Math.max(1, Math.floor((1 << 20) / (4 * per)));
    for (let f = 0; f < frames; f += chunk) {
      const k = Math.min(chunk, frames - f);
      writer.write(data.subarray(f * per, (f + k) * per), k);
    }
    writer.close();
  } catch (error) {
    writer.abort();
    throw error;
  }
}
