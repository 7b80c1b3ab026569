import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import { loadFashionMnist, parseIdx, readIdx } from "../../src/io/idx.ts";
import { InputError } from "../../src/util/errors.ts";
import { requires } from "../_tools.ts";

function idxBytes(type: number, shape: number[], payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * shape.length + payload.length);
  const view = new DataView(out.buffer);
  out[2] = type;
  out[3] = shape.length;
  shape.forEach((s, i) => view.setUint32(4 + 4 * i, s, false));
  out.set(payload, 4 + 4 * shape.length);
  return out;
}

Deno.test("idx: ubyte arrays, plain and gzipped", () => {
  const bytes = idxBytes(0x08, [2, 3], new Uint8Array([1, 2, 3, 4, 5, 6]));
  for (const b of [bytes, new Uint8Array(gzipSync(bytes))]) {
    const a = parseIdx(b);
    assert.equal(a.dtype, "uint8");
    assert.deepEqual(a.shape, [2, 3]);
    assert.deepEqual([...a.data], [1, 2, 3, 4, 5, 6]);
  }
});

Deno.test("idx: big-endian int32 and float32", () => {
  const payload = new Uint8Array(8);
  const v = new DataView(payload.buffer);
  v.setInt32(0, -5, false);
  v.setInt32(4, 70000, false);
  assert.deepEqual([...parseIdx(idxBytes(0x0c, [2], payload)).data], [-5, 70000]);
  v.setFloat32(0, 1.5, false);
  v.setFloat32(4, -2.25, false);
  assert.deepEqual([...parseIdx(idxBytes(0x0d, [2], payload)).data], [1.5, -2.25]);
});

Deno.test("idx: corrupt and truncated input is a one-line InputError", () => {
  const good = idxBytes(0x08, [4], new Uint8Array([1, 2, 3, 4]));
  const cases = [
    good.slice(0, 6), // truncated header
    good.slice(0, good.length - 1), // truncated data
    new Uint8Array([...good, 0]), // trailing bytes
    new Uint8Array([1, 0, 8, 1, 0, 0, 0, 0]), // bad magic
    new Uint8Array([0, 0, 0x42, 1, 0, 0, 0, 0]), // bad type
    new Uint8Array(gzipSync(good)).slice(0, 12), // truncated gzip
  ];
  for (const bytes of cases) {
    assert.throws(() => parseIdx(bytes, "x.idx"), (e: unknown) => {
      return e instanceof InputError && !e.message.includes("\n") && e.message.startsWith("x.idx");
    });
  }
});

Deno.test("idx: a missing data set names the Debian package", () => {
  const dir = Deno.makeTempDirSync();
  try {
    assert.throws(() => loadFashionMnist("test", dir), (e: unknown) => {
      return e instanceof InputError && e.message.includes("apt-get install dataset-fashion-mnist");
    });
    assert.throws(() => readIdx(join(dir, "nope")), InputError);
    // A truncated copy of a label file in an otherwise valid folder is an InputError too.
    Deno.writeFileSync(
      join(dir, "t10k-images-idx3-ubyte"),
      idxBytes(0x08, [1, 2, 2], new Uint8Array([0, 1, 2, 3])),
    );
    Deno.writeFileSync(join(dir, "t10k-labels-idx1-ubyte"), idxBytes(0x08, [1], new Uint8Array()));
    assert.throws(() => loadFashionMnist("test", dir), InputError);
    Deno.writeFileSync(
      join(dir, "t10k-labels-idx1-ubyte"),
      idxBytes(0x08, [1], new Uint8Array([3])),
    );
    const set = loadFashionMnist("test", dir);
    assert.deepEqual([set.count, set.rows, set.cols, set.labels[0]], [1, 2, 2, 3]);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test({
  ...requires(
    "idx: the installed Fashion-MNIST test split reads as 10000 28×28 images",
    "fashion-mnist",
  ),
  fn() {
    const test = loadFashionMnist("test");
    assert.deepEqual([test.count, test.rows, test.cols], [10000, 28, 28]);
    const counts = new Array(10).fill(0);
    for (const l of test.labels) counts[l]++;
    assert.deepEqual(counts, new Array(10).fill(1000));
  },
});
