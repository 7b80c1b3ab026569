import { tf } from "../src/backend/tf.ts";
import { useBackend } from "../src/backend/index.ts";
import { convRnnTrainer, MAY_CONV_RNN } from "./_conv_rnn.ts";
import { processCpuMs } from "./_cputime.ts";
await useBackend("wasm");
for (const fused of [true, false]) {
  const tr = convRnnTrainer(MAY_CONV_RNN, 1, { fused });
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now(), c0 = processCpuMs()!;
    const l = tr.step(); await l.data(); l.dispose();
    console.log(fused, "wall", (performance.now() - t0).toFixed(0), "cpu", processCpuMs()! - c0);
  }
  if (fused) {
    const prof = await tf.profile(() => tr.step());
    for (const k of prof.kernels.filter((k) => (k.kernelTimeMs as number) > 50)) console.log(k.name, (k.kernelTimeMs as number).toFixed(0));
  }
  tr.dispose();
}
