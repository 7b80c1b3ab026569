import assert from "node:assert/strict";
import { type PickledArray, readPickle, readPickledNpy } from "../../src/io/pickle.ts";
import { encodePickledNpy, nd } from "./_pickle_writer.ts";

const FIXTURE = new URL("./fixtures/numpy_pickled_dict.npy", import.meta.url).pathname;

const arr = (v: unknown) => v as PickledArray;

Deno.test("readPickledNpy: a dict saved by numpy 1.24 (np.save, allow_pickle, protocol 3)", () => {
  // written by: np.save(path, {...}, allow_pickle=True); the values are listed in the test
  const d = readPickledNpy(FIXTURE) as Map<string, unknown>;
  const s = d.get("S_1") as Map<string, unknown>;
  assert.equal(s.get("ntrials"), 3); // numpy int64 scalar
  assert.deepEqual(arr(s.get("WallName")).values, ["leaf1", "circle1", "leaf1"]);
  assert.equal(arr(s.get("WallName")).descr, "U7");
  assert.deepEqual(Array.from(arr(s.get("isRew")).values as Float64Array), [1, 0, 1]);
  assert.equal(s.get("Corridor_Length"), 60);
  assert.deepEqual(Array.from(arr(s.get("ft_PosCum")).values as Float64Array), [0, 1.5, -2.25]);
  assert.equal(s.get("rate"), 0.125);
  assert.deepEqual(Array.from(arr(s.get("LickTrind")).values as Float64Array), [0, 2]);
  assert.equal(s.get("mode"), "Passive");
  assert.deepEqual(Array.from(arr(s.get("u8")).values as Float64Array), [1, 255]);
  assert.deepEqual(Array.from(arr(s.get("be")).values as Float64Array), [1.5]); // '>f8'
  const spks = d.get("spks") as PickledArray[];
  assert.deepEqual(spks.map((a) => a.shape), [[2, 3], [1, 3]]);
  assert.deepEqual(Array.from(spks[0].values as Float64Array), [0, 1, 2, 3, 4, 5]);
  assert.deepEqual(Array.from(spks[1].values as Float64Array), [-1, -1, -1]);
  const obj = arr(d.get("obj"));
  assert.equal(obj.descr, "O");
  assert.deepEqual((obj.values as PickledArray[]).map((a) => Array.from(a.values)), [[1], [2, 3]]);
  assert.deepEqual(d.get("tup"), [1, "a", null]);
  assert.equal(d.get("big"), 2 ** 40);
  assert.equal(d.get("neg"), -5);
  assert.ok(Number.isNaN(d.get("f")));
});

Deno.test("readPickledNpy: reads back what the test writer encodes", () => {
  const bytes = encodePickledNpy({
    a: [nd("f8", [0.5, -2], [1, 2])],
    b: nd("U", ["x", "yz"]),
    c: true,
  });
  const d = readPickledNpy(bytes) as Map<string, unknown>;
  assert.deepEqual(Array.from(arr((d.get("a") as unknown[])[0]).values), [0.5, -2]);
  assert.deepEqual(arr(d.get("b")).values, ["x", "yz"]);
  assert.equal(d.get("c"), true);
});

Deno.test("readPickle: truncated input and unknown opcodes fail with one line", () => {
  assert.throws(
    () => readPickle(Uint8Array.from([0x80, 2, 0x58, 9, 0]), "f.npy"),
    /f\.npy: truncated/,
  );
  assert.throws(
    () => readPickle(Uint8Array.from([0x80, 2, 0x01]), "f.npy"),
    /unsupported pickle opcode 0x1/,
  );
});
