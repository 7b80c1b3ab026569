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
  /** Cells per lattice row (cell index = row·cols + col). */
  cols: number;
  /** Per parity of the source row: weight rows (row offset, first column offset, weights). */
  stencils: { dr: number; dc0: number; weights: number[] }[][];
  /** 1 where a cell's whole stencil lies inside the lattice (vectorised scatter). */
  interior: Uint8Array;
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
  // Weights depend only on the offset (dr, dc) and the parity of the source row, so they
  // are computed once per parity as a stencil; the CSR lists and the kernel's vectorised
  // scatter both use these exact integers.
  const area = Math.PI * radius * radius;
  const reach = Math.ceil((2 * radius) / rowStep) + 1;
  const stencils = [0, 1].map((parity) => {
    const rowsOut: { dr: number; dc0: number; weights: number[] }[] = [];
    for (let dr = -reach; dr <= reach; dr++) {
      const shift = (((parity + dr) % 2) + 2) % 2 ? 0.5 : 0;
      const ws: [number, number][] = [];
      for (let dc = -reach - 1; dc <= reach + 1; dc++) {
        if (dr === 0 && dc === 0) continue;
        const dx = (dc + shift - (parity ? 0.5 : 0)) * spacing, dy = dr * rowStep;
        const w = Math.round((1024 * discOverlap(Math.hypot(dx, dy), radius)) / area);
        if (w > 0) ws.push([dc, w]);
      }
      if (ws.length === 0) continue;
      const dc0 = ws[0][0], dc1 = ws[ws.length - 1][0];
      const weights = new Array(dc1 - dc0 + 1).fill(0);
      for (const [dc, w] of ws) weights[dc - dc0] = w;
      rowsOut.push({ dr, dc0, weights });
    }
    return rowsOut;
  });
  const offsets = new Int32Array(cells + 1);
  const interior = new Uint8Array(cells);
  const nbr: number[] = [], wts: number[] = [];
  for (let i = 0; i < real; i++) {
    const ri = Math.floor(i / cols), ci = i % cols;
    let inside = true;
    for (const { dr, dc0, weights } of stencils[ri % 2]) {
      const r = ri + dr;
      if (r < 0 || r >= rows || ci + dc0 < 0 || ci + dc0 + weights.length > cols) inside = false;
      if (r < 0 || r >= rows) continue;
      weights.forEach((w, k) => {
        const c = ci + dc0 + k;
        if (w === 0 || c < 0 || c >= cols) return;
        nbr.push(r * cols + c);
        wts.push(w);
      });
    }
    interior[i] = inside ? 1 : 0;
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
    cols,
    stencils,
    interior,
    offsets,
    neighbours: Int32Array.from(nbr),
    weights: Int32Array.from(wts),
    pixelCell,
    x,
    y,
  };
}
