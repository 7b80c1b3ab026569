/**
 * `deno task bench train-step [--json]`: ms per Adam training step of the May et al.
 * conv-RNN (batch 16, 10 frames, 32×32, 32 channels, 3 layers) on the wasm backend with
 * our kernels (fused conv-RNN layer and batch norm), with our gradient kernels under
 * plain tfjs autodiff, and on stock tfjs wasm (its own kernels, plus our
 * Conv2DBackpropFilter, which it lacks — without it it cannot train at all); the PyTorch
 * peer (bench/peers/) when python3 with torch is importable; and a memory check (peak RSS
 * and tfjs tensor count over many steps). All in one run, so ratios share the load; the
 * ratio to PyTorch is the median over pairs of one step of ours then one PyTorch step (`--pairs`).
 *
 * @module
 */
import { tf } from "../src/backend/tf.ts";
import { useBackend } from "../src/backend/mod.ts";
import type { Command } from "../src/cli/command.ts";
import { numberFlag } from "../src/cli/command.ts";
import { log } from "../src/util/log.ts";
import { registerWasmKernels, unregisterWasmKernels } from "../src/backend/wasm/register.ts";
import { useThreadedRnn } from "../src/backend/wasm/_conv_rnn_threads.ts";
import { useWinograd } from "../src/backend/wasm/_conv_plan.ts";
import { detachHeap, poolInfo, startThreads } from "../src/backend/wasm/threads/pool.ts";
import { kernelThreads } from "../src/backend/wasm/setup.ts";
import { type ConvRnnShape, convRnnTrainer, MAY_CONV_RNN } from "./_conv_rnn.ts";
import { runTorchPeer, startTorchPeer } from "./peers/torch.ts";
import { processCpuMs } from "./_cputime.ts";
import { runModelBench } from "./models.ts";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rssMb = () => Deno.memoryUsage().rss / 2 ** 20;

/**
 * Wall-clock and process-CPU ms of each of `steps` timed steps after one warm-up step.
 * On a shared machine the CPU time of this (single-threaded) process is the better
 * estimate of what the step costs on an idle one.
 */
async function timeSteps(
  shape: ConvRnnShape,
  fused: boolean,
  steps: number,
): Promise<{ wall: number[]; cpu: number[] }> {
  const trainer = convRnnTrainer(shape, 1, { fused });
  try {
    const wall: number[] = [], cpu: number[] = [];
    for (let i = 0; i <= steps; i++) {
      const t0 = performance.now(), c0 = processCpuMs();
      const loss = trainer.step();
      await loss.data();
      loss.dispose();
      if (i === 0) continue;
      wall.push(performance.now() - t0);
      const c1 = processCpuMs();
      if (c0 !== null && c1 !== null) cpu.push(c1 - c0);
    }
    return { wall, cpu };
  } finally {
    trainer.dispose();
  }
}

/**
 * `pairs` pairs of one of our steps then one PyTorch step (2 threads), alternating, each
 * side keeping one warmed-up model (as training does): neighbouring samples, whose ratios
 * share the machine's state. Empty when no python3 has torch.
 */
async function interleavedPairs(shape: ConvRnnShape, pairs: number) {
  const out: { ours: number; torch: number }[] = [];
  const peer = pairs > 0 ? await startTorchPeer(shape, 2) : null;
  if (!peer) return out;
  const trainer = convRnnTrainer(shape, 1, { fused: true });
  try {
    for (let i = -2; i < pairs; i++) { // two warm-up steps of ours
      const t0 = performance.now();
      const loss = trainer.step();
      await loss.data();
      loss.dispose();
      const ours = performance.now() - t0;
      if (i < 0) continue;
      out.push({ ours, torch: (await peer.step()).ms });
    }
  } finally {
    trainer.dispose();
    await peer.close();
  }
  return out;
}

const fmt = (xs: number[]) => xs.map((t) => t.toFixed(0)).join(", ");

/** Size of the wasm backend's heap in MiB (it only grows; flat means nothing accumulates). */
function heapMb(): number {
  const backend = tf.backend() as unknown as { wasm?: { asm: { memory: WebAssembly.Memory } } };
  return backend.wasm ? backend.wasm.asm.memory.buffer.byteLength / 2 ** 20 : 0;
}

