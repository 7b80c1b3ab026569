/**
 * SVG figures for the yan2020 report: true subunits, the STA and the learned conv filters
 * side by side (spatial maps on a diverging scale, temporal kernels as curves), and the
 * transfer matrices with their numbers.
 */
import { esc } from "../_kit/mod.ts";
import { subunitFilters } from "../../biology/rgc/cell.ts";
import type { Yan2020Config } from "./config.ts";
import { cellsOf } from "./data.ts";
import type { SimulatedResult } from "./unit.ts";
import type { RecordedResult } from "./_recorded.ts";

const W = "#ffffff";

function colour(v: number, max: number): string {
  const x = Math.max(-1, Math.min(1, max > 0 ? v / max : 0));
  const mixTo = (c: [number, number, number]) =>
    c.map((ch) => Math.round(255 + (ch - 255) * Math.abs(x)));
  const [r, g, b] = x >= 0 ? mixTo([202, 0, 32]) : mixTo([5, 113, 176]);
  return `rgb(${r},${g},${b})`;
}

function text(x: number, y: number, s: string, size = 11, anchor = "start"): string {
  return `<text x="${x}" y="${y}" font-size="${size}" font-family="sans-serif" ` +
    `text-anchor="${anchor}">${esc(s)}</text>`;
}

/** A `rows × cols` map (row-major) drawn at (x, y) with square cells of `px` pixels. */
function heatmap(
  values: ArrayLike<number>,
  rows: number,
  cols: number,
  x: number,
  y: number,
  px: number,
): string {
  let max = 0;
  for (let i = 0; i < values.length; i++) max = Math.max(max, Math.abs(values[i]));
  const parts: string[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      parts.push(
        `<rect x="${x + c * px}" y="${y + r * px}" width="${px}" height="${px}" ` +
          `fill="${colour(values[r * cols + c], max)}"/>`,
      );
    }
  }
  parts.push(
    `<rect x="${x}" y="${y}" width="${cols * px}" height="${
      rows * px
    }" fill="none" stroke="#888"/>`,
  );
  return parts.join("");
}

/** A curve of `values` (index = frames before the response) in a w × h box at (x, y). */
function curve(values: ArrayLike<number>, x: number, y: number, w: number, h: number): string {
  let max = 0;
  for (let i = 0; i < values.length; i++) max = Math.max(max, Math.abs(values[i]));
  const n = values.length;
  const pts = Array.from({ length: n }, (_, i) => {
    const px = x + (i / Math.max(1, n - 1)) * w;
    const py = y + h / 2 - (max > 0 ? values[i] / max : 0) * (h / 2 - 2);
    return `${px.toFixed(1)},${py.toFixed(1)}`;
  });
  return `<line x1="${x}" y1="${y + h / 2}" x2="${x + w}" y2="${y + h / 2}" stroke="#ccc"/>` +
    `<polyline points="${pts.join(" ")}" fill="none" stroke="#222" stroke-width="1.5"/>` +
    `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="none" stroke="#ddd"/>`;
}

/** One panel: a map with an optional temporal curve underneath and a caption. */
export interface Panel {
  title: string;
  map: ArrayLike<number>;
  rows: number;
  cols: number;
  temporal?: ArrayLike<number>;
}

/** Rows of panels (e.g. true subunits / STA / CNN filters) as one SVG document. */
export function panelsSvg(title: string, rows: { label: string; panels: Panel[] }[]): string {
  const size = 80;
  const gap = 40;
  const rowH = size + 80;
  const width = 130 + Math.max(...rows.map((r) => r.panels.length)) * (size + gap);
  const height = 40 + rows.length * rowH;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">`,
    `<rect width="100%" height="100%" fill="${W}"/>`,
    text(10, 22, title, 14),
  ];
  rows.forEach((row, r) => {
    const y0 = 40 + r * rowH;
    parts.push(text(10, y0 + size / 2, row.label, 12));
    row.panels.forEach((p, i) => {
      const x0 = 130 + i * (size + gap);
      const px = size / Math.max(p.rows, p.cols);
      parts.push(heatmap(p.map, p.rows, p.cols, x0, y0, px));
      if (p.temporal) parts.push(curve(p.temporal, x0, y0 + size + 4, size, 30));
      const [head, ...rest] = p.title.split(" ");
      parts.push(text(x0 + size / 2, y0 + size + 46, head, 10, "middle"));
      if (rest.length) {
        parts.push(text(x0 + size / 2, y0 + size + 58, rest.join(" "), 10, "middle"));
      }
    });
  });
  parts.push("</svg>");
  return parts.join("\n");
}

