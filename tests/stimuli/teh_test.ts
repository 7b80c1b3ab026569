import assert from "node:assert/strict";
import { simulateTeh, tehParams, tehStream, tehThresholds } from "../../src/stimuli/waves/teh.ts";
import { InputError } from "../../src/util/errors.ts";

Deno.test("teh: WASM kernel and TS reference give byte-identical frames and waves", () => {
  for (
    const opts of [
      { seed: 1 },
      { seed: 7, directional: false },
      { seed: 3, size: 40, nV: 2, q: 4, carryRefractory: true, tauIEI: 20 },
      { seed: 5, size: 33, tWave: 2, tauOff: 3, wrapAngles: false },
    ]
  ) {
    const a = simulateTeh({ ...opts, frames: 600, engine: "wasm" });
    const b = simulateTeh({ ...opts, frames: 600, engine: "ts" });
    assert.equal(a.data.length, b.data.length);
    assert.ok(a.data.every((v, i) => v === b.data[i]), `frames differ for ${JSON.stringify(opts)}`);
    assert.deepEqual(a.waves, b.waves);
    assert.ok(a.waves.length >= 3, `only ${a.waves.length} waves`);
    assert.ok(a.data.some((v) => v === 1));
  }
});

Deno.test("teh: same seed → same output, streaming equals in-memory", () => {
  const a = simulateTeh({ seed: 11, frames: 300 });
  const b = simulateTeh({ seed: 11, frames: 300 });
  assert.deepEqual(a.data, b.data);
  const c = simulateTeh({ seed: 12, frames: 300 });
  assert.notDeepEqual(a.data, c.data);
  const sim = tehStream({ seed: 11 });
  const chunk = new Uint8Array(7 * 64 * 64);
  const parts: Uint8Array[] = [];
  for (let f = 0; f < 294; f += 7) {
    sim.read(chunk, 7);
    parts.push(chunk.slice());
  }
  const joined = new Uint8Array(294 * 4096);
  parts.forEach((p, i) => joined.set(p, i * 7 * 4096));
  assert.deepEqual(joined, a.data.subarray(0, 294 * 4096));
});

Deno.test("teh: waves follow the model (ON/OFF timing, sizes, directional bias)", () => {
  const { data, waves, size } = simulateTeh({ seed: 2, frames: 4000 });
  const n = size * size;
  // Waves tile the recording back to back; each lasts ≥ 4 frames (ON 2 + OFF 2).
  for (let i = 1; i < waves.length - 1; i++) {
    assert.equal(waves[i].startFrame, waves[i - 1].endFrame + 1);
    assert.ok(waves[i].endFrame - waves[i].startFrame >= 3);
  }
  // The first frame of a wave shows exactly its start cell.
  const w = waves[3];
  const first = data.subarray(w.startFrame * n, (w.startFrame + 1) * n);
  assert.equal(first.reduce((s, v) => s + v, 0), 1);
  assert.equal(first[w.start[0] * size + w.start[1]], 1);
  // Directional: the nose is at column 8, so most waves travel towards +col (direction ≈ 0).
  const cos = waves.map((x) => Math.cos(x.direction));
  const meanCos = cos.reduce((s, v) => s + v, 0) / cos.length;
  assert.ok(meanCos > 0.5, `mean cos ${meanCos}`);
  const und = simulateTeh({ seed: 2, frames: 4000, directional: false }).waves;
  const undCos = und.reduce((s, x) => s + Math.cos(x.direction), 0) / und.length;
  assert.ok(Math.abs(undCos) < 0.25, `undirectional mean cos ${undCos}`);
  const big = waves.filter((x) => x.cells > 300).length;
  assert.ok(big > waves.length / 4, "too few large waves");
});

Deno.test("teh: propagation probabilities sum to q and peak along the wave", () => {
  const p = tehParams({});
  const thr = tehThresholds(0, p);
  const total = thr.reduce((s, v) => s + v, 0) / 2 ** 24;
  assert.ok(Math.abs(total - 2.4) < 1e-5);
  assert.equal(Math.max(...thr), thr[0]);
  assert.equal(thr[1], thr[7]);
});

Deno.test("teh: bad parameters are InputErrors", () => {
  assert.throws(() => simulateTeh({ seed: 1, frames: -1 }), InputError);
  assert.throws(() => simulateTeh({ seed: 1, frames: 5, size: -4 }), InputError);
  assert.throws(() => simulateTeh({ seed: 1, frames: 5, sigma: 0 }), InputError);
  assert.throws(() => simulateTeh({ seed: 1, frames: 5, tauIEI: 2 }), InputError);
  assert.throws(() => simulateTeh({ seed: NaN, frames: 5 }), InputError);
});
