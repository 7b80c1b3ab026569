/**
 * `deno task bench grads [--json]`: each of our wasm gradient kernels on representative
 * shapes (including the conv-RNN's x 16×32×32×32, filter 3×3×32×32): max relative error
 * against the CPU backend, and time against tfjs's own wasm kernel where it has one, else
 * against the CPU backend. Times are medians of repeated calls in this one process.
 *
 * @module
 */
import { tf } from "../src/backend/tf.ts";
import { useBackend } from "../src/backend/mod.ts";
import type { Command } from "../src/cli/command.ts";
import { numberFlag } from "../src/cli/command.ts";
import { log } from "../src/util/log.ts";
import { registerWasmKernels, unregisterWasmKernels } from "../src/backend/wasm/register.ts";
import { type InputSpec, makeInputs, relativeError } from "../tests/kernels/_compare.ts";

interface Case {
  name: string;
  kernel: string;
  specs: Record<string, InputSpec>;
  attrs: Record<string, unknown>;
}

const NHWC = { dataFormat: "NHWC", dimRoundingMode: "floor" };
const CASES: Case[] = [
  {
    name: "conv-RNN 3×3×32×32, x 16×32×32×32",
    kernel: "Conv2DBackpropInput",
    specs: { dy: { shape: [16, 32, 32, 32] }, filter: { shape: [3, 3, 32, 32] } },
    attrs: { ...NHWC, strides: 1, pad: "same", inputShape: [16, 32, 32, 32] },
  },
  {
    name: "conv-RNN output conv 3×3×32×1",
    kernel: "Conv2DBackpropInput",
    specs: { dy: { shape: [16, 32, 32, 1] }, filter: { shape: [3, 3, 32, 1] } },
    attrs: { ...NHWC, strides: 1, pad: "same", inputShape: [16, 32, 32, 32] },
  },
  {
    name: "strided 3×3×16×32 s2, x 8×32×32×16",
    kernel: "Conv2DBackpropInput",
    specs: { dy: { shape: [8, 16, 16, 32] }, filter: { shape: [3, 3, 16, 32] } },
    attrs: { ...NHWC, strides: 2, pad: "same", inputShape: [8, 32, 32, 16] },
  },
  {
    name: "conv-RNN 3×3×32×32, x 16×32×32×32",
    kernel: "Conv2DBackpropFilter",
    specs: { x: { shape: [16, 32, 32, 32] }, dy: { shape: [16, 32, 32, 32] } },
    attrs: { ...NHWC, strides: 1, pad: "same", filterShape: [3, 3, 32, 32] },
  },
  {
    name: "strided 3×3×16×32 s2, x 8×32×32×16",
    kernel: "Conv2DBackpropFilter",
    specs: { x: { shape: [8, 32, 32, 16] }, dy: { shape: [8, 16, 16, 32] } },
    attrs: { ...NHWC, strides: 2, pad: "same", filterShape: [3, 3, 16, 32] },
  },
  {
    name: "depthwise 3×3×32×1, x 8×32×32×32",
    kernel: "DepthwiseConv2dNativeBackpropInput",
    specs: { dy: { shape: [8, 32, 32, 32] }, filter: { shape: [3, 3, 32, 1] } },
    attrs: { strides: 1, dilations: 1, pad: "same", inputShape: [8, 32, 32, 32] },
  },
  {
    name: "depthwise 3×3×32×1, x 8×32×32×32",
    kernel: "DepthwiseConv2dNativeBackpropFilter",
    specs: { x: { shape: [8, 32, 32, 32] }, dy: { shape: [8, 32, 32, 32] } },
    attrs: { strides: 1, dilations: 1, pad: "same", filterShape: [3, 3, 32, 1] },
  },
  {
    name: "embedding 2048 rows × 32 → 200",
    kernel: "UnsortedSegmentSum",
    specs: { x: { shape: [2048, 32] }, segmentIds: { shape: [2048], dtype: "int32", max: 200 } },
    attrs: { numSegments: 200 },
  },
];

/**
 * Median ms of `reps` calls (after one warm-up call unless `warmUp` is false: the CPU
 * backend's loops take minutes at the conv-RNN shapes and have nothing to warm up) and the
 * last output's values.
 */
function time(
  c: Case,
  inputs: ReturnType<typeof makeInputs>,
  reps: number,
  warmUp = true,
): { ms: number; values: Float32Array | Int32Array } {
  const tensors: Record<string, tf.Tensor> = {};
  for (const [name, { spec, data }] of Object.entries(inputs)) {
    tensors[name] = tf.tensor(data, spec.shape, spec.dtype ?? "float32");
  }
  const run = () =>
    tf.engine().runKernel(
      c.kernel,
      tensors as unknown as tf.NamedTensorMap,
      c.attrs as unknown as tf.NamedAttrMap,
    ) as tf.Tensor;
  if (warmUp) tf.dispose(run());
  const times: number[] = [];
  let out: tf.Tensor | null = null;
  for (let i = 0; i < reps; i++) {
    if (out) out.dispose();
    const t0 = performance.now();
    out = run();
    times.push(performance.now() - t0);
  }
  const values = out!.dataSync() as Float32Array | Int32Array;
  tf.dispose([out!, ...Object.values(tensors)]);
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], values };
}

/** `deno task bench grads`. */
export const command: Command = {
  name: "grads",
  summary: "Our wasm gradient kernels vs tfjs's wasm path (or cpu): error and speed.",
  flags: {
    reps: { type: "string", description: "timed calls of our and tfjs's wasm kernels (default 5)" },
    "cpu-reps": {
      type: "string",
      description: "timed calls on the cpu backend, without warm-up (default 1; minutes each)",
    },
  },
  async run(flags) {
    const reps = numberFlag(flags, "reps", 5, { integer: true, min: 1, max: 1000 });
    const cpuReps = numberFlag(flags, "cpu-reps", 1, { integer: true, min: 1, max: 100 });
    const results = [];
    for (const c of CASES) {
      const inputs = makeInputs(c.specs, 7);
      await useBackend("cpu");
      log(`${c.kernel} ${c.name}: cpu…`);
      const cpu = time(c, inputs, cpuReps, false);
      await useBackend("wasm");
      registerWasmKernels();
      const ours = time(c, inputs, reps);
      let stockMs: number | null = null;
      if (tf.getKernel(c.kernel, "wasm")) {
        unregisterWasmKernels();
        const stock = tf.getKernel(c.kernel, "wasm") ? time(c, inputs, reps).ms : null;
        stockMs = stock;
        registerWasmKernels();
      }
      const reference = stockMs !== null ? "wasm (tfjs)" : "cpu";
      const referenceMs = stockMs ?? cpu.ms;
      const row = {
        kernel: c.kernel,
        case: c.name,
        maxRelError: relativeError(ours.values, cpu.values),
        ms: ours.ms,
        reference,
        referenceMs,
        speedup: referenceMs / ours.ms,
        cpuMs: cpu.ms,
        speedupVsCpu: cpu.ms / ours.ms,
      };
      results.push(row);
      log(
        `${c.kernel.padEnd(36)} ${c.name.padEnd(36)} err ${row.maxRelError.toExponential(1)}  ` +
          `${ours.ms.toFixed(2)} ms vs ${reference} ${referenceMs.toFixed(1)} ms ` +
          `(${row.speedup.toFixed(1)}×; cpu ${cpu.ms.toFixed(1)} ms, ${
            row.speedupVsCpu.toFixed(0)
          }×)`,
      );
    }
    return { bench: "grads", reps, cpuReps, results };
  },
};
