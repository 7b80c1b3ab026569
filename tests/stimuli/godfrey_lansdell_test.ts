import assert from "node:assert/strict";
import { GODFREY_PRESETS, simulateGodfrey } from "../../src/stimuli/waves/godfrey.ts";
import {
  lansdellParams,
  lansdellStep,
  simulateLansdell,
} from "../../src/stimuli/waves/lansdell.ts";
import { hexLattice } from "../../src/stimuli/waves/_lattice.ts";
import { InputError } from "../../src/util/errors.ts";

const same = (a: Uint8Array, b: Uint8Array) =>
  a.length === b.length && a.every((v, i) => v === b[i]);

Deno.test("godfrey: WASM kernel and TS reference give identical frames (mouse, ferret, odd sizes)", () => {
  for (
    const opts of [{ seed: 1 }, { seed: 2, species: "ferret" as const, size: 30 }, {
      seed: 3,
      size: 21,
      field: 700,
    }]
  ) {
    const a = simulateGodfrey({ ...opts, frames: 300, warmup: 2, engine: "wasm" });
    const b = simulateGodfrey({ ...opts, frames: 300, warmup: 2, engine: "ts" });
    assert.ok(same(a.data, b.data), `godfrey frames differ for ${JSON.stringify(opts)}`);
    assert.ok(a.data.some((v) => v === 1), "no activity at all");
    assert.deepEqual(a.waves, b.waves);
  }
});

Deno.test("godfrey: waves propagate across the lattice after warm-up", () => {
  const m = simulateGodfrey({ seed: 2, size: 32, frames: 4000, warmup: 60 });
  const big = m.waves.filter((w) => w.cells >= 100);
  assert.ok(big.length >= 1, `no large waves (${m.waves.length} events)`);
  // A large wave takes many frames: it propagates, it does not appear at once.
  assert.ok(big.every((w) => w.endFrame < 0 || w.endFrame - w.startFrame > 20));
  const same2 = simulateGodfrey({ seed: 2, size: 32, frames: 200, warmup: 60 });
  assert.deepEqual(same2.data, m.data.subarray(0, 200 * 1024));
});

Deno.test("godfrey: hexagonal lattice geometry and coupling", () => {
  const lat = hexLattice(34 * 10, 34, 90, 10);
  assert.equal(lat.cells % 4, 0);
  // Coupling is symmetric and the nearest neighbours (34 µm) overlap most.
  const w = new Map<string, number>();
  for (let i = 0; i < lat.real; i++) {
    for (let e = lat.offsets[i]; e < lat.offsets[i + 1]; e++) {
      w.set(`${i},${lat.neighbours[e]}`, lat.weights[e]);
    }
  }
  for (const [key, value] of w) {
    const [i, j] = key.split(",");
    assert.equal(w.get(`${j},${i}`), value);
  }
  const max = Math.max(...lat.weights);
  assert.ok(max > 700 && max < 1024, `max overlap weight ${max}`);
  assert.throws(() => simulateGodfrey({ seed: 1, frames: 5, radius: -1 }), InputError);
  assert.throws(
    () => simulateGodfrey({ seed: 1, frames: 5, species: "cat" as "mouse" }),
    InputError,
  );
  assert.ok(GODFREY_PRESETS.ferret.radius > GODFREY_PRESETS.mouse.radius);
});

Deno.test("lansdell: WASM kernel and TS reference give identical frames (incl. non-multiple-of-4 grids)", () => {
  for (const opts of [{ seed: 1, size: 24 }, { seed: 4, size: 37, diffusion: 4000 }]) {
    const a = simulateLansdell({ ...opts, frames: 120, warmup: 2, engine: "wasm" });
    const b = simulateLansdell({ ...opts, frames: 120, warmup: 2, engine: "ts" });
    assert.ok(same(a.data, b.data), `lansdell frames differ for ${JSON.stringify(opts)}`);
    assert.ok(a.data.some((v) => v === 1), "no activity");
  }
});

Deno.test("lansdell: stable step, recurring propagating waves, validation", () => {
  const p = lansdellParams({ diffusion: 1e5 });
  const { dt } = lansdellStep(p);
  assert.ok((dt * p.diffusion) / p.spacing ** 2 <= 0.2 + 1e-12);
  const m = simulateLansdell({ seed: 2, size: 32, frames: 3000, warmup: 60 });
  const big = m.waves.filter((w) => w.cells >= 100);
  assert.ok(big.length >= 2, `only ${big.length} large waves`);
  assert.ok(m.data.every((v) => v === 0 || v === 1));
  assert.throws(() => simulateLansdell({ seed: 1, frames: 5, a: 2 }), InputError);
  assert.throws(() => simulateLansdell({ seed: 1, frames: 5, tauS: 0 }), InputError);
});

Deno.test("godfrey: wave sizes vary — most waves stop on refractory territory, not at the field edge", () => {
  // ferret waves recur less often (≈ 1.2/min against ≈ 2/min): simulate 10 min instead of 6
  for (const [species, frames] of [["mouse", 14400], ["ferret", 24000]] as const) {
    const m = simulateGodfrey({ seed: 1, species, frames, warmup: 120, track: true });
    const sizes = m.waves.filter((w) => w.cells >= 20).map((w) => w.cells).sort((a, b) => a - b);
    assert.ok(sizes.length >= 5, `${species}: only ${sizes.length} waves in ${frames / 2400} min`);
    const median = sizes[Math.floor(sizes.length / 2)];
    assert.ok(median < 0.5 * 4096, `${species}: median wave ${median} cells of 4096`);
    assert.ok(sizes[sizes.length - 1] > 4 * median, `${species}: sizes do not vary: ${sizes}`);
  }
});
