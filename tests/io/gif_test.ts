import assert from "node:assert/strict";
import { encodeGreyGif } from "../../src/io/gif.ts";

Deno.test("encodeGreyGif: an animated GIF89a of the frames; bad sizes are input errors", () => {
  const frames = new Float32Array(3 * 4 * 5).map((_, i) => (i % 7) / 6);
  const bytes = encodeGreyGif(frames, 3, 4, 5, { fps: 4 });
  assert.equal(new TextDecoder().decode(bytes.slice(0, 6)), "GIF89a");
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  assert.equal(view.getUint16(6, true), 5); // logical screen width
  assert.equal(view.getUint16(8, true), 4); // height
  let images = 0;
  for (let i = 0; i < bytes.length - 1; i++) {
    if (bytes[i] === 0x21 && bytes[i + 1] === 0xf9) images++;
  }
  assert.equal(images, 3); // one graphic control extension per frame
  assert.throws(() => encodeGreyGif(frames, 4, 4, 5), /expected 4 frames/);
  assert.throws(() => encodeGreyGif(frames, 3, 4, 5, { fps: 0 }), /fps/);
});
