import assert from "node:assert/strict";
import { tf } from "../../src/backend/tf.ts";
import { useBackend } from "../../src/backend/mod.ts";
import { setQuiet } from "../../src/util/log.ts";
import { buildFramePredictor } from "../../src/models/mod.ts";
import { simulateTeh } from "../../src/stimuli/waves/teh.ts";
import { clipStarts, MovieClips } from "../../src/train/clips.ts";
import { movieToTensor, tensorToMovie } from "../../src/train/movie_tensor.ts";
import { InputError } from "../../src/util/errors.ts";

setQuiet(true);

Deno.test("movieToTensor: waves (0/1 bytes) become [batch, frames, h, w, 1] floats and back", async () => {
  await useBackend("cpu");
  const waves = simulateTeh({ size: 8, frames: 14, seed: 2 });
  const whole = movieToTensor(waves);
  assert.deepEqual(whole.shape, [1, 14, 8, 8, 1]);
  assert.equal(whole.dtype, "float32");
  const back = await tensorToMovie(whole);
  assert.deepEqual([back.frames, back.size], [14, 8]);
  assert.deepEqual(back.data, Float32Array.from(waves.data));
  assert.ok(back.data.some((v) => v === 1), "the waves are not all dark");
  whole.dispose();
});

Deno.test("movieToTensor: clips, stride, start and a cap; the same values as MovieClips' inputs", async () => {
  await useBackend("cpu");
  const data = Float32Array.from({ length: 12 * 4 * 4 }, (_, i) => i / 100);
  const movie = { data, frames: 12, size: 4 };
  const clips = movieToTensor(movie, { clipFrames: 3 }); // frames 0–2, 3–5, 6–8, 9–11
  assert.deepEqual(clips.shape, [4, 3, 4, 4, 1]);
  // MovieClips' inputs for windows of 3 (+1 target) at 0, 4, 8 are rows 0, 4, 8 of stride 4
  const strided = movieToTensor(movie, { clipFrames: 3, stride: 4 });
  assert.deepEqual(strided.shape, [3, 3, 4, 4, 1]);
  const reference = new MovieClips(data, 4, 4, 3, clipStarts(12, 3)).batch([0, 1, 2]).x;
  assert.deepEqual(await strided.data(), reference);
  const shifted = movieToTensor(movie, { clipFrames: 5, start: 2, stride: 1, clips: 2 });
  assert.deepEqual(shifted.shape, [2, 5, 4, 4, 1]);
  assert.equal((await shifted.data())[0], data[2 * 16]);
  assert.equal((await shifted.data())[5 * 16], data[3 * 16]);
  // back: clip after clip, in order
  const back = await tensorToMovie(clips);
  assert.deepEqual([back.frames, back.size], [12, 4]);
  assert.deepEqual(back.data, data);
  tf.dispose([clips, strided, shifted]);
});

Deno.test("tensorToMovie: a frame predictor's output [batch, h, w, 1] is a movie of its predictions", async () => {
  await useBackend("cpu");
  const waves = simulateTeh({ size: 8, frames: 12, seed: 4 });
  const model = buildFramePredictor(
    { cell: "rnn", channels: 2, kernel: 3, size: 8, frames: 3, layers: 1 },
    1,
  );
  const x = movieToTensor(waves, { clipFrames: 3 });
  const y = model.predict(x) as tf.Tensor;
  const predicted = await tensorToMovie(y);
  assert.deepEqual([predicted.frames, predicted.size], [4, 8]);
  assert.ok(predicted.data.every(Number.isFinite));
  const plain = await tensorToMovie(tf.zeros([2, 5, 5]));
  assert.deepEqual([plain.frames, plain.size, plain.data.length], [2, 5, 50]);
  tf.dispose([x, y]);
  model.dispose();
});

Deno.test("movieToTensor / tensorToMovie: wrong shapes and options are one-line input errors", async () => {
  await useBackend("cpu");
  const movie = { data: new Uint8Array(10 * 9), frames: 10, size: 3 };
  const bad: [object, RegExp][] = [
    [{ data: new Uint8Array(5), frames: 10, size: 3 }, /expected frames × size × size/],
    [{ clipFrames: 11 }, /runs past the movie's 10 frames/],
    [{ clipFrames: 0 }, /clipFrames must be an integer ≥ 1/],
    [{ clipFrames: 2, stride: 0.5 }, /stride must be an integer ≥ 1/],
    [{ start: -1 }, /start must be an integer ≥ 0/],
    [{ clipFrames: 2, clips: 0 }, /clips must be an integer ≥ 1/],
  ];
  for (const [arg, message] of bad) {
    assert.throws(
      () => "data" in arg ? movieToTensor(arg as typeof movie) : movieToTensor(movie, arg),
      (e: Error) => e instanceof InputError && message.test(e.message) && !e.message.includes("\n"),
    );
  }
  for (
    const [shape, message] of [
      [[2, 3, 4, 1], /square/],
      [[2, 3, 3, 2], /one channel/],
      [[9], /expected a tensor/],
    ] as [number[], RegExp][]
  ) {
    const t = tf.zeros(shape);
    await assert.rejects(
      () => tensorToMovie(t),
      (e: Error) => e instanceof InputError && message.test(e.message),
    );
    t.dispose();
  }
});
