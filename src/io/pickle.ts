/**
 * A reader for the Python pickles that `np.save(path, dict, allow_pickle=True)` writes: an NPY
 * file whose dtype is `|O` and whose body is a pickle (protocols 2–5) of a 0-d object array
 * holding the dict. This is the format of the recordings released with Zhong et al. 2025
 * (`*_neural_data.npy`, `Beh_*.npy`).
 *
 * Only data are decoded, never code: dicts, lists, tuples, strings, bytes, numbers, booleans,
 * None and numpy arrays / scalars (`numpy.core.multiarray._reconstruct`, `numpy.dtype`,
 * `numpy.core.multiarray.scalar`). Any other Python global is refused with its name, so a file
 * cannot make the reader do anything but build values.
 *
 * @module
 */
import { InputError } from "../util/errors.ts";

/** A numpy array decoded from a pickle. */
export interface PickledArray {
  /** Always "ndarray" (tells arrays apart from dicts). */
  kind: "ndarray";
  /** numpy type string without byte order: `f4`, `i8`, `b1`, `U7`, `O`. */
  descr: string;
  /** Shape (`[]` for 0-d). */
  shape: number[];
  /** Elements in C order: numbers (booleans as 0/1), strings (`U`) or values (`O`). */
  values: Float64Array | string[] | unknown[];
}

/** A Python value decoded from a pickle. */
export type PickleValue = unknown;

const MARK = Symbol("mark");
const ALLOWED_GLOBALS = new Set([
  "numpy.core.multiarray _reconstruct",
  "numpy._core.multiarray _reconstruct",
  "numpy ndarray",
  "numpy dtype",
  "numpy.core.multiarray scalar",
  "numpy._core.multiarray scalar",
]);

interface DType {
  dtype: string;
  order: string;
}

function decodeNumbers(bytes: Uint8Array, type: string, little: boolean): Float64Array {
  const kind = type[0], size = Number(type.slice(1));
  const n = Math.floor(bytes.length / size);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * size;
    if (kind === "f" && size === 8) out[i] = view.getFloat64(o, little);
    else if (kind === "f" && size === 4) out[i] = view.getFloat32(o, little);
    else if (kind === "i" && size === 8) out[i] = Number(view.getBigInt64(o, little));
    else if (kind === "i" && size === 4) out[i] = view.getInt32(o, little);
    else if (kind === "i" && size === 2) out[i] = view.getInt16(o, little);
    else if (kind === "i" && size === 1) out[i] = view.getInt8(o);
    else if (kind === "u" && size === 8) out[i] = Number(view.getBigUint64(o, little));
    else if (kind === "u" && size === 4) out[i] = view.getUint32(o, little);
    else if (kind === "u" && size === 2) out[i] = view.getUint16(o, little);
    else if ((kind === "u" || kind === "b") && size === 1) out[i] = view.getUint8(o);
    else throw new InputError(`unsupported numpy dtype '${type}' in pickle`);
  }
  return out;
}

function decodeArray(dt: DType, shape: number[], raw: unknown, fortran: boolean): PickledArray {
  const count = shape.reduce((a, b) => a * b, 1);
  if (fortran && shape.length > 1) throw new InputError("Fortran-ordered arrays are not supported");
  if (dt.dtype === "O") {
    if (!Array.isArray(raw)) throw new InputError("object array without a list of values");
    return { kind: "ndarray", descr: "O", shape, values: raw };
  }
  if (!(raw instanceof Uint8Array)) throw new InputError("numeric array without raw bytes");
  const little = dt.order !== ">";
  if (dt.dtype[0] === "U") {
    const chars = Number(dt.dtype.slice(1));
    const codes = decodeNumbers(raw, "u4", little);
    const values = Array.from({ length: count }, (_, i) => {
      const cps = Array.from(codes.subarray(i * chars, (i + 1) * chars)).filter((c) => c !== 0);
      return String.fromCodePoint(...cps);
    });
    return { kind: "ndarray", descr: dt.dtype, shape, values };
  }
  const values = decodeNumbers(raw, dt.dtype, little);
  if (values.length !== count) {
    throw new InputError(`array of ${shape} has ${values.length} values`);
  }
  return { kind: "ndarray", descr: dt.dtype, shape, values };
}

/** Python objects under construction: `_reconstruct`d arrays and dtypes before BUILD. */
class Pending {
  /** The built value, once BUILD ran (memo entries point at the Pending). */
  result: unknown = undefined;
  constructor(readonly type: "ndarray" | "dtype", readonly arg: string) {}
}

