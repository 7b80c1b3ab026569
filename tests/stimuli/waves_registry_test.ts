import assert from "node:assert/strict";
import { simulateWaves, WAVE_MODELS, waveModel } from "../../src/stimuli/waves/registry.ts";
import { InputError } from "../../src/util/errors.ts";

Deno.test("registry: every model streams frames through one interface", () => {
  for (const name of Object.keys(WAVE_MODELS)) {
    const model = waveModel(name);
    assert.ok(model.secondsPerFrame > 0);
    assert.equal(model.defaults(32).size, 32);
    const movie = simulateWaves(name, {
      frames: 20,
      seed: 1,
      size: 16,
      ...(name === "teh" ? {} : { warmup: 1 }),
    });
    assert.equal(movie.data.length, 20 * 256);
    const sim = model.stream({ seed: 1, size: 16, ...(name === "teh" ? {} : { warmup: 1 }) });
    assert.ok(sim.micronsPerPixel > 0);
    const buf = new Uint8Array(20 * 256);
    sim.read(buf, 20);
    assert.deepEqual(buf, movie.data);
  }
  assert.throws(
    () => waveModel("nope"),
    /unknown wave model 'nope' \(known: teh, godfrey, lansdell\)/,
  );
  assert.throws(() => simulateWaves("teh", { frames: -1, seed: 1 }), InputError);
  assert.throws(() => waveModel("toString"), InputError);
});
