/**
 * Each of our wasm kernels against the CPU backend over a grid of shapes, strides,
 * paddings (same, valid, a number, explicit arrays) and dilations: relative error ≤ 1e-4.
 */
import assert from "node:assert/strict";
import { tf } from "../../src/backend/tf.ts";
import { setQuiet } from "../../src/util/log.ts";
import { type InputSpec, makeInputs, relativeError, runOn } from "./_compare.ts";
import { useBackend } from "../../src/backend/mod.ts";
import { reference } from "./_reference.ts";

setQuiet(true);

type Pad = "same" | "valid" | number | number[][];
const PADS: Pad[] = ["same", "valid", 1, [[0, 0], [1, 0], [2, 1], [0, 0]]];
const GEOMETRIES = [
  { n: 2, h: 5, w: 5, fh: 3, fw: 3 },
  { n: 1, h: 7, w: 6, fh: 2, fw: 3 },
  { n: 2, h: 4, w: 9, fh: 1, fw: 1 },
  { n: 1, h: 8, w: 8, fh: 5, fw: 4 },
];
const STRIDES: (number | [number, number])[] = [1, 2, [2, 1], 3];

/** The output geometry of a conv, or null when tfjs rejects the combination. */
function outShape(
  g: typeof GEOMETRIES[number],
  c: number,
  strides: number | [number, number],
  dilations: number | [number, number],
  pad: Pad,
  depthwise: boolean,
  m = 1,
) {
  try {
    const info = tf.backend_util.computeConv2DInfo(
      [g.n, g.h, g.w, c],
      [g.fh, g.fw, c, m],
      strides,
      dilations,
      pad as "same",
      "floor",
      depthwise,
    );
    if (info.outHeight <= 0 || info.outWidth <= 0) return null;
    return info;
  } catch {
    return null;
  }
}

async function check(
  kernel: string,
  specs: Record<string, InputSpec>,
  attrs: object,
  seed: number,
) {
  const inputs = makeInputs(specs, seed);
  const ref = await reference(kernel, inputs, attrs as Record<string, unknown>);
  const got = await runOn("wasm", kernel, inputs, attrs as Record<string, unknown>);
  assert.deepEqual(got.shape, ref.shape, `${kernel} ${JSON.stringify(attrs)}: shape`);
  const err = relativeError(got.values, ref.values);
  assert.ok(err <= 1e-4, `${kernel} ${JSON.stringify({ specs, attrs })}: relative error ${err}`);
  return 1;
}

Deno.test("wasm Conv2DBackpropInput and Conv2DBackpropFilter match the cpu backend", async () => {
  let cases = 0;
  for (const g of GEOMETRIES) {
    for (const strides of STRIDES) {
      for (const pad of PADS) {
        const ci = 2, co = 3;
        const info = outShape(g, ci, strides, 1, pad, false, co);
        if (!info) continue;
        const dyShape = [g.n, info.outHeight, info.outWidth, co];
        const common = { strides, pad, dimRoundingMode: "floor", dataFormat: "NHWC" };
        cases += await check(
          "Conv2DBackpropInput",
          { dy: { shape: dyShape }, filter: { shape: [g.fh, g.fw, ci, co] } },
          { ...common, inputShape: [g.n, g.h, g.w, ci] },
          cases,
        );
        cases += await check(
          "Conv2DBackpropFilter",
          { x: { shape: [g.n, g.h, g.w, ci] }, dy: { shape: dyShape } },
          { ...common, filterShape: [g.fh, g.fw, ci, co] },
          cases,
        );
      }
    }
  }
  assert.ok(cases >= 80, `only ${cases} cases ran`);
});

