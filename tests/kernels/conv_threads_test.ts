/**
 * Our shared-memory convolution module (kernels/src/_conv_threads.ts), both builds
 * (relaxed-SIMD FMA and plain SIMD), against direct float64 loops: every output mode of
 * `conv`, `filterGrad`, `pointwise` and `channelSums`, over kernel sizes 1/3/5, widths that
 * leave every tile remainder, channel counts that are and are not multiples of 4, and one
 * or two threads of the pool (same results).
 */
import assert from "node:assert/strict";
import { wasmBytes as relaxedBytes } from "../../kernels/generated/conv_threads.ts";
import { wasmBytes as plainBytes } from "../../kernels/generated/conv_threads_simd.ts";
import { Layout, packFilter, type Padded, sumParts } from "../../src/backend/wasm/_padded.ts";
import { FILTER_GRAD_PARTS as PARTS } from "../../src/backend/wasm/_conv_plan.ts";
import {
  domainSize,
  F2,
  F4,
  packWinogradFilter,
  scratchFloats,
  winogradFilterBack,
} from "../../src/backend/wasm/_winograd.ts";
import {
  poolInfo,
  runJob,
  sharedMemory,
  startThreads,
  stopThreads,
} from "../../src/backend/wasm/threads/pool.ts";
import { Rng } from "../../src/util/rng.ts";

type Exports = Record<string, (...a: number[]) => void>;

/**
 * The module's exports, each called as the pool does on one thread: with the work counter
 * of dynamically shared jobs (Int32 6 of the control block) zeroed first.
 */
function instantiate(bytes: Uint8Array, memory: WebAssembly.Memory): Exports {
  const mod = new WebAssembly.Module(bytes as BufferSource);
  const raw = new WebAssembly.Instance(mod, { env: { memory, abort: () => {} } })
    .exports as Exports;
  const wrapped: Exports = {};
  for (const [name, fn] of Object.entries(raw)) {
    wrapped[name] = (...args: number[]) => {
      new Int32Array(memory.buffer, 0, 8)[6] = 0;
      fn(...args);
    };
  }
  return wrapped;
}

function random(rng: Rng, n: number): Float32Array {
  return Float32Array.from({ length: n }, () => rng.range(-1, 1));
}

/** out[i, y, x, co] = Σ x[i, y+ky−p, x+kx−p, ci]·w[ky, kx, ci, co] (zero outside). */
function refConv(x: Float32Array, w: Float32Array, s: Geo, cout: number): Float64Array {
  const { n, h, wd, cin, k } = s, p = (k - 1) >> 1;
  const out = new Float64Array(n * h * wd * cout);
  for (let i = 0; i < n; i++) {
    for (let y = 0; y < h; y++) {
      for (let xx = 0; xx < wd; xx++) {
        for (let co = 0; co < cout; co++) {
          let acc = 0;
          for (let ky = 0; ky < k; ky++) {
            for (let kx = 0; kx < k; kx++) {
              const yy = y + ky - p, xs = xx + kx - p;
              if (yy < 0 || yy >= h || xs < 0 || xs >= wd) continue;
              for (let ci = 0; ci < cin; ci++) {
                acc += x[((i * h + yy) * wd + xs) * cin + ci] *
                  w[((ky * k + kx) * cin + ci) * cout + co];
              }
            }
          }
          out[((i * h + y) * wd + xx) * cout + co] = acc;
        }
      }
    }
  }
  return out;
}

