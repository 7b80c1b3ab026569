import assert from "node:assert/strict";
import { CORRIDOR_LEVELS, renderCorridorView } from "../../src/stimuli/corridor_view.ts";
import { InputError } from "../../src/util/errors.ts";

/** Per-pixel mean squared error of three model-free predictions over a movie. */
function costs(m: Float32Array, frames: number, n: number) {
  let grey = 0, dark = 0, copy = 0;
  for (let i = 0; i < m.length; i++) {
    grey += (m[i] - 0.5) ** 2;
    dark += m[i] ** 2;
  }
  for (let f = 1; f < frames; f++) {
    for (let i = 0; i < n; i++) copy += (m[f * n + i] - m[(f - 1) * n + i]) ** 2;
  }
  return { grey: grey / m.length, dark: dark / m.length, copy: copy / ((frames - 1) * n) };
}

Deno.test("corridor view: calibrated like the authors' frames (SCIENCE.md §1)", () => {
  for (const size of [32, 64]) {
    const frames = 120;
    const m = renderCorridorView({ frames, width: size, height: size, seed: 4 });
    const c = costs(m, frames, size * size);
    // A uniform grey costs ≈ 0.14 per pixel (an untrained network's 623 / 4096 ≈ 0.15);
    // an all-dark frame costs no more than grey; consecutive frames differ by ≤ 0.01.
    assert.ok(c.grey > 0.1 && c.grey < 0.18, `grey ${c.grey}`);
    assert.ok(c.dark <= c.grey, `dark ${c.dark} > grey ${c.grey}`);
    assert.ok(c.copy <= 0.01, `copy-last ${c.copy}`);
  }
});

Deno.test("corridor view: the authors' layout — sky top-left, dark floor, bright cues on the right wall", () => {
  const size = 64;
  const m = renderCorridorView({ frames: 1, width: size, height: size, seed: 2 });
  const at = (r: number, c: number) => m[r * size + c];
  assert.ok(Math.abs(at(2, 2) - CORRIDOR_LEVELS.sky) < 0.02, `sky ${at(2, 2)}`);
  assert.ok(at(62, 4) < 0.1, `floor ${at(62, 4)}`);
  let bright = 0;
  for (let r = 0; r < size; r++) for (let c = 48; c < size; c++) if (at(r, c) > 0.6) bright++;
  assert.ok(bright > 50, `only ${bright} bright cue pixels on the near wall`);
});

Deno.test("corridor view: deterministic per seed, different across seeds; bad input is an InputError", () => {
  const a = renderCorridorView({ frames: 3, width: 16, height: 16, seed: 1 });
  assert.deepEqual(a, renderCorridorView({ frames: 3, width: 16, height: 16, seed: 1 }));
  assert.notDeepEqual(a, renderCorridorView({ frames: 3, width: 16, height: 16, seed: 2 }));
  assert.throws(() => renderCorridorView({ frames: 3, seed: 1, supersample: 0 }), InputError);
  assert.throws(() => renderCorridorView({ frames: 3, seed: 1, speed: -1 }), InputError);
  assert.throws(() => renderCorridorView({ frames: 10_000, seed: 1, speed: 1 }), InputError);
});
