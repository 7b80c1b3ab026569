/** The --rf section of the may2025 report: activation maximisation and grating tuning. */
import { join } from "node:path";
import {
  activationMaximisation,
  gratingResponses,
  orientationSelectivity,
} from "../../analysis/receptive_fields.ts";
import { encodePng, frameGrid, type GridOptions } from "../../io/png.ts";
import { loadCheckpoint } from "../../io/checkpoint.ts";
import type { May2025Condition, May2025Config } from "./config.ts";
import { conditionDir } from "./unit.ts";

/** A grid of frames as PNG bytes. */
function pngGrid(data: Float32Array, n: number, h: number, w: number, options: GridOptions) {
  const grid = frameGrid(data, n, h, w, options);
  return encodePng(grid.pixels, grid.height, grid.width);
}

/**
 * The report lines and the figures (`rf_<condition>_actmax.png`, `rf_<condition>_gratings.png`)
 * of the first seed's fold 1.
 */
export async function receptiveFieldSection(
  config: May2025Config,
  conditions: May2025Condition[],
  runDir: string,
): Promise<{ lines: string[]; figures: Record<string, Uint8Array> }> {
  const seed = config.seeds[0];
  const S = config.model.size;
  const channels = Math.min(config.model.channels, 16);
  const lines = [
    "## Receptive fields (--rf)",
    "",
    `Units: channels 0–${
      channels - 1
    } of the last recurrent block at the centre pixel, last time step; ` +
    `best model of seed ${seed}, fold 1. Activation maximisation: 100 Adam steps on a static image ` +
    "shown on every frame. Gratings: 6 orientations × 5 spatial frequencies × 4 phases; OSI at the " +
    "preferred frequency (0 = untuned, 1 = one orientation only).",
    "",
    "| condition | mean OSI | preferred frequencies (cycles/image) | activation maximisation | grating tuning (rows: orientation, columns: frequency) |",
    "|---|---|---|---|---|",
  ];
  const figures: Record<string, Uint8Array> = {};
  for (const c of conditions) {
    let loaded;
    try {
      loaded = await loadCheckpoint(join(conditionDir(runDir, seed, 0, c), "best"));
    } catch {
      continue;
    }
    const { model } = loaded;
    const images = new Float32Array(channels * S * S);
    for (let ch = 0; ch < channels; ch++) {
      images.set(activationMaximisation(model, { channel: ch, seed: ch + 1 }).image, ch * S * S);
    }
    const g = gratingResponses(model);
    const nO = g.orientations.length, nF = g.frequencies.length;
    const tuning = new Float32Array(channels * nO * nF);
    const osis: number[] = [];
    const prefs: number[] = [];
    for (let ch = 0; ch < channels; ch++) {
      const sel = orientationSelectivity(g, ch);
      osis.push(sel.osi);
      prefs.push(sel.preferredFrequency);
      const m = g.responses[ch].map((row) =>
        row.map((ps) => ps.reduce((a, b) => a + b, 0) / ps.length)
      );
      const flat = m.flat();
      const lo = Math.min(...flat), hi = Math.max(...flat);
      flat.forEach((v, i) => (tuning[ch * nO * nF + i] = hi > lo ? (v - lo) / (hi - lo) : 0.5));
    }
    model.dispose();
    const am = `rf_${c}_actmax.png`, tu = `rf_${c}_gratings.png`;
    figures[am] = pngGrid(images, channels, S, S, {
      scale: Math.max(1, Math.floor(64 / S)),
      columns: 8,
      gap: 2,
    });
    figures[tu] = pngGrid(tuning, channels, nO, nF, { scale: 8, columns: 8, gap: 2 });
    const osi = osis.reduce((a, b) => a + b, 0) / osis.length;
    const freqs = [...new Set(prefs.map((f) => f.toFixed(1)))].join(", ");
    lines.push(`| ${c} | ${osi.toFixed(2)} | ${freqs} | ![](figures/${am}) | ![](figures/${tu}) |`);
  }
  return { lines, figures };
}
