/**
 * The starburst-amacrine lattice of the Godfrey & Swindale (2007) model: cells on a
 * hexagonal grid, coupled by the overlap area of their circular dendritic fields, and the
 * map from output pixels to the nearest cell.
 */

/** Geometry and coupling of the lattice, as flat arrays the kernel can take. */
export interface Lattice {
  /** Number of cells (a multiple of 4: padding cells have no neighbours and never fire). */
  cells: number;
  /** Real (non-padding) cells. */
  real: number;
  /** CSR offsets (cells + 1) into `neighbours` / `weights`. */
  offsets: Int32Array;
  neighbours: Int32Array;
  /** Overlap area / dendritic-field area, in units of 1/1024. */
  weights: Int32Array;
  /** For each output pixel (size·size, row-major), the nearest cell. */
  pixelCell: Int32Array;
  /** Cell positions in µm. */
  x: Float64Array;
  y: Float64Array;
}

/** Overlap area of two discs of radius r whose centres are d apart. */
export function discOverlap(d: number, r: number): number {
  if (d >= 2 * r) return 0;
  return 2 * r * r * Math.acos(d / (2 * r)) - (d / 2) * Math.sqrt(4 * r * r - d * d);
}

/** Builds a hexagonal lattice covering a field×field µm square rendered at size×size. */
export function hexLattice(field: number, spacing: number, radius: number, size: number): Lattice {
  const rowStep = (spacing * Math.sqrt(3)) / 2;
  const rows = Math.max(1, Math.round(field / rowStep));
  const cols = Math.max(1, Math.round(field / spacing));
  const real = rows * cols;
  const cells = Math.ceil(real / 4) * 4;
  const x = new Float64Array(real), y = new Float64Array(real);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      x[r * cols + c] = (c + 0.5 + (r % 2 ? 0.5 : 0)) * spacing;
      y[r * cols + c] = (r + 0.5) * rowStep;
    }
  }
  const area = Math.PI * radius * radius;
  const reach = Math.ceil((2 * radius) / rowStep) + 1;
  const offsets = new Int32Array(cells + 1);
  const nbr: number[] = [], wts: number[] = [];
  for (let i = 0; i < real; i++) {
    const ri = Math.floor(i / cols), ci = i % cols;
    for (let r = Math.max(0, ri - reach); r <= Math.min(rows - 1, ri + reach); r++) {
      for (let c = Math.max(0, ci - reach - 1); c <= Math.min(cols - 1, ci + reach + 1); c++) {
        const j = r * cols + c;
        if (j === i) continue;
        const w = Math.round(
          (1024 * discOverlap(Math.hypot(x[i] - x[j], y[i] - y[j]), radius)) / area,
        );
        if (w > 0) {
          nbr.push(j);
          wts.push(w);
        }
      }
    }
    offsets[i + 1] = nbr.length;
  }
  for (let i = real; i < cells; i++) offsets[i + 1] = nbr.length;
  const pixelCell = new Int32Array(size * size);
  for (let pr = 0; pr < size; pr++) {
    for (let pc = 0; pc < size; pc++) {
      const px = ((pc + 0.5) * field) / size, py = ((pr + 0.5) * field) / size;
      const r0 = Math.min(rows - 1, Math.max(0, Math.round(py / rowStep - 0.5)));
      let best = 0, bestD = Infinity;
      for (let r = Math.max(0, r0 - 1); r <= Math.min(rows - 1, r0 + 1); r++) {
        const c0 = Math.round(px / spacing - 0.5 - (r % 2 ? 0.5 : 0));
        for (let c = Math.max(0, c0 - 1); c <= Math.min(cols - 1, c0 + 1); c++) {
          const j = r * cols + c;
          const d = (x[j] - px) ** 2 + (y[j] - py) ** 2;
          if (d < bestD) {
            bestD = d;
            best = j;
          }
        }
      }
      pixelCell[pr * size + pc] = best;
    }
  }
  return {
    cells,
    real,
    offsets,
    neighbours: Int32Array.from(nbr),
    weights: Int32Array.from(wts),
    pixelCell,
    x,
    y,
  };
}
