/**
 * Test helper: writes Python values as `np.save(path, obj, allow_pickle=True)` does (an NPY
 * file of dtype `|O` whose body pickles a 0-d object array), so tests can build recordings
 * in the authors' format without Python. Protocol 2 opcodes, no memo (numpy reads it).
 *
 * @module
 */

/** A numpy array to pickle: numbers as `f4`/`f8`/`i8`/`b1`, or strings as `U<n>`. */
export interface NdArray {
  /** dtype without byte order. */
  dtype: "f4" | "f8" | "i8" | "b1" | "U";
  /** Shape. */
  shape: number[];
  /** Elements in C order. */
  values: ArrayLike<number> | string[];
}

/** Values the writer encodes. */
export type Py = number | string | boolean | null | NdArray | Py[] | { [key: string]: Py };

const enc = new TextEncoder();

/** Marks a value as a numpy array. */
export function nd(
  dtype: NdArray["dtype"],
  values: ArrayLike<number> | string[],
  shape?: number[],
): NdArray {
  return { dtype, values, shape: shape ?? [values.length] };
}

function isNd(v: unknown): v is NdArray {
  return typeof v === "object" && v !== null && "dtype" in v && "values" in v && "shape" in v;
}

class Out {
  parts: number[] = [];
  byte(...b: number[]) {
    this.parts.push(...b);
  }
  u32(n: number) {
    this.byte(n & 255, (n >> 8) & 255, (n >> 16) & 255, (n >>> 24) & 255);
  }
  bytes(b: Uint8Array) {
    for (const x of b) this.parts.push(x);
  }
  str(s: string) {
    const b = enc.encode(s);
    this.byte(0x58);
    this.u32(b.length);
    this.bytes(b);
  }
  global(mod: string, name: string) {
    this.byte(0x63);
    this.bytes(enc.encode(`${mod}\n${name}\n`));
  }
}

function dtypeOf(
  o: Out,
  descr: string,
  order: string,
  itemsize: number,
  alignment: number,
  flags: number,
) {
  o.global("numpy", "dtype");
  o.str(descr);
  o.byte(0x89, 0x88, 0x87, 0x52, 0x28, 0x4b, 3); // (False, True) REDUCE, MARK 3
  o.str(order);
  o.byte(0x4e, 0x4e, 0x4e, 0x4a);
  o.u32(itemsize);
  o.byte(0x4a);
  o.u32(alignment);
  o.byte(0x4b, flags, 0x74, 0x62); // flags (63: object, 8: unicode), TUPLE, BUILD
}

function array(o: Out, shape: number[], dtype: () => void, raw: () => void) {
  o.global("numpy.core.multiarray", "_reconstruct");
  o.global("numpy", "ndarray");
  o.byte(0x4b, 0, 0x85, 0x43, 1, 0x62, 0x87, 0x52); // (ndarray, (0,), b'b') REDUCE
  o.byte(0x28, 0x4b, 1, 0x28);
  for (const n of shape) {
    o.byte(0x4a);
    o.u32(n);
  }
  o.byte(0x74);
  dtype();
  o.byte(0x89);
  raw();
  o.byte(0x74, 0x62);
}

function value(o: Out, v: Py): void {
  if (v === null) o.byte(0x4e);
  else if (typeof v === "boolean") o.byte(v ? 0x88 : 0x89);
  else if (typeof v === "string") o.str(v);
  else if (typeof v === "number") {
    if (Number.isInteger(v) && Math.abs(v) < 2 ** 31) {
      o.byte(0x4a);
      o.u32(v);
    } else {
      const b = new Uint8Array(8);
      new DataView(b.buffer).setFloat64(0, v, false);
      o.byte(0x47);
      o.bytes(b);
    }
  } else if (Array.isArray(v)) {
    o.byte(0x5d, 0x28);
    v.forEach((x) => value(o, x));
    o.byte(0x65);
  } else if (isNd(v)) ndarray(o, v);
  else {
    o.byte(0x7d, 0x28);
    for (const [k, x] of Object.entries(v)) {
      o.str(k);
      value(o, x);
    }
    o.byte(0x75);
  }
}

function ndarray(o: Out, a: NdArray) {
  let raw: Uint8Array, descr: string = a.dtype, size: number, order = "<";
  if (a.dtype === "U") {
    const strs = a.values as string[], chars = Math.max(1, ...strs.map((s) => s.length));
    descr = `U${chars}`;
    size = 4 * chars;
    raw = new Uint8Array(size * strs.length);
    const dv = new DataView(raw.buffer);
    strs.forEach((s, i) =>
      [...s].forEach((c, j) => dv.setUint32(i * size + 4 * j, c.codePointAt(0)!, true))
    );
  } else {
    const nums = Array.from(a.values as ArrayLike<number>);
    size = { f4: 4, f8: 8, i8: 8, b1: 1 }[a.dtype];
    raw = new Uint8Array(size * nums.length);
    const dv = new DataView(raw.buffer);
    nums.forEach((x, i) => {
      if (a.dtype === "f4") dv.setFloat32(i * 4, x, true);
      else if (a.dtype === "f8") dv.setFloat64(i * 8, x, true);
      else if (a.dtype === "i8") dv.setBigInt64(i * 8, BigInt(x), true);
      else dv.setUint8(i, x ? 1 : 0);
    });
    if (a.dtype === "b1") order = "|";
  }
  array(
    o,
    a.shape,
    () => {
      const unicode = a.dtype === "U";
      dtypeOf(o, descr, order, unicode ? size : -1, unicode ? 4 : -1, unicode ? 8 : 0);
    },
    () => {
      o.byte(0x42);
      o.u32(raw.length);
      o.bytes(raw);
    },
  );
}

/** The bytes `np.save(path, obj, allow_pickle=True)` would write for `obj` (protocol 2). */
export function encodePickledNpy(obj: Py): Uint8Array {
  const o = new Out();
  o.byte(0x80, 2);
  array(o, [], () => dtypeOf(o, "O8", "|", -1, -1, 63), () => {
    o.byte(0x5d, 0x28);
    value(o, obj);
    o.byte(0x65);
  });
  o.byte(0x2e);
  let header = "{'descr': '|O', 'fortran_order': False, 'shape': (), }";
  header = header.padEnd(Math.ceil((header.length + 11) / 64) * 64 - 11) + "\n";
  const head = new Uint8Array(10 + header.length);
  head.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 255, header.length >> 8]);
  head.set(enc.encode(header), 10);
  const out = new Uint8Array(head.length + o.parts.length);
  out.set(head);
  out.set(o.parts, head.length);
  return out;
}
