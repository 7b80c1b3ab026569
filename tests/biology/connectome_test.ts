import assert from "node:assert/strict";
import { join } from "node:path";
import { parquetWriteBuffer } from "hyparquet-writer";
import {
  bioWeights,
  defaultGrid,
  gridDistances,
  loadMicronsField,
  loadSynapseTable,
  orthogonal,
  parseGrid,
  permuteNodes,
  perronRoot,
  spatialDistances,
  syntheticConnectome,
} from "../../src/biology/connectome/mod.ts";
import { InputError } from "../../src/util/errors.ts";
import { encodeNpy } from "../../src/io/npy.ts";
import { MICRONS, requires } from "../_tools.ts";

const DATA = MICRONS;

Deno.test({
  ...requires("microns: both real fields load with µm positions and the paper's grids", "microns"),
  fn() {
    const a = loadMicronsField(join(DATA, "6_6_2"));
    assert.equal(a.n, 312);
    assert.deepEqual(a.grid, [12, 13, 2]);
    // README's 338 for 6_6_2 (203 for 4_7_8) is the sum of the matrix: entries are synapse
    // counts (0–4), 316 ordered pairs of neurons are connected.
    assert.equal(a.adjacency.reduce((x, y) => x + y, 0), 338);
    assert.equal(a.adjacency.filter((v) => v > 0).length, 316);
    // first soma: (167584, 104848, 26197) voxels × (4, 4, 40) nm
    assert.ok(Math.abs(a.positions[0] - 670.336) < 1e-9);
    assert.ok(Math.abs(a.positions[2] - 1047.88) < 1e-9);
    assert.equal(a.ids![0], "864691135464074909");
    const b = loadMicronsField(join(DATA, "4_7_8"));
    assert.equal(b.n, 193);
    assert.deepEqual(b.grid, [193, 1, 1]);
    assert.equal(b.corr!.length, 193 * 193);
    assert.equal(b.adjacency.reduce((x, y) => x + y, 0), 203);
  },
});

function tempField(files: Record<string, Uint8Array | string>): string {
  const dir = Deno.makeTempDirSync({ prefix: "field-" });
  for (const [name, data] of Object.entries(files)) {
    if (typeof data === "string") Deno.writeTextFileSync(join(dir, name), data);
    else Deno.writeFileSync(join(dir, name), data);
  }
  return dir;
}

function goodFiles(n: number): Record<string, Uint8Array | string> {
  const header = "," + Array.from({ length: n }, (_, i) => i).join(",");
  const rows = Array.from({ length: n }, (_, i) => `${i},` + Array(n).fill(0).join(","));
  const eye = new Float64Array(n * n).map((_, k) => (k % (n + 1) === 0 ? 1 : 0));
  return {
    "connectome_t.csv": [header, ...rows].join("\n"),
    "positions_t.npy": encodeNpy(new Float64Array(n * 3).map((_, k) => k), [n, 3]),
    "corr_matrix.npy": encodeNpy(eye, [n, n]),
    "sttc_matrix.npy": encodeNpy(eye, [n, n]),
  };
}

Deno.test("microns: malformed folders give one-line InputErrors", () => {
  const ok = tempField(goodFiles(4));
  assert.equal(loadMicronsField(ok).n, 4);
  const cases: [Record<string, Uint8Array | string | null>, RegExp][] = [
    [{ "connectome_t.csv": null }, /no connectome/],
    [{ "corr_matrix.npy": null }, /no corr_matrix/],
    [{ "positions_t.npy": encodeNpy(new Float64Array(8), [4, 2]) }, /expected \[4, 3\]/],
    [{ "sttc_matrix.npy": encodeNpy(new Float64Array(9), [3, 3]) }, /expected \[4, 4\]/],
    [{ "connectome_t.csv": ",0,1\n0,0,1\n1,0,x" }, /not a number/],
    [{ "connectome_t.csv": ",0,1,2\n0,0,1,0\n1,0,0,0" }, /square/],
    [{ "corr_matrix.npy": new Uint8Array([1, 2, 3]) }, /NPY|npy/i],
  ];
  for (const [change, pattern] of cases) {
    const files: Record<string, Uint8Array | string> = { ...goodFiles(4) };
    for (const [k, v] of Object.entries(change)) {
      if (v === null) delete files[k];
      else files[k] = v;
    }
    const dir = tempField(files);
    assert.throws(() => loadMicronsField(dir), (e: unknown) => {
      assert.ok(e instanceof InputError, String(e));
      assert.match(e.message, pattern);
      assert.ok(!e.message.includes("\n"));
      return true;
    });
  }
  assert.throws(() => loadMicronsField("/nonexistent/field"), InputError);
});

