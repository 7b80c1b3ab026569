import assert from "node:assert/strict";
import { summarise, waveStats } from "../../src/stimuli/waves/stats.ts";
import { simulateTeh } from "../../src/stimuli/waves/teh.ts";
import { buildWaveDataset } from "../../src/stimuli/waves/dataset.ts";
import { readNpy } from "../../src/io/npy.ts";

/** A bar sweeping rightwards one column per frame, restarting every `period` frames. */
function sweeps(size: number, frames: number, period: number): Uint8Array {
  const data = new Uint8Array(frames * size * size);
  for (let f = 0; f < frames; f++) {
    const col = f % period;
    if (col >= size) continue;
    for (let r = 10; r < 20; r++) data[f * size * size + r * size + col] = 1;
  }
  return data;
}

Deno.test("wave stats: known speed, rate, interval, size and direction", () => {
  const size = 32, period = 40, frames = 400;
  const s = waveStats(sweeps(size, frames, period), frames, size, {
    secondsPerFrame: 0.5,
    micronsPerPixel: 50,
  });
  assert.equal(s.waves, 10);
  assert.ok(Math.abs(s.wavesPerMinute - 10 / (200 / 60)) < 1e-9);
  assert.equal(s.sizeCells.median, 320);
  assert.ok(Math.abs(s.areaMm2.median - 0.8) < 1e-9);
  // One column per 0.5 s at 50 µm per pixel = 100 µm/s (distance measured from the start centroid).
  assert.ok(
    Math.abs(s.speedMicronsPerSecond.median - 100) < 10,
    `speed ${s.speedMicronsPerSecond.median}`,
  );
  assert.equal(s.interWaveIntervalSeconds.median, period * 0.5);
  assert.equal(s.directionHistogram[0], 10);
  assert.ok(s.directionBias > 0.99);
  assert.ok(Math.abs(s.meanDirectionDegrees) < 1);
  assert.equal(s.durationSeconds.median, 16);
});

Deno.test("wave stats: teh directional waves are biased, undirectional ones are not", () => {
  const stats = (directional: boolean) => {
    const m = simulateTeh({ frames: 3000, seed: 4, directional });
    return waveStats(m.data, m.frames, 64, { secondsPerFrame: 0.5, micronsPerPixel: 50 });
  };
  const d = stats(true), u = stats(false);
  assert.ok(d.directionBias > 0.6, `directional bias ${d.directionBias}`);
  assert.ok(u.directionBias < 0.3, `undirectional bias ${u.directionBias}`);
  assert.ok(
    d.waves > 50 && d.speedMicronsPerSecond.median > 50 && d.speedMicronsPerSecond.median < 200,
  );
  assert.deepEqual(summarise([]).n, 0);
  assert.equal(summarise([3, 1, 2]).median, 2);
});

Deno.test("wave dataset: clips split by wave without shared frames", async () => {
  const dir = await Deno.makeTempDir();
  const summary = await buildWaveDataset({
    model: "teh",
    frames: 1500,
    seed: 3,
    size: 16,
    clipFrames: 5,
    stride: 3,
    dir,
  });
  const total = summary.clips.train + summary.clips.val + summary.clips.test;
  assert.ok(
    summary.clips.train > summary.clips.val && summary.clips.val > 0 && summary.clips.test > 0,
  );
  const train = readNpy(`${dir}/train.npy`);
  assert.deepEqual(train.shape, [summary.clips.train, 5, 16, 16]);
  assert.ok(total <= Math.floor((1500 - 5) / 3) + 1);
  // Recompute which frames each split used: no frame in two splits.
  const movie = simulateTeh({ frames: 1500, seed: 3, size: 16 });
  const owner = new Map<string, string>();
  for (const split of ["train", "val", "test"]) {
    const clips = readNpy(`${dir}/${split}.npy`);
    const n = clips.shape[0];
    for (let c = 0; c < n; c++) {
      const clip = (clips.data as Float32Array).subarray(c * 5 * 256, (c + 1) * 5 * 256);
      // Locate the clip in the movie by its first frame and stride alignment.
      let found = -1;
      for (let s = 0; s + 5 <= 1500 && found < 0; s += 3) {
        let ok = true;
        for (let i = 0; i < 5 * 256 && ok; i++) ok = clip[i] === movie.data[s * 256 + i];
        if (ok) found = s;
      }
      assert.ok(found >= 0);
      for (let f = found; f < found + 5; f++) {
        const key = String(f);
        if (movie.data.subarray(f * 256, (f + 1) * 256).some((v) => v)) {
          assert.ok(
            !owner.has(key) || owner.get(key) === split,
            `frame ${f} in ${owner.get(key)} and ${split}`,
          );
          owner.set(key, split);
        }
      }
    }
  }
  const manifest = JSON.parse(Deno.readTextFileSync(`${dir}/manifest.json`));
  assert.equal(manifest.clipFrames, 5);
  await Deno.remove(dir, { recursive: true });
});
