/**
 * The threaded stride-1 'same' 3×3 convs of ResNet blocks (src/backend/wasm/_conv_same3.ts,
 * behind the wasm Conv2D, Conv2DBackpropInput and Conv2DBackpropFilter kernels) against the
 * CPU backend: relative error ≤ 1e-4 on every shape, and the F(4×4, 3×3) jobs really ran
 * (otherwise this would only test XNNPACK again). Shapes that do not fit (stride 2, 8
 * channels, 6×6 maps) take the previous paths and must agree as well.
 */
import assert from "node:assert/strict";
import { setQuiet } from "../../src/util/log.ts";
import { jobStats } from "../../src/backend/wasm/threads/pool.ts";
import { type InputSpec, makeInputs, relativeError, runOn } from "./_compare.ts";

setQuiet(true);

const CASES = [
  { x: [2, 8, 8, 16], w: [3, 3, 16, 16], strides: 1, fits: true },
  { x: [3, 4, 4, 24], w: [3, 3, 24, 32], strides: 1, fits: true },
  { x: [1, 8, 12, 32], w: [3, 3, 32, 16], strides: 1, fits: true },
  { x: [2, 8, 8, 8], w: [3, 3, 8, 16], strides: 1, fits: false },
  { x: [2, 6, 6, 16], w: [3, 3, 16, 16], strides: 1, fits: false },
  { x: [2, 8, 8, 16], w: [3, 3, 16, 16], strides: 2, fits: false },
];

const winogradCalls = () => {
  const s = jobStats(true);
  return s.winograd4.calls + s.winograd4FilterGrad.calls;
};

for (const c of CASES) {
  const label = `x ${c.x} w ${c.w} stride ${c.strides}`;
  const [n, h, w] = c.x, [, , cin, cout] = c.w;
  const oh = Math.ceil(h / c.strides), ow = Math.ceil(w / c.strides);
  const common = { strides: c.strides, pad: "same", dataFormat: "NHWC", dilations: 1 };
  const kernels: { kernel: string; inputs: Record<string, InputSpec>; attrs: object }[] = [
    { kernel: "Conv2D", inputs: { x: { shape: c.x }, filter: { shape: c.w } }, attrs: common },
    {
      kernel: "Conv2DBackpropInput",
      inputs: { dy: { shape: [n, oh, ow, cout] }, filter: { shape: c.w } },
      attrs: { ...common, inputShape: c.x },
    },
    {
      kernel: "Conv2DBackpropFilter",
      inputs: { x: { shape: c.x }, dy: { shape: [n, oh, ow, cout] } },
      attrs: { ...common, filterShape: c.w },
    },
  ];
  for (const k of kernels) {
    Deno.test(`${k.kernel} (${label}) matches cpu${c.fits ? " on the threaded F(4×4, 3×3)" : ""}`, async () => {
      const inputs = makeInputs(k.inputs, cin * 7 + cout);
      const ref = await runOn("cpu", k.kernel, inputs, { ...k.attrs });
      winogradCalls();
      const ours = await runOn("wasm", k.kernel, inputs, { ...k.attrs });
      assert.equal(winogradCalls() > 0, c.fits, "threaded Winograd path taken iff it fits");
      assert.deepEqual(ours.shape, ref.shape);
      const err = relativeError(ours.values, ref.values);
      assert.ok(err <= 1e-4, `relative error ${err}`);
    });
  }
}