Deno.test("synapse tables: CSV and Parquet give the same connectome", async () => {
  const dir = Deno.makeTempDirSync({ prefix: "syn-" });
  Deno.writeTextFileSync(
    join(dir, "cells.csv"),
    "pt_root_id,pt_position_x,pt_position_y,pt_position_z\n11,100,200,10\n22,0,0,0\n33,250,250,25\n",
  );
  Deno.writeTextFileSync(
    join(dir, "syn.csv"),
    "pre_pt_root_id,post_pt_root_id,size\n11,22,100\n11,22,50\n22,33,7\n33,99,5\n",
  );
  const a = await loadSynapseTable(join(dir, "syn.csv"), join(dir, "cells.csv"));
  assert.equal(a.n, 3);
  assert.equal(a.adjacency[0 * 3 + 1], 150);
  assert.equal(a.adjacency[1 * 3 + 2], 7);
  assert.equal(a.dropped, 1);
  assert.ok(Math.abs(a.positions[0] - 0.4) < 1e-12); // 100 voxels × 4 nm
  assert.ok(Math.abs(a.positions[2] - 0.4) < 1e-12); // 10 voxels × 40 nm
  const syn = parquetWriteBuffer({
    columnData: [
      { name: "pre_pt_root_id", data: [11n, 11n, 22n, 33n], type: "INT64" },
      { name: "post_pt_root_id", data: [22n, 22n, 33n, 99n], type: "INT64" },
      { name: "size", data: [100, 50, 7, 5], type: "INT32" },
    ],
  });
  const cells = parquetWriteBuffer({
    columnData: [
      { name: "pt_root_id", data: [11n, 22n, 33n], type: "INT64" },
      { name: "pt_position_x", data: [100, 0, 250], type: "DOUBLE" },
      { name: "pt_position_y", data: [200, 0, 250], type: "DOUBLE" },
      { name: "pt_position_z", data: [10, 0, 25], type: "DOUBLE" },
    ],
  });
  Deno.writeFileSync(join(dir, "syn.parquet"), new Uint8Array(syn));
  Deno.writeFileSync(join(dir, "cells.parquet"), new Uint8Array(cells));
  const b = await loadSynapseTable(join(dir, "syn.parquet"), join(dir, "cells.parquet"));
  assert.deepEqual(Array.from(b.adjacency), Array.from(a.adjacency));
  assert.deepEqual(Array.from(b.positions), Array.from(a.positions));
  assert.deepEqual(b.ids, ["11", "22", "33"]);
  Deno.writeTextFileSync(join(dir, "bad.csv"), "a,b\n1,2\n");
  await assert.rejects(
    () => loadSynapseTable(join(dir, "bad.csv"), join(dir, "cells.csv")),
    /presynaptic/,
  );
  Deno.writeTextFileSync(join(dir, "bad.parquet"), "not parquet");
  await assert.rejects(
    () => loadSynapseTable(join(dir, "syn.csv"), join(dir, "bad.parquet")),
    InputError,
  );
});

Deno.test("synthetic connectome: distance-dependent wiring and correlated neighbours", () => {
  const c = syntheticConnectome({ n: 120, seed: 4, bins: 400 });
  const d = spatialDistances(c.positions, c.n);
  let near = 0, nearPairs = 0, far = 0, farPairs = 0, cNear = 0, cFar = 0;
  for (let i = 0; i < c.n; i++) {
    for (let j = 0; j < c.n; j++) {
      if (i === j) continue;
      const k = i * c.n + j;
      if (d[k] < 0.25) {
        nearPairs++;
        near += c.adjacency[k];
        cNear += c.corr![k];
      } else if (d[k] > 0.6) {
        farPairs++;
        far += c.adjacency[k];
        cFar += c.corr![k];
      }
    }
  }
  assert.ok(near / nearPairs > 3 * (far / farPairs), `${near / nearPairs} vs ${far / farPairs}`);
  assert.ok(cNear / nearPairs > cFar / farPairs + 0.05);
  const again = syntheticConnectome({ n: 120, seed: 4, bins: 400 });
  assert.deepEqual(again.adjacency, c.adjacency);
});

Deno.test("W*: mean-0.1 lognormal ⊙ function, floored, spectral radius 0.95; W! permutes", () => {
  const c = syntheticConnectome({ n: 50, seed: 2, bins: 300 });
  const w = bioWeights(c, 1);
  assert.ok(Math.abs(perronRoot(w, 50) - 0.95) < 1e-8);
  assert.ok(w.every((v) => v === 0 || v >= 0.01 * 0.95 / 10)); // floor survives the rescale
  const p = permuteNodes(w, 50, 3);
  assert.deepEqual([...p].sort(), [...w].sort());
  assert.ok(Math.abs(perronRoot(p, 50) - 0.95) < 1e-8);
  assert.notDeepEqual(p, w);
});

Deno.test("perron root of known matrices", () => {
  assert.ok(Math.abs(perronRoot([2, 1, 1, 2], 2) - 3) < 1e-9);
  assert.ok(Math.abs(perronRoot([0, 1, 0, 0, 0, 1, 1, 0, 0], 3) - 1) < 1e-9); // 3-cycle
});

Deno.test("orthogonal init is orthogonal", () => {
  const n = 40;
  const q = orthogonal(n, 5);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += q[k * n + i] * q[k * n + j];
      assert.ok(Math.abs(s - (i === j ? 1 : 0)) < 1e-12);
    }
  }
});

Deno.test("grid distances follow numpy meshgrid order; grids parse and default", () => {
  const d = gridDistances([3, 2, 2]);
  const n = 12;
  // meshgrid(x=0..2, y=0..1, z=0..1) raveled: index 1 is (x0,y0,z1), index 2 is (x1,y0,z0)
  assert.equal(d[0 * n + 1], 1);
  assert.equal(d[0 * n + 2], 1);
  assert.equal(d[0 * n + 6], 1); // (x0, y1, z0)
  assert.ok(Math.abs(d[0 * n + 11] - Math.sqrt(4 + 1 + 1)) < 1e-12);
  assert.deepEqual(defaultGrid(312), [8, 6, 6.5].length === 3 ? defaultGrid(312) : []);
  assert.equal(defaultGrid(312).reduce((a, b) => a * b), 312);
  assert.deepEqual(defaultGrid(193), [193, 1, 1]);
  assert.deepEqual(parseGrid("12x13x2", 312), [12, 13, 2]);
  assert.throws(() => parseGrid("12x13x3", 312), InputError);
});
