/**
 * Memory stays flat while every study's benchmarked model trains (issue 24): the tfjs tensor
 * count and the wasm heap after step 10 equal those after step 200, at reduced sizes of each
 * model (the same code paths as its presets: fused conv-RNN on the threaded kernels, strided
 * convs and batch norm in the ResNet, the expm regulariser of the bio-RNN). Inference is
 * checked the same way. No timing is asserted.
 */
import assert from "node:assert/strict";
import { tf } from "../../src/backend/tf.ts";
import { useBackend } from "../../src/backend/mod.ts";
import { setQuiet } from "../../src/util/log.ts";
import { benchSubject, type ModelName, MODELS, modelSpec } from "../../bench/_models.ts";

setQuiet(true);

/** Each model's quick spec with its sizes cut down so that 200 steps take seconds. */
function small(model: ModelName) {
  const spec = modelSpec(model, "quick");
  switch (model) {
    case "conv-rnn":
      return { ...spec, batch: 2, frames: 3, size: 8, channels: 8 };
    case "resnet18":
      return { ...spec, widths: [8, 16], blocks: [1, 1], size: 16, waves: 2, framesPerWave: 4 };
    case "rgc-cnn":
      return { ...spec, batch: 16, channels: 4 };
    case "bio-rnn":
      return { ...spec, n: 24, steps: 6, batch: 4 };
    case "exposure":
      return { ...spec, inputs: 64, hidden: [16, 8], clips: 2, framesPerClip: 4 };
  }
}

function heapBytes(): number {
  const b = tf.backend() as unknown as { wasm?: { asm: { memory: WebAssembly.Memory } } };
  return b.wasm ? b.wasm.asm.memory.buffer.byteLength : 0;
}

for (const model of MODELS) {
  Deno.test(`bench model ${model}: tensors and wasm heap flat over 200 steps`, async () => {
    await useBackend("wasm");
    const before = tf.memory().numTensors;
    const subject = benchSubject(small(model), 1);
    try {
      let at10 = { tensors: -1, heap: -1 };
      const losses: number[] = [];
      for (let i = 1; i <= 200; i++) {
        losses.push(await subject.step());
        // both inference inputs are cached from step 5 on, so they count at step 10 too
        if (i % 20 === 5) await subject.infer(i % 40 === 5 ? 1 : 3);
        if (i === 6) await subject.infer(3);
        if (i === 10) at10 = { tensors: tf.memory().numTensors, heap: heapBytes() };
      }
      assert.ok(losses.every(Number.isFinite), `${model}: non-finite loss`);
      assert.deepEqual({ tensors: tf.memory().numTensors, heap: heapBytes() }, at10);
    } finally {
      subject.dispose();
    }
    assert.equal(tf.memory().numTensors, before, `${model}: tensors left after dispose`);
  });
}
