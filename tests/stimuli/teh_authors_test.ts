import assert from "node:assert/strict";
import { createTehTsEngine, EVENT_END } from "../../src/stimuli/waves/_teh_engine.ts";
import { tehParams, tehThresholds } from "../../src/stimuli/waves/teh.ts";
import { tehAuthorsSigma } from "../../src/stimuli/waves/teh_bias.ts";

// The authors' generator (datasets/retinal_waves_generation_Teh_et_al.py, run unchanged
// but for plotting, with a_init = (32, 40) and a_ai = (32, 8), i.e. θ′ = 0), measured on
// this machine: median distinct cells covered per wave and median frames per wave.
const AUTHORS_FIXED_START = { waves: 12, cells: 1274.5, frames: 57.5 };

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

Deno.test("teh waves at the authors' settings match the authors' generator per wave", () => {
  const sigma = tehAuthorsSigma();
  assert.ok(Math.abs(sigma - 1.7258) < 1e-3, `σ ${sigma}`);
  const thresholds = tehThresholds(0, tehParams({ sigma, wrapAngles: false }));
  const n = 64 * 64;
  const cells: number[] = [], frames: number[] = [];
  for (let seed = 1; seed <= 200; seed++) {
    const engine = createTehTsEngine({
      size: 64,
      seed,
      tauIEI: 60,
      nV: 1,
      tWave: 1,
      tauOn: 0,
      tauOff: 2,
      carry: false,
    });
    const plan = new Int32Array(9);
    plan[0] = 32 * 64 + 40;
    plan.set(thresholds, 1);
    engine.load(plan, 1);
    const seen = new Uint8Array(n);
    for (let t = 0, done = false; !done && t < 2000;) {
      const got = engine.run(t, 16);
      for (let i = 0; i < got * n; i++) if (engine.output[i]) seen[i % n] = 1;
      t += got;
      const events = engine.events();
      for (let e = 0; e < events.length; e += 3) {
        if (events[e] !== EVENT_END) continue;
        cells.push(seen.reduce((a, b) => a + b, 0));
        frames.push(events[e + 1] + 1);
        done = true;
      }
    }
  }
  const c = median(cells), f = median(frames);
  assert.ok(Math.abs(c / AUTHORS_FIXED_START.cells - 1) <= 0.25, `median cells ${c}`);
  assert.ok(Math.abs(f / AUTHORS_FIXED_START.frames - 1) <= 0.25, `median frames ${f}`);
});
