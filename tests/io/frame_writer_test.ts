import assert from "node:assert/strict";
import { openFrameWriter } from "../../src/io/frame_writer.ts";
import { readNpy } from "../../src/io/npy.ts";
import { encodeTiffStack, readTiffStack } from "../../src/io/tiff.ts";
import { ClipBuilder, NpyAppender, splitOf } from "../../src/io/dataset.ts";
import { encodePng, frameGrid } from "../../src/io/png.ts";
import { decode } from "fast-png";
import { InputError } from "../../src/util/errors.ts";

Deno.test("frame writer: NPY streams to a temp file and appears only when complete", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/f.npy`;
  const w = openFrameWriter(path, { frames: 6, height: 4, width: 5, dtype: "uint8" });
  const chunk = Uint8Array.from({ length: 2 * 20 }, (_, i) => i % 2);
  let previous = 0;
  for (let i = 0; i < 3; i++) {
    w.write(chunk, 2);
    const tmp = [...Deno.readDirSync(dir)].find((e) => e.name.includes(".tmp-"))!;
    const size = Deno.statSync(`${dir}/${tmp.name}`).size;
    assert.ok(size > previous, "bytes reach the disk as frames arrive");
    previous = size;
    assert.throws(() => Deno.statSync(path));
  }
  w.close();
  const back = readNpy(path);
  assert.deepEqual(back.shape, [6, 4, 5]);
  assert.equal(back.dtype, "uint8");
  assert.deepEqual(Array.from(back.data as Uint8Array).slice(0, 40), Array.from(chunk));
  const short = openFrameWriter(`${dir}/short.npy`, { frames: 3, height: 2, width: 2 });
  short.write(new Float32Array(4), 1);
  assert.throws(() => short.close(), /1 of 3 frames/);
  assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["f.npy"]);
  assert.throws(
    () => openFrameWriter(`${dir}/x.avi`, { frames: 1, height: 1, width: 1 }),
    InputError,
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("frame writer: animated GIF with all frames", async () => {
  const dir = await Deno.makeTempDir();
  const w = openFrameWriter(`${dir}/a.gif`, { frames: 4, height: 8, width: 8, fps: 5 });
  w.write(Float32Array.from({ length: 4 * 64 }, (_, i) => (i % 64) / 63), 4);
  w.close();
  const bytes = Deno.readFileSync(`${dir}/a.gif`);
  assert.equal(new TextDecoder().decode(bytes.subarray(0, 6)), "GIF89a");
  assert.equal(bytes[bytes.length - 1], 0x3b);
  const frames = bytes.reduce(
    (n, b, i) => n + (b === 0x21 && bytes[i + 1] === 0xf9 && bytes[i + 2] === 4 ? 1 : 0),
    0,
  );
  assert.equal(frames, 4);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("png: grid of frames round-trips through the decoder", () => {
  const frames = Float32Array.from({ length: 3 * 4 * 4 }, (_, i) => (i % 16) / 15);
  const grid = frameGrid(frames, 3, 4, 4, { columns: 3, gap: 1, scale: 2 });
  assert.deepEqual([grid.height, grid.width], [8, 26]);
  const png = decode(encodePng(grid.pixels, grid.height, grid.width));
  assert.equal(png.width, 26);
  assert.equal(png.data[0], 0);
  assert.equal(png.data[7], 51); // third texel of the first tile, magnified ×2
  assert.equal(png.data[8], 255); // the white gap
});

Deno.test("tiff: multi-page round trip; corrupt input is an InputError", () => {
  const data = Uint8Array.from({ length: 3 * 6 * 5 }, (_, i) => i);
  const stack = readTiffStack(encodeTiffStack(data, 3, 6, 5));
  assert.deepEqual([stack.frames, stack.height, stack.width], [3, 6, 5]);
  assert.deepEqual(Array.from(stack.data), Array.from(data));
  assert.throws(() => readTiffStack(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9])), /not a TIFF/);
  const bytes = encodeTiffStack(data, 3, 6, 5);
  assert.throws(() => readTiffStack(bytes.subarray(0, bytes.length - 5)), /truncated TIFF/);
});

Deno.test("dataset: clips never mix splits, stride respected, appender writes a valid NPY", async () => {
  const dir = await Deno.makeTempDir();
  const seen: [string, number][] = [];
  const groups = (f: number) => Math.floor(f / 7); // groups of 7 frames
  const b = new ClipBuilder(2, { clipFrames: 3, stride: 2 }, (split, clip, first) => {
    seen.push([split, first]);
    for (let i = 0; i < 3; i++) {
      assert.equal(splitOf(groups(clip[2 * i]), [0.5, 0.25, 0.25], 9), split);
    }
  });
  for (let f = 0; f < 70; f++) b.push([f, f], splitOf(groups(f), [0.5, 0.25, 0.25], 9));
  assert.ok(seen.length > 10);
  assert.ok(seen.every(([, first]) => first % 2 === 0));
  const splitOfFrame = new Map<number, string>();
  for (const [split, first] of seen) {
    for (let f = first; f < first + 3; f++) {
      assert.ok(!splitOfFrame.has(f) || splitOfFrame.get(f) === split, `frame ${f} in two splits`);
      splitOfFrame.set(f, split);
    }
  }
  const app = new NpyAppender(`${dir}/c.npy`, [3, 2]);
  app.append(new Float32Array(6).fill(1));
  app.append(new Float32Array(6).fill(2));
  app.close();
  const back = readNpy(`${dir}/c.npy`);
  assert.deepEqual(back.shape, [2, 3, 2]);
  assert.equal(back.data[11], 2);
  await Deno.remove(dir, { recursive: true });
});