/** dw[ky, kx, ci, co] = Σ x[i, y+ky−p, x+kx−p, ci]·g[i, y, x, co] (zero outside). */
function refFilterGrad(x: Float32Array, g: Float32Array, s: Geo, cout: number): Float64Array {
  const { n, h, wd, cin, k } = s, p = (k - 1) >> 1;
  const dw = new Float64Array(k * k * cin * cout);
  for (let i = 0; i < n; i++) {
    for (let y = 0; y < h; y++) {
      for (let xx = 0; xx < wd; xx++) {
        for (let ky = 0; ky < k; ky++) {
          for (let kx = 0; kx < k; kx++) {
            const yy = y + ky - p, xs = xx + kx - p;
            if (yy < 0 || yy >= h || xs < 0 || xs >= wd) continue;
            for (let ci = 0; ci < cin; ci++) {
              const xv = x[((i * h + yy) * wd + xs) * cin + ci];
              for (let co = 0; co < cout; co++) {
                dw[((ky * k + kx) * cin + ci) * cout + co] += xv *
                  g[((i * h + y) * wd + xx) * cout + co];
              }
            }
          }
        }
      }
    }
  }
  return dw;
}

interface Geo {
  n: number;
  h: number;
  wd: number;
  cin: number;
  k: number;
}

function maxRelError(got: ArrayLike<number>, want: ArrayLike<number>): number {
  let err = 0, scale = 0;
  for (let i = 0; i < want.length; i++) {
    err = Math.max(err, Math.abs(got[i] - want[i]));
    scale = Math.max(scale, Math.abs(want[i]));
  }
  return err / Math.max(scale, 1e-30);
}

/** Reference layout (the library pads with its `repad` job): copies n·h·w·c floats of `src` (from `from`) into the interior of `b`, zeroing the border. */
function fillPadded(heap: Float32Array, b: Padded, src: Float32Array, from = 0): void {
  const { n, h, w, c, pad } = b;
  const row = w * c, prow = (w + 2 * pad) * c, img = (h + 2 * pad) * prow;
  let s = from;
  for (let i = 0; i < n; i++) {
    const base = b.at / 4 + i * img;
    heap.fill(0, base, base + pad * prow);
    for (let y = 0; y < h; y++) {
      const r = base + (y + pad) * prow;
      if (pad) heap.fill(0, r, r + pad * c);
      heap.set(src.subarray(s, s + row), r + pad * c);
      if (pad) heap.fill(0, r + pad * c + row, r + prow);
      s += row;
    }
    heap.fill(0, base + (h + pad) * prow, base + img);
  }
}

function interior(heap: Float32Array, b: Padded): Float32Array {
  const out = new Float32Array(b.n * b.h * b.w * b.c);
  const prow = (b.w + 2 * b.pad) * b.c, img = (b.h + 2 * b.pad) * prow;
  let o = 0;
  for (let i = 0; i < b.n; i++) {
    for (let y = 0; y < b.h; y++) {
      const r = b.at / 4 + i * img + (y + b.pad) * prow + b.pad * b.c;
      out.set(heap.subarray(r, r + b.w * b.c), o);
      o += b.w * b.c;
    }
  }
  return out;
}

/** What both kernel tests start from: random data laid out on a fresh shared memory. */
function fixture(bytes: Uint8Array, cs: Geo & { cout: number; outPad: boolean }, seed: number) {
  const memory = new WebAssembly.Memory({ initial: 64, maximum: 32768, shared: true });
  const ex = instantiate(bytes, memory);
  const rng = new Rng(seed);
  const { n, h, wd, cin, k, cout } = cs, p = (k - 1) >> 1, q = cs.outPad ? p : 0;
  const x = random(rng, n * h * wd * cin), w = random(rng, k * k * cin * cout);
  const bias = random(rng, cout), start = random(rng, n * h * wd * cout);
  const aux = random(rng, n * h * wd * cout);
  const lay = new Layout();
  const xp = lay.padded(n, h, wd, cin, p), op = lay.padded(n, h, wd, cout, q);
  const ap = lay.padded(n, h, wd, cout, q), bAt = lay.floats(cout);
  lay.commit();
  const heap = () => new Float32Array(memory.buffer);
  fillPadded(heap(), xp, x);
  fillPadded(heap(), ap, aux);
  heap().set(bias, bAt / 4);
  const ref = refConv(x, w, cs, cout);
  /** Expected outputs of the three output modes (store + bias, tanh, tanh derivative). */
  const wants: [string, (i: number) => number][] = [
    ["store + bias", (i) => ref[i] + bias[i % cout]],
    ["tanh(out + conv)", (i) => Math.tanh(start[i] + ref[i])],
    ["(out + conv)(1 − aux²)", (i) => (start[i] + ref[i]) * (1 - aux[i] ** 2)],
  ];
  return { memory, ex, heap, lay, q, x, w, start, aux, xp, op, ap, bAt, wants };
}