Deno.test("wasm depthwise backprops match the cpu backend (strides, dilations, multipliers)", async () => {
  let cases = 0;
  const dilationsGrid: (number | [number, number])[] = [1, 2, [1, 2]];
  for (const g of GEOMETRIES) {
    for (const strides of [1, 2, [1, 2]] as (number | [number, number])[]) {
      for (const dilations of dilationsGrid) {
        for (const pad of PADS) {
          for (const m of [1, 2]) {
            const c = 3;
            const info = outShape(g, c, strides, dilations, pad, true, m);
            if (!info) continue;
            const dyShape = [g.n, info.outHeight, info.outWidth, c * m];
            const common = { strides, dilations, pad, dimRoundingMode: "floor" };
            cases += await check(
              "DepthwiseConv2dNativeBackpropInput",
              { dy: { shape: dyShape }, filter: { shape: [g.fh, g.fw, c, m] } },
              { ...common, inputShape: [g.n, g.h, g.w, c] },
              cases,
            );
            cases += await check(
              "DepthwiseConv2dNativeBackpropFilter",
              { x: { shape: [g.n, g.h, g.w, c] }, dy: { shape: dyShape } },
              { ...common, filterShape: [g.fh, g.fw, c, m] },
              cases,
            );
          }
        }
      }
    }
  }
  assert.ok(cases >= 150, `only ${cases} cases ran`);
});

Deno.test("wasm UnsortedSegmentSum matches the cpu backend (ranks, dtypes, dropped ids)", async () => {
  const grid: [number[], number[], number, "float32" | "int32"][] = [
    [[6], [6], 3, "float32"],
    [[7, 3], [7], 4, "float32"],
    [[4, 2, 5], [4], 6, "float32"],
    [[9, 4], [9], 2, "float32"], // ids ≥ numSegments are dropped
    [[5, 3], [5], 3, "int32"],
  ];
  let seed = 0;
  for (const [xShape, idShape, numSegments, dtype] of grid) {
    await check(
      "UnsortedSegmentSum",
      {
        x: { shape: xShape, dtype, max: 10 },
        segmentIds: { shape: idShape, dtype: "int32", max: 4 },
      },
      { numSegments },
      seed++,
    );
  }
});

Deno.test("wasm kernels reject NCHW with a clear error", async () => {
  const inputs = makeInputs({ dy: { shape: [1, 3, 3, 2] }, filter: { shape: [3, 3, 2, 2] } }, 1);
  await assert.rejects(
    () =>
      runOn("wasm", "Conv2DBackpropInput", inputs, {
        strides: 1,
        pad: "same",
        dataFormat: "NCHW",
        inputShape: [1, 2, 3, 3],
      }),
    /NHWC/,
  );
});

Deno.test("wasm Slice matches the cpu backend (contiguous blocks and strided slices)", async () => {
  const grid: [number[], number[], number[], "float32" | "int32"][] = [
    [[6, 4, 4, 3], [4, 0, 0, 0], [2, -1, -1, -1], "float32"], // last frames: contiguous
    [[6, 4, 4, 3], [1, 2, 0, 0], [1, 1, -1, -1], "float32"], // contiguous inside a frame
    [[5, 7], [0, 2], [5, 3], "float32"], // strided: the stock kernel
    [[3, 4, 5], [1, 1, 1], [2, 2, 3], "int32"],
    [[10], [3], [4], "int32"],
  ];
  let seed = 0;
  for (const [shape, begin, size, dtype] of grid) {
    await check("Slice", { x: { shape, dtype, max: 100 } }, { begin, size }, seed++);
  }
});

Deno.test("wasm Identity shares the input's data; disposing either leaves the other intact", async () => {
  await useBackend("wasm");
  const x = tf.tensor2d([[1, 2], [3, 4]]);
  const before = tf.memory().numDataBuffers;
  const y = tf.clone(x);
  assert.equal(tf.memory().numDataBuffers, before, "no second buffer: the data is shared");
  assert.notEqual(y.id, x.id);
  x.dispose();
  assert.deepEqual(await y.array(), [[1, 2], [3, 4]]);
  const z = y.add(1);
  y.dispose();
  assert.deepEqual(await z.array(), [[2, 3], [4, 5]]);
  z.dispose();
});
