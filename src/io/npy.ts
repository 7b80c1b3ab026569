/**
 * NPY files (numpy's `.npy`): read v1/v2/v3 headers, little and big endian, C and Fortran
 * order (Fortran is transposed to C order on read); write v1 (v2 for huge headers), C order,
 * little endian. Corrupt or truncated files raise a one-line {@link InputError}.
 */
import { InputError } from "../util/errors.ts";
import { writeFileAtomic, writeFileAtomicSync } from "../util/atomic.ts";
import { DTYPE_BYTES, encodeHeader, type NpyDtype, parseHeader } from "./_npy_header.ts";

export type { NpyDtype } from "./_npy_header.ts";

/** Typed arrays an NPY array can be held in (int64/uint64 use BigInt arrays). */
export type NpyData =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array;

/** An array read from an NPY file. `data` is always in C (row-major) order. */
export interface NpyArray {
  /** Element type; `bool` arrays hold 0/1 in a Uint8Array. */
  dtype: NpyDtype;
  /** Array shape; `[]` for a scalar. */
  shape: number[];
  /** The elements, row-major. */
  data: NpyData;
  /** Whether the file stored the array in Fortran order (it has been transposed to C order). */
  fortranOrder: boolean;
}

const CONSTRUCTORS = {
  float32: Float32Array,
  float64: Float64Array,
  int8: Int8Array,
  uint8: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  int64: BigInt64Array,
  uint64: BigUint64Array,
  bool: Uint8Array,
} as const;

/** Number of elements of a shape. */
export function shapeSize(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * Reads an NPY file from bytes or a path.
 *
 * @example
 * ```ts
 * import { readNpy } from "@prevision/prevision/io";
 * const { dtype, shape, data } = readNpy("/work/shared/data/microns/4_7_8/corr_matrix.npy");
 * console.log(dtype, shape, data[0]); // float64 [193, 193] 1
 * ```
 */
export function readNpy(input: Uint8Array | string): NpyArray {
  const where = typeof input === "string" ? input : "npy";
  let bytes: Uint8Array;
  if (typeof input === "string") {
    try {
      bytes = Deno.readFileSync(input);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) throw new InputError(`${input}: no such file`);
      throw error;
    }
  } else bytes = input;
  const header = parseHeader(bytes, where);
  const { dtype, bigEndian, fortranOrder, shape, dataOffset } = header;
  const count = shapeSize(shape);
  const itemBytes = DTYPE_BYTES[dtype];
  const needed = count * itemBytes;
  const available = bytes.length - dataOffset;
  if (available < needed) {
    throw new InputError(
      `${where}: truncated NPY file (shape [${shape}] ${dtype} needs ${needed} data bytes, found ${available})`,
    );
  }
  const raw = bytes.slice(dataOffset, dataOffset + needed);
  if (bigEndian) swapBytes(raw, itemBytes);
  const data = new CONSTRUCTORS[dtype](raw.buffer, 0, count) as NpyData;
  if (dtype === "bool" && data.some((v) => (v as number) > 1)) {
    throw new InputError(`${where}: corrupt NPY bool array (values other than 0/1)`);
  }
  return {
    dtype,
    shape,
    data: fortranOrder && shape.length > 1 ? fortranToC(data, shape) : data,
    fortranOrder,
  };
}

/**
 * Reads only the header of an NPY file: dtype, shape, order and where the data starts
 * (for streaming through files too large to hold in memory).
 *
 * @example
 * ```ts
 * import { readNpyHeader } from "@prevision/prevision/io";
 * const file = Deno.openSync("/work/shared/data/microns/4_7_8/corr_matrix.npy");
 * const head = new Uint8Array(4096);
 * const n = file.readSync(head) ?? 0;
 * file.close();
 * console.log(readNpyHeader(head.subarray(0, n)).shape); // [193, 193]
 * ```
 */
export function readNpyHeader(
  bytes: Uint8Array,
  where = "npy",
): {
  dtype: NpyDtype;
  shape: number[];
  fortranOrder: boolean;
  bigEndian: boolean;
  dataOffset: number;
} {
  return parseHeader(bytes, where);
}

/** Options for {@link encodeNpy}. */
export interface EncodeNpyOptions {
  /** Element type to store; defaults to the array's own type (float64 for number[]). */
  dtype?: NpyDtype;
}

/**
 * Encodes an array as NPY bytes (C order, little endian).
 *
 * @example
 * ```ts
 * import { encodeNpy, readNpy } from "@prevision/prevision/io";
 * const bytes = encodeNpy(new Float32Array([1, 2, 3, 4, 5, 6]), [2, 3]);
 * readNpy(bytes).shape; // [2, 3]
 * ```
 */
export function encodeNpy(
  array: NpyData | ArrayLike<number>,
  shape: readonly number[],
  options: EncodeNpyOptions = {},
): Uint8Array {
  const data = toDtype(array, shape, options.dtype);
  const header = encodeHeader(data.dtype, shape);
  const body = new Uint8Array(data.values.buffer, data.values.byteOffset, data.values.byteLength);
  const out = new Uint8Array(header.length + body.length);
  out.set(header);
  out.set(body, header.length);
  return out;
}