const BUILDS: [string, Uint8Array][] = [["plain SIMD", plainBytes]];
if (WebAssembly.validate(relaxedBytes as BufferSource)) BUILDS.push(["relaxed FMA", relaxedBytes]);

const CASES: (Geo & { cout: number; outPad: boolean })[] = [
  { n: 2, h: 5, wd: 7, cin: 3, k: 3, cout: 8, outPad: true },
  { n: 1, h: 4, wd: 13, cin: 8, k: 5, cout: 16, outPad: false },
  { n: 3, h: 3, wd: 11, cin: 1, k: 1, cout: 24, outPad: true },
  { n: 2, h: 6, wd: 9, cin: 12, k: 3, cout: 32, outPad: false },
];

for (const [build, bytes] of BUILDS) {
  for (const cs of CASES) {
    const label = `k=${cs.k} ${cs.n}×${cs.h}×${cs.wd}×${cs.cin}→${cs.cout}`;
    Deno.test(`conv_threads (${build}): conv modes, filterGrad, sums match float64 (${label})`, () => {
      const f = fixture(bytes, cs, cs.k * 100 + cs.cout);
      const { memory, ex, heap, lay, q, x, w, start, aux, xp, op, ap, bAt } = f;
      const { n, h, wd, cin, k, cout } = cs;
      const wAt = lay.floats(w.length), dwAt = lay.floats(PARTS * w.length);
      const sAt = lay.floats(2 * cout);
      lay.commit();
      packFilter(heap(), wAt, w, k, cin, cout);
      const args = (mode: number) => [
        xp.at,
        cin,
        wAt,
        cout,
        op.at,
        q,
        mode === 0 ? bAt : 0,
        ap.at,
        mode,
        n,
        h,
        wd,
        k,
        0,
        1,
      ];
      f.wants.forEach(([name, want], mode) => {
        fillPadded(heap(), op, start);
        ex.conv(...args(mode));
        const got = interior(heap(), op);
        const err = maxRelError(got, Float64Array.from(got, (_, i) => want(i)));
        assert.ok(err <= 1e-5, `${name}: relative error ${err}`);
      });

      // Filter gradient of the same conv with g = start (as an output-shaped tensor).
      fillPadded(heap(), op, start);
      heap().fill(0, dwAt / 4, dwAt / 4 + PARTS * w.length);
      ex.filterGrad(xp.at, cin, op.at, cout, q, dwAt, n, h, wd, k, 0, 1);
      const dwGot = new Float32Array(w.length);
      sumParts(heap(), dwAt, w.length, PARTS, dwGot);
      const dw = refFilterGrad(x, start, cs, cout);
      const dwErr = maxRelError(dwGot, dw);
      assert.ok(dwErr <= 1e-5, `filterGrad: relative error ${dwErr}`);

      ex.channelSums(op.at, cout, q, n, h, wd, sAt, 0, 1);
      const sums = new Float64Array(memory.buffer, sAt, cout);
      const want = new Float64Array(cout);
      start.forEach((v, i) => want[i % cout] += v);
      assert.ok(maxRelError(sums, want) <= 1e-6, "channelSums");

      fillPadded(heap(), op, start);
      ex.pointwise(op.at, 0, cout, q, n, h, wd, 0, 0, 1);
      const t = interior(heap(), op);
      assert.ok(maxRelError(t, Float64Array.from(start, Math.tanh)) <= 1e-6, "pointwise tanh");
      fillPadded(heap(), op, start);
      ex.pointwise(op.at, ap.at, cout, q, n, h, wd, 1, 0, 1);
      const d = interior(heap(), op);
      const dWant = Float64Array.from(start, (v, i) => v * (1 - aux[i] ** 2));
      assert.ok(maxRelError(d, dWant) <= 1e-6, "pointwise tanh derivative");
    });
  }
}

