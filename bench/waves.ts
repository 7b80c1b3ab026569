/**
 * `deno task bench waves [--json] [--quick]`: frames per second of each wave model's WASM
 * SIMD kernel and of its TypeScript reference, at 64×64 and 256×256, streaming frames
 * through `readView` (what `simulate waves` does: frames go from the engine's buffer to disk). Each figure is the best of several
 * alternating runs; rates are per CPU-second of this process (robust on a shared machine)
 * and per wall-clock second.
 *
 * @module
 */
import process from "node:process";
import type { Command } from "../src/cli/command.ts";
import { log } from "../src/util/log.ts";
import { WAVE_MODELS, waveModel } from "../src/stimuli/waves/registry.ts";
import type { WaveEngine } from "../src/stimuli/waves/types.ts";

interface Rate {
  cpu: number;
  wall: number;
}

function measure(model: string, size: number, engine: WaveEngine, minSeconds: number): Rate {
  const sim = waveModel(model).stream({
    seed: 7,
    size,
    engine,
    ...(model === "teh" ? {} : { warmup: 5, track: false }),
  });
  const n = size * size;
  const want = Math.max(1, Math.min(64, Math.floor((1 << 20) / n)));
  for (let f = 0; f < want;) f += sim.readView(want - f).length / n; // warm the JIT / tier-up
  let frames = 0;
  const c0 = process.cpuUsage(), t0 = performance.now();
  let cpu = 0;
  while (cpu < minSeconds) {
    for (let f = 0; f < want;) f += sim.readView(want - f).length / n;
    frames += want;
    const c = process.cpuUsage(c0);
    cpu = (c.user + c.system) / 1e6;
  }
  const wall = (performance.now() - t0) / 1000;
  return { cpu: frames / cpu, wall: frames / wall };
}

/** The `bench waves` command. */
export const command: Command = {
  name: "waves",
  summary: "Frames/s of the WASM SIMD wave kernels vs their TypeScript references (64² and 256²).",
  flags: {
    quick: { type: "boolean", description: "short runs (smoke test; figures are noisy)" },
    repeats: { type: "string", description: "alternating runs per figure, best kept (default 3)" },
  },
  run(flags) {
    const quick = Boolean(flags.quick);
    const repeats = quick ? 1 : Math.max(1, Number(flags.repeats ?? 3));
    const minSeconds = quick ? 0.02 : 0.4;
    const results = [];
    for (const model of Object.keys(WAVE_MODELS)) {
      for (const size of [64, 256]) {
        const best = { wasm: { cpu: 0, wall: 0 }, ts: { cpu: 0, wall: 0 } };
        for (let r = 0; r < repeats; r++) {
          for (const engine of ["wasm", "ts"] as const) {
            const rate = measure(model, size, engine, minSeconds);
            best[engine].cpu = Math.max(best[engine].cpu, rate.cpu);
            best[engine].wall = Math.max(best[engine].wall, rate.wall);
          }
        }
        const row = {
          model,
          size,
          wasmFramesPerSecond: Math.round(best.wasm.cpu),
          tsFramesPerSecond: Math.round(best.ts.cpu),
          ratio: Number((best.wasm.cpu / best.ts.cpu).toFixed(2)),
          wasmFramesPerWallSecond: Math.round(best.wasm.wall),
          tsFramesPerWallSecond: Math.round(best.ts.wall),
          wallRatio: Number((best.wasm.wall / best.ts.wall).toFixed(2)),
        };
        log(
          `${model.padEnd(9)} ${String(size).padStart(3)}²  wasm ${
            String(row.wasmFramesPerSecond).padStart(8)
          } f/s  ` +
            `ts ${
              String(row.tsFramesPerSecond).padStart(8)
            } f/s  ×${row.ratio}  (wall ×${row.wallRatio})`,
        );
        results.push(row);
      }
    }
    const teh64 = results.find((r) => r.model === "teh" && r.size === 64)!;
    return Promise.resolve({
      bench: "waves",
      unit: "frames per CPU-second (one core)",
      results,
      targets: {
        tehWasm64AtLeast20000: teh64.wasmFramesPerSecond >= 20000,
        everyKernelAtLeast3xReference: results.every((r) => r.ratio >= 3),
      },
    });
  },
};
