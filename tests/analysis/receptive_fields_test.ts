import assert from "node:assert/strict";
import { tf } from "../../src/backend/tf.ts";
import { useBackend } from "../../src/backend/mod.ts";
import { setQuiet } from "../../src/util/log.ts";
import { buildFramePredictor } from "../../src/models/mod.ts";
import {
  activationMaximisation,
  type GratingResponses,
  gratingResponses,
  orientationSelectivity,
} from "../../src/analysis/receptive_fields.ts";

setQuiet(true);

Deno.test("orientation selectivity: 1 for a single orientation, 0 for none", () => {
  const orientations = Array.from({ length: 6 }, (_, i) => (Math.PI * i) / 6);
  const make = (f: (o: number) => number): GratingResponses => ({
    orientations,
    frequencies: [1, 2],
    phases: [0, Math.PI],
    responses: [orientations.map((_, o) => [[f(o), f(o)], [0, 0]])],
  });
  const sharp = orientationSelectivity(make((o) => (o === 2 ? 1 : 0)), 0);
  assert.ok(Math.abs(sharp.osi - 1) < 1e-12);
  assert.equal(sharp.preferredOrientation, orientations[2]);
  assert.equal(sharp.preferredFrequency, 1);
  assert.equal(orientationSelectivity(make(() => 0.3), 0).osi, 0);
});

Deno.test("gratings: 6 × 5 × 4 responses per channel; activation maximisation raises the response", async () => {
  await useBackend("cpu");
  const model = buildFramePredictor(
    { cell: "rnn", channels: 3, kernel: 3, size: 12, frames: 2, layers: 2 },
    2,
  );
  const g = gratingResponses(model);
  assert.equal(g.responses.length, 3);
  assert.equal(g.responses[0].length, 6);
  assert.equal(g.responses[0][0].length, 5);
  assert.equal(g.responses[0][0][0].length, 4);
  const grey = tf.tidy(() => {
    const x = tf.fill([1, 2, 12, 12, 1], 0.5);
    let y: tf.Tensor = x;
    for (const l of model.layers.slice(1, 5)) y = l.apply(y, { training: false }) as tf.Tensor;
    return y.slice([0, 1, 6, 6, 0], [1, 1, 1, 1, 1]).dataSync()[0];
  });
  const am = activationMaximisation(model, { channel: 0, steps: 40 });
  assert.equal(am.image.length, 144);
  assert.ok(am.image.every((v) => v >= 0 && v <= 1));
  assert.ok(am.response > grey, `${am.response} > ${grey}`);
});