/** Tensor count, wasm heap and RSS after step 10 and after `steps` steps (fused model). */
async function memoryCheck(shape: ConvRnnShape, steps: number) {
  const trainer = convRnnTrainer(shape, 2, { fused: true });
  const snapshot = () => ({ tensors: tf.memory().numTensors, heapMb: heapMb(), rssMb: rssMb() });
  let first = snapshot();
  let peak = 0;
  for (let i = 0; i < steps; i++) {
    const loss = trainer.step();
    await loss.data();
    loss.dispose();
    peak = Math.max(peak, rssMb());
    if (i === 9) first = snapshot();
  }
  const last = snapshot();
  trainer.dispose();
  return { steps, shape, afterStep10: first, afterLastStep: last, peakRssMb: peak };
}

/** `deno task bench train-step`. */
export const command: Command = {
  name: "train-step",
  summary: "ms per Adam step of the May et al. conv-RNN: ours vs stock wasm vs PyTorch.",
  flags: {
    model: {
      type: "string",
      description: "conv-rnn | resnet18 | rgc-cnn | bio-rnn | exposure | all (comma lists too): " +
        "every study's model against its PyTorch peer (bench/models.ts) instead of the conv-RNN " +
        "deep dive below",
    },
    shape: { type: "string", description: "with --model: quick | standard | all (default all)" },
    steps: { type: "string", description: "timed steps with our kernels (default 5)" },
    "stock-steps": { type: "string", description: "timed stock-wasm steps (default 2)" },
    "mem-steps": { type: "string", description: "steps of the memory check (default 200)" },
    "torch-steps": { type: "string", description: "timed PyTorch steps (default 5)" },
    pairs: {
      type: "string",
      description: "alternating pairs of one step of ours, one PyTorch step, for the ratio " +
        "(default 9; with --model 7)",
    },
  },
  async run(flags) {
    if (flags.model !== undefined) return runModelBench("train-step", flags);
    const steps = numberFlag(flags, "steps", 5, { integer: true, min: 1, max: 1000 });
    const stockSteps = numberFlag(flags, "stock-steps", 2, { integer: true, min: 0, max: 100 });
    const memSteps = numberFlag(flags, "mem-steps", 200, { integer: true, min: 10, max: 100000 });
    const torchSteps = numberFlag(flags, "torch-steps", 5, { integer: true, min: 1, max: 1000 });
    const pairCount = numberFlag(flags, "pairs", 9, { integer: true, min: 0, max: 1000 });
    const shape = MAY_CONV_RNN;
    const load0 = Deno.loadavg();
    await useBackend("wasm");
    registerWasmKernels();
    const threads = poolInfo().threads, fma = poolInfo().fma;
    const fused = await timeSteps(shape, true, steps);
    log(
      `ours (${threads} threads, fma ${fma}): wall ${fmt(fused.wall)} ms; cpu ${fmt(fused.cpu)} ms`,
    );
    // PyTorch right after ours, then both alternating step by step: this machine's speed
    // drifts by tens of per cent within minutes, and a ratio of neighbouring samples cancels
    // that.
    const torch2 = await runTorchPeer(shape, 2, torchSteps);
    const paired = torch2 ? await interleavedPairs(shape, pairCount) : [];
    if (torch2) {
      log(
        `pytorch ${torch2.torch}: 2 threads wall ${fmt(torch2.samples)}; cpu ${
          fmt(torch2.cpuSamples)
        }`,
      );
      log(
        `pairs, ours/pytorch ms: ${
          paired.map((r) => `${fmt([r.ours])}/${fmt([r.torch])}`).join(", ")
        }`,
      );
    } else log("pytorch: not available (python3 with torch not importable)");
    let oneThread = fused;
    if (threads > 1) {
      await startThreads(1);
      oneThread = await timeSteps(shape, true, steps);
      await startThreads(threads);
      log(`ours (1 thread): wall ${fmt(oneThread.wall)} ms; cpu ${fmt(oneThread.cpu)} ms`);
    }
    const few = Math.max(1, Math.min(steps, 3));
    useWinograd(2);
    const f2 = await timeSteps(shape, true, few);
    useWinograd(0);
    const direct = await timeSteps(shape, true, few);
    useWinograd(4);
    log(`ours (${threads} threads, Winograd F(2×2, 3×3) only): wall ${fmt(f2.wall)} ms`);
    log(`ours (${threads} threads, direct convs, no Winograd): wall ${fmt(direct.wall)} ms`);
    let plainSimd: typeof fused | null = null;
    if (fma) {
      await startThreads(threads, { fma: false });
      plainSimd = await timeSteps(shape, true, few);
      await startThreads(threads);
      log(`ours (${threads} threads, plain SIMD): wall ${fmt(plainSimd.wall)} ms`);
    }
    // the pool on a memory of its own: tfjs tensors copied in and out (the design before the
    // shared heap)
    const sharedHeap = kernelThreads().sharedHeap;
    let copied: typeof fused | null = null;
    if (sharedHeap) {
      await detachHeap();
      copied = await timeSteps(shape, true, few);
      await useBackend("wasm"); // back onto tfjs's heap
      log(`ours (${threads} threads, own heap, tensors copied): wall ${fmt(copied.wall)} ms`);
    }
    useThreadedRnn(false);
    const xnn = await timeSteps(shape, true, few);
    useThreadedRnn(true);
    log(`fused layer on XNNPACK convs (1 thread): wall ${fmt(xnn.wall)}; cpu ${fmt(xnn.cpu)} ms`);
    const plain = await timeSteps(shape, false, few);
    log(`ours (autodiff, our gradient kernels): wall ${fmt(plain.wall)}; cpu ${fmt(plain.cpu)} ms`);
    let stock = { wall: [] as number[], cpu: [] as number[] };
    if (stockSteps > 0) {
      unregisterWasmKernels();
      registerWasmKernels(["Conv2DBackpropFilter"]);
      try {
        stock = await timeSteps(shape, false, stockSteps);
      } finally {
        unregisterWasmKernels();
        registerWasmKernels();
      }
      log(`stock tfjs wasm: wall ${fmt(stock.wall)} ms; cpu ${fmt(stock.cpu)} ms`);
    }
    const torch1 = torch2 ? await runTorchPeer(shape, 1, torchSteps) : null;
    if (torch1) log(`pytorch 1 thread: wall ${fmt(torch1.samples)}; cpu ${fmt(torch1.cpuSamples)}`);
    const memory = await memoryCheck({ ...shape, batch: 2, size: 8 }, memSteps);
    log(`memory: ${JSON.stringify(memory)}`);
    const msPerStep = median(fused.wall);
    const stockMs = stock.wall.length ? median(stock.wall) : null;
    const cpuOrNull = (xs: number[] | undefined) => xs && xs.length ? median(xs) : null;
    return {
      bench: "train-step",
      model: "may-conv-rnn",
      batch: shape.batch,
      frames: shape.frames,
      size: shape.size,
      channels: shape.channels,
      layers: shape.layers,
      msPerStep,
      msPerStepSamples: fused.wall,
      processCpuMsPerStep: cpuOrNull(fused.cpu),
      processCpuSamples: fused.cpu,
      threads,
      fma,
      oneThreadMsPerStep: median(oneThread.wall),
      oneThreadSamples: oneThread.wall,
      threadScaling: median(oneThread.wall) / msPerStep,
      directConvMsPerStep: median(direct.wall),
      winogradF2MsPerStep: median(f2.wall),
      plainSimdMsPerStep: plainSimd ? median(plainSimd.wall) : null,
      sharedHeap,
      copiedHeapMsPerStep: copied ? median(copied.wall) : null,
      xnnpackFusedMsPerStep: median(xnn.wall),
      autodiffMsPerStep: median(plain.wall),
      autodiffProcessCpuMsPerStep: cpuOrNull(plain.cpu),
      stockMsPerStep: stockMs,
      stockSamples: stock.wall,
      stockProcessCpuMsPerStep: cpuOrNull(stock.cpu),
      speedupVsStock: stockMs ? stockMs / msPerStep : null,
      torchMsPerStep: torch2?.msPerStep ?? null,
      torchSamples: torch2?.samples ?? null,
      torchProcessCpuMsPerStep: cpuOrNull(torch2?.cpuSamples),
      torch1ThreadMsPerStep: torch1?.msPerStep ?? null,
      torch1ThreadProcessCpuMsPerStep: cpuOrNull(torch1?.cpuSamples),
      ratioVsTorch: paired.length
        ? median(paired.map((r) => r.ours / r.torch))
        : torch2
        ? msPerStep / torch2.msPerStep
        : null,
      ratioVsTorchUnpaired: torch2 ? msPerStep / torch2.msPerStep : null,
      pairs: paired,
      cpuMsPerStep: null,
      cpuNote: "cpu backend not timed: its Conv2DBackpropFilter alone takes minutes per call " +
        "at these shapes (see bench grads), i.e. hours per step",
      peakRssMb: rssMb(),
      memory,
      loadAverage: { start: load0, end: Deno.loadavg() },
    };
  },
};