function resolved(v: unknown): unknown {
  return v instanceof Pending && v.result !== undefined ? v.result : v;
}

/**
 * Decodes one pickle (protocols 2–5) into JS values: dicts become `Map`s with string or
 * number keys, lists and tuples arrays, numpy arrays {@link PickledArray}s, numpy scalars
 * numbers, bytes `Uint8Array`s. `where` names the file in error messages.
 *
 * @example A pickle of `{'a': 1}`, as `pickle.dumps({'a': 1}, protocol=3)` writes it
 * ```ts
 * import { readPickle } from "@prevision/prevision/io";
 * const bytes = Uint8Array.from([0x80, 3, 0x7d, 0x71, 0, 0x58, 1, 0, 0, 0, 0x61, 0x71, 1,
 *   0x4b, 1, 0x73, 0x2e]);
 * (readPickle(bytes) as Map<string, number>).get("a"); // 1
 * ```
 */
export function readPickle(bytes: Uint8Array, where = "pickle"): PickleValue {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = new TextDecoder();
  const stack: unknown[] = [];
  const memo = new Map<number, unknown>();
  let p = 0;
  const fail = (why: string): never => {
    throw new InputError(`${where}: ${why} (byte ${p})`);
  };
  const take = (n: number) => {
    if (p + n > bytes.length) fail("truncated pickle");
    const s = bytes.subarray(p, p + n);
    p += n;
    return s;
  };
  const u8 = () => take(1)[0];
  const u32 = () => view.getUint32(take(4).byteOffset - bytes.byteOffset, true);
  const u64 = () => Number(view.getBigUint64(take(8).byteOffset - bytes.byteOffset, true));
  const line = () => {
    const end = bytes.indexOf(10, p);
    if (end < 0) fail("truncated pickle");
    return text.decode(take(end - p + 1).subarray(0, -1));
  };
  const popMark = () => {
    const at = stack.lastIndexOf(MARK);
    if (at < 0) fail("MARK missing");
    return stack.splice(at).slice(1);
  };
  const top = () => stack[stack.length - 1];
  const setItems = (d: unknown, items: unknown[]) => {
    if (!(d instanceof Map)) return fail("SETITEM on a non-dict");
    for (let i = 0; i + 1 < items.length; i += 2) d.set(items[i], items[i + 1]);
  };
  const global = (name: string) => {
    if (!ALLOWED_GLOBALS.has(name)) fail(`refusing Python global '${name}' (only numpy data)`);
    return name;
  };
  for (;;) {
    const op = String.fromCharCode(u8());
    switch (op) {
      case "\x80":
        u8();
        break; // PROTO
      case "\x95":
        take(8);
        break; // FRAME
      case "c": { // GLOBAL: module and name on two lines
        const mod = line();
        stack.push(global(`${mod} ${line()}`));
        break;
      }
      case "\x93": { // STACK_GLOBAL
        const name = stack.pop(), mod = stack.pop();
        stack.push(global(`${mod} ${name}`));
        break;
      }
      case "q":
        memo.set(u8(), top());
        break;
      case "r":
        memo.set(u32(), top());
        break;
      case "\x94":
        memo.set(memo.size, top());
        break;
      case "h":
        stack.push(memo.get(u8()));
        break;
      case "j":
        stack.push(memo.get(u32()));
        break;
      case "(":
        stack.push(MARK);
        break;
      case "t":
        stack.push(popMark());
        break;
      case ")":
        stack.push([]);
        break;
      case "\x85":
        stack.push([stack.pop()]);
        break;
      case "\x86":
        stack.push(stack.splice(-2));
        break;
      case "\x87":
        stack.push(stack.splice(-3));
        break;
      case "]":
        stack.push([]);
        break;
      case "l":
        stack.push(popMark());
        break;
      case "}":
        stack.push(new Map());
        break;
      case "d": {
        const d = new Map();
        setItems(d, popMark());
        stack.push(d);
        break;
      }
      case "a": {
        const v = stack.pop();
        (top() as unknown[]).push(v);
        break;
      }
      case "e": {
        const vs = popMark();
        (top() as unknown[]).push(...vs);
        break;
      }
      case "s":
        setItems(stack[stack.length - 3], stack.splice(-2));
        break;
      case "u": {
        const items = popMark();
        setItems(top(), items);
        break;
      }
      case "N":
        stack.push(null);
        break;
      case "\x88":
        stack.push(true);
        break;
      case "\x89":
        stack.push(false);
        break;
      case "K":
        stack.push(u8());
        break;
      case "M":
        stack.push(u8() | (u8() << 8));
        break;
      case "J":
        stack.push(view.getInt32(take(4).byteOffset - bytes.byteOffset, true));
        break;
      case "\x8a": { // LONG1: little-endian two's complement
        const b = take(u8());
        let v = 0n;
        for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
        if (b.length && b[b.length - 1] & 0x80) v -= 1n << BigInt(8 * b.length);
        stack.push(Number(v));
        break;
      }
      case "G":
        stack.push(view.getFloat64(take(8).byteOffset - bytes.byteOffset, false));
        break;
      case "X":
        stack.push(text.decode(take(u32())));
        break;
      case "\x8c":
        stack.push(text.decode(take(u8())));
        break;
      case "\x8d":
        stack.push(text.decode(take(u64())));
        break;
      case "C":
        stack.push(take(u8()).slice());
        break;
      case "B":
        stack.push(take(u32()).slice());
        break;
      case "\x8e":
        stack.push(take(u64()).slice());
        break;
      case "R": { // REDUCE
        const args = stack.pop() as unknown[], fn = stack.pop() as string;
        if (fn.endsWith("_reconstruct")) stack.push(new Pending("ndarray", ""));
        else if (fn === "numpy dtype") stack.push(new Pending("dtype", String(args[0])));
        else if (fn.endsWith(" scalar")) {
          const dt = resolved(args[0]) as DType, raw = args[1];
          const a = decodeArray(dt, [], raw, false);
          stack.push(dt.dtype === "O" ? raw : a.values[0]);
        } else fail(`cannot call '${fn}'`);
        break;
      }
      case "b": { // BUILD
        const state = stack.pop() as unknown[], obj = stack.pop();
        if (!(obj instanceof Pending)) return fail("BUILD on an unsupported object");
        if (obj.type === "dtype") {
          obj.result = { dtype: obj.arg[0] === "O" ? "O" : obj.arg, order: String(state[1]) };
        } else {
          const [, shape, dt, fortran, raw] = state as [number, number[], DType, boolean, unknown];
          obj.result = decodeArray(resolved(dt) as DType, shape.map(Number), raw, fortran);
        }
        stack.push(obj.result);
        break;
      }
      case ".":
        return stack.pop();
      default:
        fail(`unsupported pickle opcode 0x${op.charCodeAt(0).toString(16)}`);
    }
  }
}