/** Matrices with labelled rows (trained on) and columns (tested on), values printed. */
export function matricesSvg(
  title: string,
  matrices: { title: string; rows: string[]; cols: string[]; values: number[][] }[],
): string {
  const cell = 70;
  const left = 120;
  let x = 10;
  const parts: string[] = [];
  let height = 0;
  for (const m of matrices) {
    const y0 = 60;
    parts.push(text(x, y0 - 30, m.title, 12));
    m.cols.forEach((c, j) =>
      parts.push(text(x + left + j * cell + cell / 2, y0 - 6, c, 10, "middle"))
    );
    m.rows.forEach((r, i) => {
      parts.push(text(x, y0 + i * cell + cell / 2 + 4, r, 10));
      m.values[i].forEach((v, j) => {
        const fill = Number.isFinite(v) ? colour(v, 1) : "#eee";
        parts.push(
          `<rect x="${x + left + j * cell}" y="${
            y0 + i * cell
          }" width="${cell}" height="${cell}" ` +
            `fill="${fill}" stroke="#fff"/>`,
          text(
            x + left + j * cell + cell / 2,
            y0 + i * cell + cell / 2 + 4,
            Number.isFinite(v) ? v.toFixed(2) : "–",
            12,
            "middle",
          ),
        );
      });
    });
    height = Math.max(height, y0 + m.rows.length * cell + 40);
    x += left + m.cols.length * cell + 40;
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${Math.max(x, 720)}" height="${height}">`,
    `<rect width="100%" height="100%" fill="${W}"/>`,
    text(
      10,
      16,
      title + " (rows: trained on; columns: tested on; Pearson r with the true rate)",
      12,
    ),
    ...parts,
    "</svg>",
  ].join("\n");
}

function filterPanels(
  filters: { spatial: number[]; temporal: number[]; readout: number }[],
  matches: { subunit: number; filter: number; correlation: number }[],
): Panel[] {
  const matched = new Map(matches.map((x) => [x.filter, x]));
  return filters.map((f, c) => {
    const x = matched.get(c);
    const size = Math.round(Math.sqrt(f.spatial.length));
    return {
      title: (x ? `#${c}↔s${x.subunit} r=${x.correlation.toFixed(2)}` : `#${c}`) +
        ` w=${f.readout.toFixed(2)}`,
      map: f.spatial,
      rows: size,
      cols: size,
      temporal: f.temporal,
    };
  });
}

/**
 * The filter figure of the main cell: its true subunits with their temporal filter, the
 * STA, the paper CNN's filters and (when run) the separable CNN's, each labelled with the
 * subunit it matches and its readout weight.
 */
export function filtersFigure(
  config: Pick<Yan2020Config, "cells" | "gain">,
  main: SimulatedResult,
  separable: SimulatedResult | undefined,
): string {
  const cell = cellsOf(config).find((c) => c.name === main.cell)!;
  const trueT = subunitFilters(cell)[0];
  const rows: { label: string; panels: Panel[] }[] = [
    {
      label: "true subunits",
      panels: cell.subunits.map((s, i) => ({
        title: `subunit ${i}`,
        map: s.mask,
        rows: cell.size,
        cols: cell.size,
        temporal: trueT,
      })),
    },
    {
      label: "STA",
      panels: [{
        title: `r = ${main.staFilter.spatialCorrelation.toFixed(2)}`,
        map: main.staFilter.spatial,
        rows: cell.size,
        cols: cell.size,
        temporal: main.staFilter.temporal,
      }],
    },
    {
      label: "CNN filters",
      panels: filterPanels(main.filterMatch.filters, main.filterMatch.matches),
    },
  ];
  if (separable) {
    rows.push({
      label: "separable CNN",
      panels: filterPanels(separable.filterMatch.filters, separable.filterMatch.matches),
    });
  }
  return panelsSvg(`yan2020: subunits, STA and learned filters (${main.cell})`, rows);
}

/** The transfer matrices: cell → cell on white noise, and white noise ↔ natural (CNN, LN). */
export function transferFigure(
  main: string,
  transfer: {
    cells: { train: string[]; test: string[]; matrix: number[][] };
    stimulus?: { train: string[]; test: string[]; matrix: number[][]; ln: number[][] };
  },
): string {
  const matrices = [{
    title: "cell → cell (white noise)",
    rows: transfer.cells.train,
    cols: transfer.cells.test,
    values: transfer.cells.matrix,
  }];
  const s = transfer.stimulus;
  if (s) {
    matrices.push({
      title: `CNN, stimulus (${main})`,
      rows: s.train,
      cols: s.test,
      values: s.matrix,
    });
    matrices.push({ title: `LN, stimulus (${main})`, rows: s.train, cols: s.test, values: s.ln });
  }
  return matricesSvg("yan2020 transfer", matrices);
}

/** The filter figure of a recorded cell: its STA and the CNN's filters. */
export function recordedFiltersFigure(r: RecordedResult): string {
  const n = r.recorded.size;
  const k = Math.round(Math.sqrt(r.filters[0].spatial.length));
  return panelsSvg("yan2020 (recorded cell): STA and CNN filters", [
    {
      label: "STA",
      panels: [{
        title: "STA",
        map: r.staFilter.spatial,
        rows: n,
        cols: n,
        temporal: r.staFilter.temporal,
      }],
    },
    {
      label: "CNN filters",
      panels: r.filters.map((f, c) => ({
        title: `#${c}`,
        map: f.spatial,
        rows: k,
        cols: k,
        temporal: f.temporal,
      })),
    },
  ]);
}
