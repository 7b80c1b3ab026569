import { makeInputs, relativeError, runOn } from "../tests/kernels/_compare.ts";
import { reference } from "../tests/kernels/_reference.ts";
import { registerWasmKernels } from "../kernels/wasm/index.ts";
registerWasmKernels();
const cases: [string, any, any][] = [];
for (const [m, d, s] of [[1,2,1],[2,2,1],[2,2,2],[1,[1,3],1]] as any) {
  cases.push(["DepthwiseConv2dNativeBackpropInput", { dy: { shape: [2, 6/s, 6/s, 3*m] }, filter: { shape: [3, 3, 3, m] } }, { strides: s, dilations: d, pad: "same", inputShape: [2, 6, 6, 3] }]);
  cases.push(["DepthwiseConv2dNativeBackpropFilter", { x: { shape: [2, 6, 6, 3] }, dy: { shape: [2, 6/s, 6/s, 3*m] } }, { strides: s, dilations: d, pad: "same", filterShape: [3, 3, 3, m] }]);
}
for (const [k, specs, attrs] of cases) {
  const inputs = makeInputs(specs, 1);
  const ref = await reference(k, inputs, attrs);
  const got = await runOn("wasm", k, inputs, attrs);
  console.log(k, JSON.stringify(attrs), ref.shape.join("x"), got.shape.join("x"), relativeError(got.values, ref.values));
}
