import assert from "node:assert/strict";
import { encodeNpy, npyToFloat64, readNpy, writeNpy } from "../../src/io/npy.ts";
import { InputError } from "../../src/util/errors.ts";
import { MICRONS, requires } from "../_tools.ts";

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;

Deno.test("readNpy reads numpy-written files of every supported kind", () => {
  const f4 = readNpy(fixture("f4_c.npy"));
  assert.equal(f4.dtype, "float32");
  assert.deepEqual(f4.shape, [2, 3, 4]);
  assert.ok(f4.data instanceof Float32Array);
  assert.equal(f4.data[23], 23 / 8);

  const fortran = readNpy(fixture("f8_fortran.npy"));
  assert.equal(fortran.fortranOrder, true);
  assert.deepEqual(
    Array.from(fortran.data as Float64Array),
    Array.from({ length: 24 }, (_, i) => i),
  );

  const big = readNpy(fixture("i4_big.npy"));
  assert.equal(big.dtype, "int32");
  assert.deepEqual(Array.from(big.data as Int32Array), [-3, -2, -1, 0, 1, 2]);

  const i8 = readNpy(fixture("i8.npy"));
  assert.ok(i8.data instanceof BigInt64Array);
  assert.deepEqual(Array.from(i8.data as BigInt64Array), [-(2n ** 62n), 0n, 2n ** 62n + 1n]);

  assert.deepEqual(Array.from(readNpy(fixture("bool.npy")).data as Uint8Array), [1, 0, 1]);
  assert.equal(readNpy(fixture("bool.npy")).dtype, "bool");
  assert.deepEqual(Array.from(readNpy(fixture("u2.npy")).data as Uint16Array), [0, 65535, 7]);
  const scalar = readNpy(fixture("i1_scalar.npy"));
  assert.deepEqual(scalar.shape, []);
  assert.equal(scalar.data[0], -5);
  const v2 = readNpy(fixture("f4_v2.npy"));
  assert.deepEqual(v2.shape, [2, 3]);
  assert.deepEqual(Array.from(v2.data as Float32Array), [0, 1, 2, 3, 4, 5]);
});

Deno.test({
  ...requires("readNpy reads the MICrONS matrices", "microns"),
  fn() {
    const corr = readNpy(`${MICRONS}4_7_8/corr_matrix.npy`);
    assert.deepEqual(corr.shape, [193, 193]);
    assert.equal(corr.dtype, "float64");
    const ids = readNpy(`${MICRONS}4_7_8/root_ids_4_7_8.npy`);
    assert.equal(ids.dtype, "int64");
    assert.equal(npyToFloat64(ids.data).length, 193);
  },
});

Deno.test("encodeNpy → readNpy round-trips every dtype, headers are 64-byte aligned", () => {
  const cases = [
    new Float32Array([1.5, -2, 3]),
    new Float64Array([1e-300, 2, 3]),
    new Int8Array([-128, 0, 127]),
    new Uint8Array([0, 1, 255]),
    new Int16Array([-1, 2, 3]),
    new Uint16Array([1, 2, 65535]),
    new Int32Array([-(2 ** 31), 0, 5]),
    new Uint32Array([2 ** 32 - 1, 0, 5]),
    new BigInt64Array([-1n, 2n, 3n]),
  ];
  for (const data of cases) {
    const bytes = encodeNpy(data, [3]);
    const view = new DataView(bytes.buffer);
    assert.equal((10 + view.getUint16(8, true)) % 64, 0);
    const back = readNpy(bytes);
    assert.deepEqual(back.shape, [3]);
    assert.deepEqual(
      Array.from(back.data as ArrayLike<number>),
      Array.from(data as ArrayLike<number>),
    );
    assert.equal(back.data.constructor, data.constructor);
  }
  const bools = readNpy(encodeNpy(new Uint8Array([1, 0]), [2], { dtype: "bool" }));
  assert.equal(bools.dtype, "bool");
  const converted = readNpy(encodeNpy([1.25, 2.5], [1, 2], { dtype: "float32" }));
  assert.ok(converted.data instanceof Float32Array);
  assert.deepEqual(converted.shape, [1, 2]);
});

