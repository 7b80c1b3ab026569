import { tf } from "../src/backend/tf.ts";
import { useBackend } from "../src/backend/index.ts";
import { convRnnTrainer, MAY_CONV_RNN } from "./_conv_rnn.ts";
await useBackend("wasm");
const tr = convRnnTrainer(MAY_CONV_RNN, 1);
for (let i = 0; i < 4; i++) {
  const t0 = performance.now();
  const l = tr.step(); const v = (await l.data())[0]; l.dispose();
  console.log(i, v, (performance.now() - t0).toFixed(0), "ms", tf.memory().numTensors);
}
const prof = await tf.profile(() => { const l = tr.step(); return l; });
const agg: Record<string, [number, number]> = {};
for (const k of prof.kernels) { const a = agg[k.name] ??= [0, 0]; a[0] += k.kernelTimeMs as number; a[1]++; }
console.log(Object.entries(agg).sort((a, b) => b[1][0] - a[1][0]).slice(0, 20).map(([k, [t, n]]) => `${k} ${t.toFixed(0)}ms x${n}`).join("\n"));
