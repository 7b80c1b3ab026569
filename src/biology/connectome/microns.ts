/**
 * Loads a MICrONS functional-connectomics field folder in the layout published with
 * Shakiba et al. 2026: `connectome_<f>.csv`, `positions_<f>.npy` (voxels),
 * `corr_matrix.npy`, `sttc_matrix.npy`, optional `precision_matrix.npy` and
 * `root_ids_<f>.npy`. Anything missing or inconsistent is a one-line InputError.
 */
import { basename, join } from "node:path";
import { readNpy } from "../../io/npy.ts";
import { InputError } from "../../util/errors.ts";
import { parseIndexedMatrix } from "./_csv.ts";
import type { Connectome } from "./types.ts";

/** MICrONS voxel size in nm (x, y, z). */
export const MICRONS_VOXEL_NM: readonly [number, number, number] = [4, 4, 40];

/** Grids the paper used for the "D" control, by field. */
export const MICRONS_GRIDS: Record<string, [number, number, number]> = {
  "6_6_2": [12, 13, 2],
  "4_7_8": [193, 1, 1],
};

function listDir(folder: string): string[] {
  try {
    return [...Deno.readDirSync(folder)].filter((e) => e.isFile).map((e) => e.name);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) throw new InputError(`${folder}: no such folder`);
    if (error instanceof Error && /Not a directory/i.test(error.message)) {
      throw new InputError(`${folder}: not a folder`);
    }
    throw error;
  }
}

function pick(files: string[], folder: string, pattern: RegExp, what: string): string | null {
  const found = files.filter((f) => pattern.test(f));
  if (found.length > 1) {
    throw new InputError(`${folder}: several ${what} files (${found.join(", ")})`);
  }
  return found.length ? join(folder, found[0]) : null;
}

function matrix(path: string, n: number, what: string): Float64Array {
  const a = readNpy(path);
  if (a.shape.length !== 2 || a.shape[0] !== n || a.shape[1] !== n) {
    throw new InputError(`${path}: ${what} has shape [${a.shape}], expected [${n}, ${n}]`);
  }
  const data = Float64Array.from(a.data as ArrayLike<number>, Number);
  if (data.some((v) => !Number.isFinite(v))) {
    throw new InputError(`${path}: ${what} contains NaN or infinite values`);
  }
  return data;
}

/**
 * Reads a field folder; positions are converted from voxels to µm.
 *
 * @example
 * ```ts
 * import { loadMicronsField } from "@prevision/prevision/biology";
 * const c = loadMicronsField("../shared/data/microns/6_6_2");
 * console.log(c.n, c.grid); // 312 [12, 13, 2]
 * ```
 */
export function loadMicronsField(folder: string): Connectome {
  const files = listDir(folder);
  const csv = pick(files, folder, /^connectome.*\.csv$/, "connectome CSV");
  if (!csv) {
    throw new InputError(`${folder}: no connectome_<field>.csv (not a MICrONS field folder?)`);
  }
  let text: string;
  try {
    text = Deno.readTextFileSync(csv);
  } catch {
    throw new InputError(`${csv}: cannot be read`);
  }
  const { n, data: adjacency } = parseIndexedMatrix(text, csv);
  const posPath = pick(files, folder, /^positions.*\.npy$/, "positions");
  if (!posPath) throw new InputError(`${folder}: no positions_<field>.npy`);
  const pos = readNpy(posPath);
  if (pos.shape.length !== 2 || pos.shape[0] !== n || pos.shape[1] !== 3) {
    throw new InputError(`${posPath}: positions have shape [${pos.shape}], expected [${n}, 3]`);
  }
  const positions = new Float64Array(n * 3);
  for (let i = 0; i < n * 3; i++) {
    const v = Number(pos.data[i]);
    if (!Number.isFinite(v)) throw new InputError(`${posPath}: non-finite position`);
    positions[i] = (v * MICRONS_VOXEL_NM[i % 3]) / 1000;
  }
  const corrPath = pick(files, folder, /^corr_matrix\.npy$/, "correlation");
  const sttcPath = pick(files, folder, /^sttc_matrix\.npy$/, "STTC");
  if (!corrPath) throw new InputError(`${folder}: no corr_matrix.npy`);
  if (!sttcPath) throw new InputError(`${folder}: no sttc_matrix.npy`);
  const precPath = pick(files, folder, /^precision_matrix\.npy$/, "precision");
  const idsPath = pick(files, folder, /^root_ids.*\.npy$/, "root id");
  let ids: string[] | undefined;
  if (idsPath) {
    const a = readNpy(idsPath);
    if (a.data.length !== n) {
      throw new InputError(`${idsPath}: ${a.data.length} ids for ${n} neurons`);
    }
    ids = Array.from(a.data as ArrayLike<number | bigint>, (v) => String(v));
  }
  const name = basename(folder.replace(/\/+$/, ""));
  const m = csv.match(/connectome_(.+)\.csv$/);
  const field = m ? m[1] : name;
  const grid = MICRONS_GRIDS[field] && MICRONS_GRIDS[field].reduce((a, b) => a * b) === n
    ? MICRONS_GRIDS[field]
    : undefined;
  return {
    name: field,
    n,
    adjacency,
    positions,
    corr: matrix(corrPath, n, "correlation"),
    sttc: matrix(sttcPath, n, "STTC"),
    precision: precPath ? matrix(precPath, n, "precision") : undefined,
    ids,
    grid,
  };
}