/**
 * Writes an array to an NPY file atomically.
 *
 * @example
 * ```ts
 * import { writeNpy } from "@prevision/prevision/io";
 * await writeNpy("runs/frames.npy", new Uint8Array(2 * 4 * 4), [2, 4, 4]);
 * ```
 */
export async function writeNpy(
  path: string,
  array: NpyData | ArrayLike<number>,
  shape: readonly number[],
  options: EncodeNpyOptions = {},
): Promise<void> {
  await writeFileAtomic(path, encodeNpy(array, shape, options));
}

/** Synchronous twin of {@link writeNpy}. */
export function writeNpySync(
  path: string,
  array: NpyData | ArrayLike<number>,
  shape: readonly number[],
  options: EncodeNpyOptions = {},
): void {
  writeFileAtomicSync(path, encodeNpy(array, shape, options));
}

/**
 * Converts any NPY data (including BigInt arrays) to a Float64Array. int64 values beyond
 * ±2^53 lose precision.
 *
 * @example
 * ```ts
 * import { npyToFloat64, readNpy } from "@prevision/prevision/io";
 * const ids = npyToFloat64(readNpy("/work/shared/data/microns/4_7_8/root_ids_4_7_8.npy").data);
 * ```
 */
export function npyToFloat64(data: NpyData): Float64Array {
  if (data instanceof Float64Array) return data;
  const out = new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = Number(data[i]);
  return out;
}

/** The NPY dtype that naturally holds a typed array. */
export function dtypeOf(array: NpyData | ArrayLike<number>): NpyDtype {
  if (array instanceof Float32Array) return "float32";
  if (array instanceof Float64Array) return "float64";
  if (array instanceof Int8Array) return "int8";
  if (array instanceof Uint8Array || array instanceof Uint8ClampedArray) return "uint8";
  if (array instanceof Int16Array) return "int16";
  if (array instanceof Uint16Array) return "uint16";
  if (array instanceof Int32Array) return "int32";
  if (array instanceof Uint32Array) return "uint32";
  if (array instanceof BigInt64Array) return "int64";
  if (array instanceof BigUint64Array) return "uint64";
  return "float64";
}

function toDtype(
  array: NpyData | ArrayLike<number>,
  shape: readonly number[],
  requested?: NpyDtype,
): { dtype: NpyDtype; values: NpyData } {
  if (shape.some((n) => !Number.isSafeInteger(n) || n < 0)) {
    throw new InputError(`npy: shape must be non-negative integers, got [${shape}]`);
  }
  if (shapeSize(shape) !== array.length) {
    throw new InputError(
      `npy: shape [${shape}] holds ${shapeSize(shape)} values, got ${array.length}`,
    );
  }
  const natural = dtypeOf(array);
  const dtype = requested ?? natural;
  if (requested === "bool" && natural === "uint8") return { dtype, values: array as Uint8Array };
  if (dtype === natural && !(array instanceof Uint8ClampedArray) && ArrayBuffer.isView(array)) {
    return { dtype, values: array as NpyData };
  }
  const Ctor = CONSTRUCTORS[dtype];
  const out = new Ctor(array.length) as NpyData;
  const big = dtype === "int64" || dtype === "uint64";
  for (let i = 0; i < array.length; i++) {
    const v = (array as ArrayLike<number | bigint>)[i];
    if (big) (out as BigInt64Array)[i] = typeof v === "bigint" ? v : BigInt(Math.trunc(v));
    else if (dtype === "bool") (out as Uint8Array)[i] = v ? 1 : 0;
    else (out as Float64Array)[i] = Number(v);
  }
  return { dtype, values: out };
}

function swapBytes(bytes: Uint8Array, width: number): void {
  for (let i = 0; i < bytes.length; i += width) {
    for (let a = i, b = i + width - 1; a < b; a++, b--) {
      const t = bytes[a];
      bytes[a] = bytes[b];
      bytes[b] = t;
    }
  }
}

function fortranToC(data: NpyData, shape: readonly number[]): NpyData {
  const rank = shape.length;
  const out = new (data.constructor as { new (n: number): NpyData })(data.length);
  // Fortran strides: the first axis varies fastest.
  const fStride = new Array<number>(rank);
  fStride[0] = 1;
  for (let k = 1; k < rank; k++) fStride[k] = fStride[k - 1] * shape[k - 1];
  const index = new Array<number>(rank).fill(0);
  let src = 0;
  for (let i = 0; i < data.length; i++) {
    (out as Float64Array)[i] = (data as Float64Array)[src];
    for (let k = rank - 1; k >= 0; k--) {
      index[k]++;
      src += fStride[k];
      if (index[k] < shape[k]) break;
      src -= fStride[k] * shape[k];
      index[k] = 0;
    }
  }
  return out;
}
