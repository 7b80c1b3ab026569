import { tf } from "../src/backend/tf.ts";
import { useBackend } from "../src/backend/index.ts";
import { unregisterWasmKernels, registerWasmKernels } from "../kernels/wasm/index.ts";
await useBackend("wasm");
const dy = tf.randomNormal([16,32,32,32]) ; const w = tf.randomNormal([3,3,32,32]);
for (const b of ["wasm","cpu"] as const) {
  await useBackend(b);
  for (const k of ["Conv2DBackpropInput","Conv2DBackpropFilter","Conv2D"]) {
    const inputs: any = k==="Conv2DBackpropInput" ? {dy, filter: w} : k==="Conv2D" ? {x: dy, filter: w} : {x: dy, dy};
    const attrs: any = {strides:1,pad:"same",dataFormat:"NHWC",inputShape:[16,32,32,32],filterShape:[3,3,32,32], dilations:1};
    for (let i=0;i<3;i++){ const t0=performance.now(); const o=tf.engine().runKernel(k,inputs,attrs) as tf.Tensor; const t=performance.now()-t0; o.dispose(); console.log(b,k,t.toFixed(1), (Deno.memoryUsage().rss/1e6).toFixed(0)); if (b==="cpu" && k!=="Conv2D") break;}
    if (b==="wasm" && k==="Conv2DBackpropInput") { unregisterWasmKernels(); const t0=performance.now(); tf.engine().runKernel(k,inputs,attrs); console.log("stock", (performance.now()-t0).toFixed(1)); registerWasmKernels(); }
  }
}
