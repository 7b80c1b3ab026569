/**
 * Figures of the shakiba2026 report: test accuracy per variant and task (bars = mean,
 * dots = seeds, dashed = chance), structure-metric distributions per variant, and the
 * trained recurrent matrices with neurons ordered by their greedy-modularity module.
 */
import { encodePng, frameGrid } from "../../io/png.ts";
import { readNpy } from "../../io/npy.ts";
import { quantile } from "../../analysis/graph/mod.ts";
import { esc } from "../_kit/mod.ts";
import { CHANCE } from "./data.ts";
import { isBio } from "./_variants.ts";
import type { Shakiba2026Result } from "./unit.ts";

function text(x: number, y: number, s: string, size = 11, anchor = "middle", rotate = 0): string {
  const rot = rotate ? ` transform="rotate(${rotate} ${x} ${y})"` : "";
  return `<text x="${x.toFixed(1)}" y="${
    y.toFixed(1)
  }" font-size="${size}" font-family="sans-serif" ` +
    `text-anchor="${anchor}"${rot}>${esc(s)}</text>`;
}

/** One panel per task: a value per variant (bar = mean, dots = seeds). */
function panels(
  title: string,
  results: Shakiba2026Result[],
  variants: string[],
  tasks: string[],
  value: (r: Shakiba2026Result) => number,
  guide?: (task: string) => number,
  range?: [number, number],
): string {
  const pw = 34 * variants.length + 60, ph = 230, top = 40;
  const width = Math.max(480, pw * tasks.length + 20);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${ph + top + 70}">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    text(width / 2, 20, title, 14),
  ];
  tasks.forEach((task, ti) => {
    const x0 = 20 + ti * pw + 40;
    const vals = results.filter((r) => r.task === task).map(value).filter(Number.isFinite);
    let hi = range ? range[1] : Math.max(...vals, guide ? guide(task) : 0, 1e-9);
    const lo = range ? range[0] : Math.min(0, ...vals);
    if (hi === lo) hi = lo + 1;
    const y = (v: number) => top + ph - ((v - lo) / (hi - lo)) * ph;
    parts.push(`<line x1="${x0}" y1="${top}" x2="${x0}" y2="${top + ph}" stroke="#333"/>`);
    parts.push(
      `<line x1="${x0}" y1="${y(lo)}" x2="${x0 + 34 * variants.length}" y2="${
        y(lo)
      }" stroke="#333"/>`,
    );
    for (const t of [lo, (lo + hi) / 2, hi]) {
      parts.push(text(x0 - 4, y(t) + 4, t.toFixed(2), 9, "end"));
    }
    parts.push(text(x0 + 17 * variants.length, top - 6, task, 12));
    if (guide) {
      parts.push(
        `<line x1="${x0}" y1="${y(guide(task))}" x2="${x0 + 34 * variants.length}" y2="${
          y(guide(task))
        }" stroke="#999" stroke-dasharray="4 3"/>`,
      );
    }
    variants.forEach((v, vi) => {
      const rs = results.filter((r) => r.task === task && r.variant === v).map(value)
        .filter(Number.isFinite);
      const cx = x0 + 34 * vi + 17;
      if (rs.length) {
        const mean = rs.reduce((a, b) => a + b) / rs.length;
        const fill = isBio(v) ? "#c0392b" : "#7f8c8d";
        parts.push(
          `<rect x="${cx - 12}" y="${Math.min(y(mean), y(lo))}" width="24" height="${
            Math.abs(y(lo) - y(mean))
          }" fill="${fill}" opacity="0.75"/>`,
        );
        for (const r of rs) parts.push(`<circle cx="${cx}" cy="${y(r)}" r="2.2" fill="black"/>`);
      }
      parts.push(text(cx, top + ph + 12, v, 9, "end", -60));
    });
  });
  parts.push("</svg>");
  return parts.join("\n");
}

/**
 * The report's figures by file name: SVG panels of accuracy and of the structure metrics,
 * and a PNG of the trained matrices of the first seed on the first task (read from the
 * units' `weights/*.npy` under `runDir`) with a text file naming its panels.
 *
 * @example
 * ```ts
 * const figures = await shakibaFigures(".", [], ["W"], ["gonogo"], 24);
 * Object.keys(figures); // accuracy.svg, modularity.svg, smallWorld.svg, entropy.svg
 * ```
 */
export async function shakibaFigures(
  runDir: string,
  results: Shakiba2026Result[],
  variants: string[],
  tasks: string[],
  n: number,
): Promise<Record<string, string | Uint8Array>> {
  const figures: Record<string, string | Uint8Array> = {};
  figures["accuracy.svg"] = panels(
    "held-out test accuracy (red: bio-initialised; dashed: chance)",
    results,
    variants,
    tasks,
    (r) => r.accuracy,
    (t) => CHANCE[t] ?? 0,
    [0, 1],
  );
  for (
    const [key, label] of [
      ["modularity", "modularity Q (greedy CNM, top-10 % |W| graph)"],
      ["smallWorld", "small-worldness σ"],
      ["entropy", "weight entropy (bits, KDE on 100 points)"],
    ] as const
  ) {
    figures[`${key}.svg`] = panels(label, results, variants, tasks, (r) => r[key]);
  }
  // Trained matrices of the first seed on the first task, neurons ordered by module.
  const task = tasks[0];
  const seed = Math.min(...results.map((r) => r.seed));
  const chosen = variants
    .map((v) => results.find((r) => r.variant === v && r.task === task && r.seed === seed))
    .filter((r): r is Shakiba2026Result => r !== undefined);
  if (chosen.length) {
    const data = new Float32Array(chosen.length * n * n);
    for (const [k, r] of chosen.entries()) {
      const w = readNpy(await Deno.readFile(`${runDir}/${r.weightsFile}`)).data as Float32Array;
      const order = [...Array(n).keys()].sort((a, b) => r.modules[a] - r.modules[b] || a - b);
      const top = quantile(Array.from(w, Math.abs), 0.99) || 1;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          data[k * n * n + i * n + j] = Math.abs(w[order[i] * n + order[j]]) / top;
        }
      }
    }
    const grid = frameGrid(data, chosen.length, n, n, { columns: 4, gap: 6, gapValue: 1 });
    figures[`weights_by_module_${task}.png`] = encodePng(grid.pixels, grid.height, grid.width);
    figures[`weights_by_module_${task}.txt`] =
      `panels, left to right, top to bottom (|W| / 99th percentile, white = 1):\n${
        chosen.map((r) => r.variant).join("\n")
      }\n`;
  }
  return figures;
}