Deno.test("encodeNpy uses a v2 header when the shape text exceeds 64 KiB", () => {
  const shape = new Array(30000).fill(1);
  const bytes = encodeNpy(new Float32Array([7]), shape);
  assert.equal(bytes[6], 2);
  const back = readNpy(bytes);
  assert.equal(back.shape.length, 30000);
  assert.equal(back.data[0], 7);
});

Deno.test("writeNpy writes atomically and python-compatible bytes", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/a.npy`;
  await writeNpy(path, new Float32Array([1, 2, 3, 4]), [2, 2]);
  const back = readNpy(path);
  assert.deepEqual(Array.from(back.data as Float32Array), [1, 2, 3, 4]);
  assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["a.npy"]);
  // Byte-identical to numpy's own output for the same array (numpy pads to 64 bytes).
  const numpy = Deno.readFileSync(fixture("f4_v2.npy"));
  assert.equal(numpy[6], 2);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("corrupt, truncated and unsupported NPY input is a one-line InputError", () => {
  const good = encodeNpy(new Float32Array(16), [4, 4]);
  const bad: [Uint8Array, RegExp][] = [
    [good.subarray(0, good.length - 1), /truncated NPY file/],
    [good.subarray(0, 40), /truncated NPY header/],
    [new Uint8Array([1, 2, 3]), /not an NPY file/],
    [
      new Uint8Array([
        ...good.subarray(0, 10),
        ...new TextEncoder().encode("{'descr': 'x'}".padEnd(118)),
      ]),
      /malformed|unsupported/,
    ],
  ];
  const complex = good.slice();
  const at = new TextDecoder("latin1").decode(complex).indexOf("'<f4'");
  complex.set(new TextEncoder().encode("'<c8'"), at);
  bad.push([complex, /unsupported NPY dtype/]);
  const badVersion = good.slice();
  badVersion[6] = 9;
  bad.push([badVersion, /unsupported NPY format version/]);
  for (const [bytes, pattern] of bad) {
    assert.throws(() => readNpy(bytes), (e: unknown) => {
      assert.ok(e instanceof InputError, String(e));
      assert.match(e.message, pattern);
      assert.ok(!e.message.includes("\n"));
      return true;
    });
  }
  assert.throws(() => readNpy("/nonexistent/x.npy"), InputError);
  assert.throws(() => encodeNpy(new Float32Array(3), [2, 2]), InputError);
  assert.throws(() => encodeNpy(new Float32Array(0), [-1, 0]), InputError);
});

/** An NPY v1 file with `dict` as its header and `data` after it. */
function npyWith(dict: string, data: Uint8Array): Uint8Array {
  const total = Math.ceil((10 + dict.length + 1) / 64) * 64;
  const out = new Uint8Array(total + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(out.buffer).setUint16(8, total - 10, true);
  const body = dict.padEnd(total - 11, " ") + "\n";
  for (let i = 0; i < body.length; i++) out[10 + i] = body.charCodeAt(i);
  out.set(data, total);
  return out;
}

Deno.test("readNpy refuses shapes numpy would not write ((1e3,), (0x1800,), (2.0,))", () => {
  for (const shape of ["(1e3,)", "(0x1800,)", "(2.0,)", "(-1,)", "(+2,)"]) {
    const bytes = npyWith(
      `{'descr': '|u1', 'fortran_order': False, 'shape': ${shape}, }`,
      new Uint8Array(6144),
    );
    assert.throws(() => readNpy(bytes), /shape/, shape);
  }
});

Deno.test("readNpy takes the last of duplicate header keys, as numpy does", () => {
  const dict =
    "{'descr': '<f8', 'fortran_order': False, 'shape': (4,), 'descr': '|u1', 'shape': (2,), }";
  const array = readNpy(npyWith(dict, new Uint8Array([7, 9])));
  assert.equal(array.dtype, "uint8");
  assert.deepEqual(array.shape, [2]);
  assert.deepEqual([...array.data as Uint8Array], [7, 9]);
});