/**
 * Reads an NPY file holding a pickled object (`np.save(path, obj, allow_pickle=True)`) and
 * returns the object, unwrapping the 0-d object array as numpy's `.item()` does.
 *
 * @example
 * ```ts
 * import { readPickledNpy } from "@prevision/prevision/io";
 * const path = "/tmp/session_neural_data.npy";
 * try {
 *   const dict = readPickledNpy(path) as Map<string, unknown>;
 *   console.log([...dict.keys()]);
 * } catch (e) {
 *   console.error((e as Error).message); // one line naming the file
 * }
 * ```
 */
export function readPickledNpy(input: Uint8Array | string): PickleValue {
  const where = typeof input === "string" ? input : "npy";
  let bytes: Uint8Array;
  try {
    bytes = typeof input === "string" ? Deno.readFileSync(input) : input;
  } catch (e) {
    throw new InputError(`${where}: cannot read (${(e as Error).message})`);
  }
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
  if (bytes.length < 10 || magic.some((m, i) => bytes[i] !== m)) {
    throw new InputError(`${where}: not an NPY file`);
  }
  const v1 = bytes[6] === 1;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = v1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = (v1 ? 10 : 12) + headerLength;
  const header = new TextDecoder().decode(bytes.subarray(v1 ? 10 : 12, start));
  if (!/['"]descr['"]\s*:\s*['"]\|O['"]/.test(header)) {
    throw new InputError(`${where}: not a pickled-object NPY (dtype must be '|O'; use readNpy)`);
  }
  const value = readPickle(bytes.subarray(start), where);
  const arr = value as PickledArray;
  if (arr?.kind === "ndarray" && arr.descr === "O" && arr.shape.length === 0) {
    return (arr.values as unknown[])[0];
  }
  return value;
}
