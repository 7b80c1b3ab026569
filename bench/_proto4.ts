import { tf } from "../src/backend/tf.ts";
import { useBackend } from "../src/backend/index.ts";
import { convRnnTrainer, MAY_CONV_RNN } from "./_conv_rnn.ts";
const small = { batch: 2, frames: 3, size: 8, channels: 4, layers: 3 };
const losses: Record<string, number[]> = {};
for (const [b, fused] of [["cpu", false], ["wasm", false], ["wasm", true]] as const) {
  await useBackend(b);
  const tr = convRnnTrainer(small, 1, { fused, learningRate: 1e-2 });
  const ls = [];
  for (let i = 0; i < 20; i++) { const l = tr.step(); ls.push((await l.data())[0]); l.dispose(); }
  tr.dispose();
  losses[b + fused] = ls;
  console.log(b, fused, ls.slice(0, 3).map(v=>v.toFixed(5)), ls.slice(-2).map(v=>v.toFixed(5)), tf.memory().numTensors);
}
await useBackend("wasm");
const tr = convRnnTrainer(MAY_CONV_RNN, 1, { fused: true });
for (let i = 0; i < 4; i++) {
  const t0 = performance.now();
  const l = tr.step(); const v = (await l.data())[0]; l.dispose();
  console.log(i, v, (performance.now() - t0).toFixed(0), "ms", tf.memory().numTensors);
}
const prof = await tf.profile(() => { const l = tr.step(); return l; });
const agg: Record<string, [number, number]> = {};
for (const k of prof.kernels) { const a = agg[k.name] ??= [0, 0]; a[0] += k.kernelTimeMs as number; a[1]++; }
console.log(Object.entries(agg).sort((a, b) => b[1][0] - a[1][0]).slice(0, 20).map(([k, [t, n]]) => `${k} ${t.toFixed(0)}ms x${n}`).join("\n"));