Deno.test("conv_threads pool: two threads give the same conv and filter gradient as one, also with work in between", async () => {
  const { n, h, wd, cin, k, cout } = { n: 3, h: 7, wd: 10, cin: 8, k: 3, cout: 16 };
  const rng = new Rng(7);
  const x = random(rng, n * h * wd * cin), w = random(rng, k * k * cin * cout);
  const results: Float32Array[][] = [];
  try {
    for (const threads of [1, 2]) {
      const running = await startThreads(threads);
      assert.equal(running, poolInfo().threads);
      const lay = new Layout();
      const xp = lay.padded(n, h, wd, cin, 1), op = lay.padded(n, h, wd, cout, 0);
      const wAt = lay.floats(w.length), dwAt = lay.floats(PARTS * w.length);
      let heap = lay.commit();
      fillPadded(heap, xp, x);
      packFilter(heap, wAt, w, k, cin, cout);
      heap.fill(0, dwAt / 4, dwAt / 4 + PARTS * w.length);
      // The filter gradient starts while this thread is still busy (the workers then take
      // more of its rows): its sums must not change.
      let ran = 0;
      runJob("conv", [xp.at, cin, wAt, cout, op.at, 0, 0, 0, 0, n, h, wd, k]);
      runJob("filterGrad", [xp.at, cin, op.at, cout, 0, dwAt, n, h, wd, k], () => {
        ran++;
        const start = performance.now();
        while (performance.now() - start < 5) ran += 0;
      });
      assert.equal(ran, 1, "the work in between runs once");
      heap = new Float32Array(sharedMemory().buffer);
      const dw = new Float32Array(w.length);
      sumParts(heap, dwAt, w.length, PARTS, dw);
      results.push([heap.slice(op.at / 4, op.at / 4 + n * h * wd * cout), dw]);
    }
  } finally {
    stopThreads();
  }
  // Fixed partials claimed by any thread: identical sums, not merely close ones.
  assert.deepEqual(results[1][0], results[0][0]);
  assert.deepEqual(results[1][1], results[0][1]);
});

/**
 * Max |error| / max |value| allowed against float64: 1e-5 for every kernel here except
 * F(4×4, 3×3), whose larger transform constants cost about one more digit in float32
 * (measured 2–6e-6 on plain convs, up to 5e-5 after the tanh stage).
 */
const TOLERANCE_F2 = 1e-5, TOLERANCE_F4 = 1e-4;

const WINO: (Geo & { cout: number; outPad: boolean })[] = [
  { n: 2, h: 4, wd: 6, cin: 4, k: 3, cout: 8, outPad: true },
  { n: 2, h: 4, wd: 8, cin: 4, k: 3, cout: 8, outPad: true },
  { n: 1, h: 8, wd: 14, cin: 8, k: 3, cout: 16, outPad: false },
  { n: 1, h: 8, wd: 12, cin: 12, k: 3, cout: 24, outPad: false },
  { n: 2, h: 6, wd: 10, cin: 12, k: 3, cout: 24, outPad: true },
  { n: 2, h: 20, wd: 20, cin: 8, k: 3, cout: 16, outPad: true },
  { n: 1, h: 4, wd: 32, cin: 32, k: 3, cout: 32, outPad: false },
  { n: 1, h: 12, wd: 32, cin: 32, k: 3, cout: 32, outPad: false },
];

