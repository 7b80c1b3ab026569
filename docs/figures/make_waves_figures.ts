/**
 * Regenerates the figures of docs/waves.md:
 *   deno run --allow-read --allow-write docs/figures/make_waves_figures.ts
 * Each model: a strip of frames around its largest wave in the first minutes (PNG), and
 * an animated GIF of the directional Teh waves.
 */
import { simulateWaves } from "../../src/stimuli/waves/registry.ts";
import { writePngGrid } from "../../src/io/png.ts";
import { openFrameWriter } from "../../src/io/frame_writer.ts";

const dir = new URL("./", import.meta.url).pathname;
const models: [string, Record<string, unknown>, number, number][] = [
  ["teh", {}, 240, 2], // name, params, frames, frame step in the strip
  ["godfrey", { warmup: 120 }, 4800, 40],
  ["lansdell", { warmup: 120 }, 1800, 10],
];
for (const [name, params, frames, step] of models) {
  const movie = simulateWaves(name, { frames, seed: 1, size: 64, ...params });
  const n = 64 * 64;
  const big = movie.waves.reduce((a, b) => (b.cells > a.cells ? b : a));
  const strip = new Float32Array(16 * n);
  for (let i = 0; i < 16; i++) {
    const f = Math.min(movie.frames - 1, big.startFrame + i * step);
    strip.set(movie.data.subarray(f * n, (f + 1) * n), i * n);
  }
  await writePngGrid(`${dir}waves_${name}.png`, strip, 16, 64, 64, { columns: 8, scale: 2, gap: 2, gapValue: 0.5 });
  console.log(`${name}: strip of wave ${big.id} (${big.cells} cells) from frame ${big.startFrame}, every ${step} frames`);
}
const teh = simulateWaves("teh", { frames: 120, seed: 3, size: 64 });
const gif = openFrameWriter(`${dir}waves_teh.gif`, { frames: 120, height: 64, width: 64, fps: 8 });
gif.write(teh.data, 120);
gif.close();
