import assert from "node:assert/strict";
import {
  readImage,
  readRecordedWaves,
  readVideo,
  selfMotionMovie,
} from "../../src/stimuli/natural.ts";
import { encodeTiffStack } from "../../src/io/tiff.ts";
import { encodePng } from "../../src/io/png.ts";
import { writeNpy } from "../../src/io/npy.ts";
import { InputError } from "../../src/util/errors.ts";
import { requires } from "../_tools.ts";

Deno.test({
  ...requires("natural: decodes a video with ffmpeg at the target size and rate", "ffmpeg"),
  async fn() {
    const dir = await Deno.makeTempDir();
    const path = `${dir}/clip.mp4`;
    const made = await new Deno.Command("ffmpeg", {
      args: [
        "-v",
        "error",
        "-f",
        "lavfi",
        "-i",
        "testsrc=size=96x72:rate=25",
        "-t",
        "1",
        "-pix_fmt",
        "yuv420p",
        path,
      ],
    }).output();
    assert.ok(made.success);
    const movie = await readVideo(path, { width: 32, height: 24, fps: 10 });
    assert.equal(movie.frames, 10);
    assert.equal(movie.data.length, 10 * 32 * 24);
    assert.ok(movie.data.every((v) => v >= 0 && v <= 1));
    assert.ok(new Set(movie.data).size > 10, "grey levels");
    await Deno.writeFile(`${dir}/bad.mp4`, new Uint8Array(100));
    await assert.rejects(readVideo(`${dir}/bad.mp4`), InputError);
    await assert.rejects(readVideo(`${dir}/missing.mp4`), /no such file/);
    await Deno.remove(dir, { recursive: true });
  },
});

Deno.test("natural: a still image becomes a drifting, saccading movie", async () => {
  const dir = await Deno.makeTempDir();
  const img = Float32Array.from(
    { length: 100 * 120 },
    (_, i) => ((i % 120) + Math.floor(i / 120)) / 220,
  );
  await Deno.writeFile(`${dir}/img.png`, encodePng(img, 100, 120));
  const image = await readImage(`${dir}/img.png`);
  assert.equal(image.width, 120);
  const movie = selfMotionMovie(image, { frames: 200, seed: 2, saccadeRate: 0.05 });
  assert.equal(movie.data.length, 200 * 64 * 64);
  assert.ok(movie.saccade.reduce((s, v) => s + v, 0) >= 3);
  const steps = [...movie.x].slice(1).map((x, i) => Math.abs(x - movie.x[i]));
  assert.ok(steps.some((s) => s > 0 && s < 2), "drift moves the window a little");
  assert.deepEqual(
    movie.data,
    selfMotionMovie(image, { frames: 200, seed: 2, saccadeRate: 0.05 }).data,
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("natural: recorded waves from TIFF stacks and .npy, scaled to [0, 1]", async () => {
  const dir = await Deno.makeTempDir();
  const raw = Uint8Array.from({ length: 5 * 8 * 10 }, (_, i) => (i * 7) % 200);
  await Deno.writeFile(`${dir}/rec.tif`, encodeTiffStack(raw, 5, 8, 10));
  const tif = readRecordedWaves(`${dir}/rec.tif`);
  assert.deepEqual([tif.frames, tif.height, tif.width], [5, 8, 10]);
  assert.equal(Math.max(...tif.data), 1);
  await writeNpy(`${dir}/rec.npy`, Float32Array.from(raw), [5, 8, 10]);
  const npy = readRecordedWaves(`${dir}/rec.npy`, { width: 5, height: 4 });
  assert.deepEqual([npy.frames, npy.height, npy.width], [5, 4, 5]);
  const bytes = Deno.readFileSync(`${dir}/rec.tif`);
  await Deno.writeFile(`${dir}/cut.tif`, bytes.subarray(0, bytes.length - 30));
  assert.throws(() => readRecordedWaves(`${dir}/cut.tif`), /truncated TIFF/);
  assert.throws(() => readRecordedWaves(`${dir}/rec.avi`), InputError);
  await Deno.remove(dir, { recursive: true });
});
