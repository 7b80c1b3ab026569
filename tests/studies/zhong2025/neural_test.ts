import assert from "node:assert/strict";
import { useBackend } from "../../../src/backend/select.ts";
import { createExposureEncoder, disposeEncoder } from "../../../src/models/exposure_encoder.ts";
import { measureUnits, TEST_STIMULI } from "../../../src/studies/zhong2025/mod.ts";

Deno.test("zhong2025 neural measures: every layer, stimulus and SI on a random encoder", async () => {
  await useBackend("cpu");
  const enc = createExposureEncoder({ inputs: 128, hidden: [16, 8], seed: 5 });
  const initial = enc.layers.map((l) => l.w.dataSync().slice() as Float32Array);
  const m = measureUnits(enc, initial, { width: 16, height: 8, testLaps: 8 }, 11);
  assert.equal(m.layers.length, 2);
  for (const [k, layer] of m.layers.entries()) {
    assert.equal(layer.units, [16, 8][k]);
    assert.equal(layer.weightChange, 0, "weights untouched");
    assert.ok(layer.selectiveFraction >= 0 && layer.selectiveFraction <= 1);
    assert.deepEqual(Object.keys(layer.projection), TEST_STIMULI);
    assert.ok(layer.corridorFraction >= 0 && layer.corridorFraction <= 1);
    assert.ok(layer.perLapSelectiveFraction >= 0 && layer.perLapSelectiveFraction <= 1);
    // The coding direction is fitted on some leaf1/circle1 laps; held-out laps of leaf1
    // project above those of circle1 when the layer carries any texture information.
    const [pl, pc] = [layer.projection.leaf1, layer.projection.circle1];
    if (layer.meanAbsDPrime > 0.5 && pl !== null && pc !== null) assert.ok(pl > pc);
    for (const c of TEST_STIMULI.slice(2)) {
      const si = layer.similarity[c];
      assert.ok(si === null || (si >= -1 - 1e-9 && si <= 1 + 1e-9), `${c} SI ${si}`);
    }
    // The sweep is non-increasing in the threshold.
    for (let i = 1; i < layer.sweep.length; i++) {
      assert.ok(layer.sweep[i].fraction <= layer.sweep[i - 1].fraction);
    }
  }
  enc.layers[0].w.assign(enc.layers[0].w.mul(1.5));
  assert.ok(
    Math.abs(
      measureUnits(enc, initial, { width: 16, height: 8, testLaps: 4 }, 11)
        .layers[0].weightChange - 0.5,
    ) < 1e-5,
  );
  disposeEncoder(enc);
});
