/**
 * Builds a connectome from a synapse table and a cell table, the shape CAVE exports take:
 * synapses (pre id, post id, size) and cells (id, soma position). CSV (with a header row)
 * and Parquet are read; column names follow CAVE (`pre_pt_root_id`, `post_pt_root_id`,
 * `size`, `pt_root_id`, `pt_position` or `pt_position_x/y/z`) with short aliases.
 */
// deno-lint-ignore no-import-prefix -- mod.ts must import from a URL without an import map
import { parquetReadObjects } from "npm:hyparquet@1.31.5";
import { InputError } from "../../util/errors.ts";
import { numberField, parseCsv } from "./_csv.ts";
import { MICRONS_VOXEL_NM } from "./microns.ts";
import type { Connectome } from "./types.ts";

type Row = Record<string, unknown>;

const PRE = ["pre_pt_root_id", "pre_root_id", "pre_id", "pre"];
const POST = ["post_pt_root_id", "post_root_id", "post_id", "post"];
const SIZE = ["size", "synapse_size", "weight"];
const ID = ["pt_root_id", "root_id", "cell_id", "id"];
const POS = ["pt_position", "position"];
const XYZ = [["pt_position_x", "pt_position_y", "pt_position_z"], ["x", "y", "z"]];

/** Options of {@link loadSynapseTable}. */
export interface SynapseTableOptions {
  /** µm per position unit for x, y, z (default: MICrONS voxels, 0.004 × 0.004 × 0.04). */
  umPerUnit?: [number, number, number];
  /** Name for the connectome (default: the synapse file name). */
  name?: string;
}

async function readTable(path: string): Promise<Row[]> {
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch {
    throw new InputError(`${path}: cannot be read`);
  }
  if (/\.(parquet|pq)$/i.test(path)) {
    try {
      const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      return await parquetReadObjects({ file: buf as ArrayBuffer });
    } catch (error) {
      const msg = error instanceof Error ? error.message.split("\n")[0] : String(error);
      throw new InputError(`${path}: not a readable Parquet file (${msg})`);
    }
  }
  const rows = parseCsv(new TextDecoder().decode(bytes));
  if (rows.length < 2) throw new InputError(`${path}: expected a header row and data rows`);
  const header = rows[0];
  return rows.slice(1).map((r, i) => {
    if (r.length !== header.length) {
      throw new InputError(
        `${path}: row ${i + 2} has ${r.length} fields, header has ${header.length}`,
      );
    }
    return Object.fromEntries(header.map((h, k) => [h, r[k]]));
  });
}

function column(rows: Row[], names: string[], path: string, what: string): string | null {
  const keys = Object.keys(rows[0] ?? {});
  const found = names.find((n) => keys.includes(n));
  if (found === undefined && what) {
    throw new InputError(`${path}: no ${what} column (tried ${names.join(", ")})`);
  }
  return found ?? null;
}

function idOf(v: unknown, where: string): string {
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  if (typeof v === "string" && v.trim() !== "") return v.trim();
  throw new InputError(`${where}: missing id`);
}

function num(v: unknown, where: string): number {
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new InputError(`${where}: non-finite value`);
    return v;
  }
  if (typeof v === "bigint") return Number(v);
  return numberField(String(v ?? ""), where);
}

function positionOf(row: Row, path: string, i: number): [number, number, number] {
  for (const name of POS) {
    if (!(name in row)) continue;
    let v = row[name];
    if (typeof v === "string") v = v.replace(/[[\]()]/g, "").trim().split(/[\s,]+/).map(Number);
    if (Array.isArray(v) && v.length === 3) {
      return [
        num(v[0], `${path} row ${i}`),
        num(v[1], `${path} row ${i}`),
        num(v[2], `${path} row ${i}`),
      ];
    }
    throw new InputError(`${path}: row ${i} ${name} is not an (x, y, z) triple`);
  }
  for (const names of XYZ) {
    if (names.every((n) => n in row)) {
      return names.map((n) => num(row[n], `${path} row ${i} ${n}`)) as [number, number, number];
    }
  }
  throw new InputError(`${path}: no position columns (pt_position, pt_position_x/y/z or x/y/z)`);
}

/**
 * Reads a synapse table and a cell table into a {@link Connectome} whose neurons are the
 * cells, in table order; weights are summed synapse sizes (or counts without a size
 * column). Synapses between cells not in the cell table are dropped.
 *
 * @example
 * ```ts
 * import { loadSynapseTable } from "@prevision/prevision/biology";
 * const c = await loadSynapseTable("synapses.parquet", "cells.csv");
 * console.log(c.n, c.adjacency.filter((w) => w > 0).length);
 * ```
 */
export async function loadSynapseTable(
  synapsePath: string,
  cellPath: string,
  options: SynapseTableOptions = {},
): Promise<Connectome & { dropped: number }> {
  const cells = await readTable(cellPath);
  if (cells.length === 0) throw new InputError(`${cellPath}: no cells`);
  const idCol = column(cells, ID, cellPath, "cell id")!;
  const scale = options.umPerUnit ??
    MICRONS_VOXEL_NM.map((v) => v / 1000) as [number, number, number];
  const n = cells.length;
  const index = new Map<string, number>();
  const positions = new Float64Array(n * 3);
  cells.forEach((row, i) => {
    const id = idOf(row[idCol], `${cellPath} row ${i + 1}`);
    if (index.has(id)) throw new InputError(`${cellPath}: cell id ${id} appears twice`);
    index.set(id, i);
    const p = positionOf(row, cellPath, i + 1);
    for (let k = 0; k < 3; k++) positions[i * 3 + k] = p[k] * scale[k];
  });
  const syn = await readTable(synapsePath);
  if (syn.length === 0) throw new InputError(`${synapsePath}: no synapses`);
  const preCol = column(syn, PRE, synapsePath, "presynaptic id")!;
  const postCol = column(syn, POST, synapsePath, "postsynaptic id")!;
  const sizeCol = column(syn, SIZE, synapsePath, "");
  const adjacency = new Float64Array(n * n);
  let dropped = 0;
  syn.forEach((row, r) => {
    const pre = index.get(idOf(row[preCol], `${synapsePath} row ${r + 1}`));
    const post = index.get(idOf(row[postCol], `${synapsePath} row ${r + 1}`));
    if (pre === undefined || post === undefined) {
      dropped++;
      return;
    }
    const size = sizeCol ? num(row[sizeCol], `${synapsePath} row ${r + 1} size`) : 1;
    if (size < 0) throw new InputError(`${synapsePath}: row ${r + 1} has a negative size`);
    adjacency[pre * n + post] += size;
  });
  return {
    name: options.name ?? synapsePath.split("/").pop()!,
    n,
    adjacency,
    positions,
    ids: [...index.keys()],
    dropped,
  };
}
