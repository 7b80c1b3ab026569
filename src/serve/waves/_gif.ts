/**
 * In-memory animated GIF of binary wave frames for POST /v1/waves, with the same encoder and
 * grey palette as src/io/frame_writer.ts (which writes GIFs to files).
 */
import gifenc from "gifenc";

const PALETTE = [[0, 0, 0], [255, 255, 255]];

/** Encodes `frames` frames of size × size 0/1 values at `fps` frames per second. */
export function encodeGif(data: Uint8Array, size: number, frames: number, fps = 10): Uint8Array {
  const encoder = gifenc.GIFEncoder();
  const per = size * size;
  const index = new Uint8Array(per);
  for (let f = 0; f < frames; f++) {
    for (let p = 0; p < per; p++) index[p] = data[f * per + p] ? 1 : 0;
    encoder.writeFrame(index, size, size, { palette: PALETTE, delay: 1000 / fps, repeat: 0 });
  }
  encoder.finish();
  return encoder.bytes();
}
