import { makeInputs, relativeError, runOn } from "../tests/kernels/_compare.ts";
import { registerWasmKernels } from "../kernels/wasm/index.ts";
registerWasmKernels();
const cases: [string, any, any][] = [
  ["Conv2DBackpropInput", { dy: { shape: [2, 5, 5, 3] }, filter: { shape: [3, 3, 2, 3] } }, { strides: 1, pad: "same", inputShape: [2, 5, 5, 2], dataFormat: "NHWC" }],
  ["Conv2DBackpropInput", { dy: { shape: [2, 3, 3, 3] }, filter: { shape: [3, 3, 2, 3] } }, { strides: 2, pad: "same", inputShape: [2, 6, 6, 2], dataFormat: "NHWC" }],
  ["Conv2DBackpropFilter", { x: { shape: [2, 5, 5, 2] }, dy: { shape: [2, 5, 5, 3] } }, { strides: 1, pad: "same", filterShape: [3, 3, 2, 3], dataFormat: "NHWC" }],
  ["Conv2DBackpropFilter", { x: { shape: [2, 7, 6, 2] }, dy: { shape: [2, 3, 2, 3] } }, { strides: 2, pad: "valid", filterShape: [3, 3, 2, 3], dataFormat: "NHWC" }],
  ["DepthwiseConv2dNativeBackpropInput", { dy: { shape: [2, 5, 5, 6] }, filter: { shape: [3, 3, 3, 2] } }, { strides: 1, dilations: 2, pad: "same", inputShape: [2, 5, 5, 3] }],
  ["DepthwiseConv2dNativeBackpropFilter", { x: { shape: [2, 5, 5, 3] }, dy: { shape: [2, 5, 5, 6] } }, { strides: 1, dilations: 2, pad: "same", filterShape: [3, 3, 3, 2] }],
  ["UnsortedSegmentSum", { x: { shape: [7, 3] }, segmentIds: { shape: [7], dtype: "int32", max: 4 } }, { numSegments: 4 }],
];
for (const [k, specs, attrs] of cases) {
  const inputs = makeInputs(specs, 1);
  const ref = await runOn("cpu", k, inputs, attrs);
  const got = await runOn("wasm", k, inputs, attrs);
  console.log(k, ref.shape.join("x"), got.shape.join("x"), relativeError(got.values, ref.values));
}