for (const [build, bytes] of BUILDS) {
  for (const v of [F2, F4]) {
    for (const cs of WINO.filter((c) => c.h % v.m === 0 && c.wd % v.m === 0)) {
      const label = `${cs.n}×${cs.h}×${cs.wd}×${cs.cin}→${cs.cout}`;
      const name = `F(${v.m}×${v.m}, 3×3)`;
      Deno.test(`conv_threads (${build}): Winograd ${name} conv (every mode) and filter gradient match float64 (${label})`, () => {
        const f = fixture(bytes, cs, cs.wd * 10 + cs.cin);
        const { ex, heap, lay, q, x, w, start, xp, op, ap, bAt } = f;
        const { n, h, wd, cin, cout } = cs, size = domainSize(v) * cin * cout;
        const TOLERANCE = v === F4 ? TOLERANCE_F4 : TOLERANCE_F2;
        const uAt = lay.floats(size);
        const scratch = lay.floats(scratchFloats(v, h, wd, cin, cout, true)); // ≥ the conv's
        // F(4×4, 3×3) also reads x unpadded (xPad 0: the border read as zeros).
        const dense = lay.floats(n * h * wd * cin);
        lay.commit();
        heap().set(x, dense / 4);
        packWinogradFilter(v, heap(), uAt, w, cin, cout);
        const inputs: [string, number[]][] = v === F4
          ? [["x padded", [xp.at, 1]], ["x unpadded", [dense, 0]]]
          : [["x padded", [xp.at]]];
        for (const [input, xArgs] of inputs) {
          f.wants.forEach(([mode_, want], mode) => {
            fillPadded(heap(), op, start);
            const bias = mode === 0 ? bAt : 0;
            ex[v.conv](
              ...xArgs,
              cin,
              uAt,
              cout,
              op.at,
              q,
              bias,
              ap.at,
              mode,
              n,
              h,
              wd,
              scratch,
              0,
              1,
            );
            const got = interior(heap(), op);
            const err = maxRelError(got, Float64Array.from(got, (_, i) => want(i)));
            assert.ok(err <= TOLERANCE, `${input}, ${mode_}: relative error ${err}`);
          });
          // Filter gradient in the Winograd domain against float64 loops (g = start).
          fillPadded(heap(), op, start);
          const duAt = lay.floats(PARTS * size);
          lay.commit();
          heap().fill(0, duAt / 4, duAt / 4 + PARTS * size);
          ex[v.filterGrad](...xArgs, cin, op.at, cout, q, duAt, n, h, wd, scratch, 0, 1);
          const du = new Float32Array(size);
          sumParts(heap(), duAt, size, PARTS, du);
          const dw = new Float32Array(9 * cin * cout);
          winogradFilterBack(v, du, cin, cout, dw);
          const dwErr = maxRelError(dw, refFilterGrad(x, start, cs, cout));
          assert.ok(dwErr <= TOLERANCE, `${input}, ${v.filterGrad}: relative error ${dwErr}`);
        }
        if (cin % 8 === 0) {
          // The input-gradient filter (flipped, in/out swapped): same as the direct conv's.
          const gp = lay.padded(n, h, wd, cout, 1), dx1 = lay.padded(n, h, wd, cin, 0);
          const dx2 = lay.padded(n, h, wd, cin, 0), fAt = lay.floats(9 * cin * cout);
          const u2 = lay.floats(size);
          const scratch2 = lay.floats(scratchFloats(v, h, wd, cout, cin));
          lay.commit();
          fillPadded(heap(), gp, start);
          packFilter(heap(), fAt, w, 3, cin, cout, true);
          packWinogradFilter(v, heap(), u2, w, cin, cout, true);
          ex.conv(gp.at, cout, fAt, cin, dx1.at, 0, 0, 0, 0, n, h, wd, 3, 0, 1);
          const gArgs = v === F4 ? [gp.at, 1] : [gp.at];
          ex[v.conv](...gArgs, cout, u2, cin, dx2.at, 0, 0, 0, 0, n, h, wd, scratch2, 0, 1);
          const a = interior(heap(), dx1), b = interior(heap(), dx2);
          assert.ok(maxRelError(b, a) <= TOLERANCE, "flipped filter");
        }
      });
    }
  }
}
