/**
 * Private helpers for the NPY format (numpy.lib.format): dtype descriptors and the
 * header dictionary. See https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
 */
import { InputError } from "../util/errors.ts";

/** Element types the NPY reader and writer understand. */
export type NpyDtype =
  | "float32"
  | "float64"
  | "int8"
  | "uint8"
  | "int16"
  | "uint16"
  | "int32"
  | "uint32"
  | "int64"
  | "uint64"
  | "bool";

/** Bytes per element of each dtype. */
export const DTYPE_BYTES: Record<NpyDtype, number> = {
  float32: 4,
  float64: 8,
  int8: 1,
  uint8: 1,
  int16: 2,
  uint16: 2,
  int32: 4,
  uint32: 4,
  int64: 8,
  uint64: 8,
  bool: 1,
};

const KIND: Record<string, Partial<Record<number, NpyDtype>>> = {
  f: { 4: "float32", 8: "float64" },
  i: { 1: "int8", 2: "int16", 4: "int32", 8: "int64" },
  u: { 1: "uint8", 2: "uint16", 4: "uint32", 8: "uint64" },
  b: { 1: "bool" },
};

/** numpy descr string ('<f4') for a dtype, little endian. */
export function descrOf(dtype: NpyDtype): string {
  if (dtype === "bool") return "|b1";
  const bytes = DTYPE_BYTES[dtype];
  const kind = dtype[0] === "f" ? "f" : dtype[0] === "u" ? "u" : "i";
  return `${bytes === 1 ? "|" : "<"}${kind}${bytes}`;
}

/** Parses a numpy descr ('<f4', '>i8', '|u1', '?') into a dtype and a byte order. */
export function parseDescr(descr: string, where: string): { dtype: NpyDtype; bigEndian: boolean } {
  if (descr === "?" || descr === "|b1" || descr === "b1") {
    return { dtype: "bool", bigEndian: false };
  }
  const match = /^([<>|=]?)([fiub])(\d+)$/.exec(descr);
  const dtype = match ? KIND[match[2]]?.[Number(match[3])] : undefined;
  if (!match || !dtype) {
    throw new InputError(`${where}: unsupported NPY dtype '${descr}'`);
  }
  return { dtype, bigEndian: match[1] === ">" && DTYPE_BYTES[dtype] > 1 };
}

/** The parsed header of an NPY file. */
export interface NpyHeader {
  dtype: NpyDtype;
  bigEndian: boolean;
  fortranOrder: boolean;
  shape: number[];
  /** Byte offset of the first element. */
  dataOffset: number;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** Parses the magic, version and header dict at the start of `bytes`. */
export function parseHeader(bytes: Uint8Array, where: string): NpyHeader {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new InputError(`${where}: not an NPY file (bad magic string)`);
  }
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLength: number;
  let start: number;
  if (major === 1) {
    headerLength = view.getUint16(8, true);
    start = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw new InputError(`${where}: truncated NPY header`);
    headerLength = view.getUint32(8, true);
    start = 12;
  } else {
    throw new InputError(`${where}: unsupported NPY format version ${major}.${bytes[7]}`);
  }
  if (start + headerLength > bytes.length) throw new InputError(`${where}: truncated NPY header`);
  const text = new TextDecoder(major === 3 ? "utf-8" : "latin1").decode(
    bytes.subarray(start, start + headerLength),
  );
  // numpy reads the header as a Python dict literal: of a key given twice, the last counts.
  const last = (pattern: RegExp) => [...text.matchAll(pattern)].at(-1) ?? null;
  const descr = last(/['"]descr['"]\s*:\s*['"]([^'"]+)['"]/g);
  const fortran = last(/['"]fortran_order['"]\s*:\s*(True|False)/g);
  const shapeMatch = last(/['"]shape['"]\s*:\s*\(([^)]*)\)/g);
  if (!descr || !fortran || !shapeMatch) {
    throw new InputError(`${where}: malformed NPY header ${JSON.stringify(text.trim())}`);
  }
  const parts = shapeMatch[1].split(",").map((s) => s.trim()).filter((s) => s !== "");
  // Decimal integers only, as numpy writes them (Number() would also take "1e3" and "0x1800").
  const shape = parts.map((s) => /^\d+L?$/.test(s) ? Number(s.replace(/L$/, "")) : NaN);
  if (shape.some((n) => !Number.isSafeInteger(n) || n < 0)) {
    throw new InputError(`${where}: malformed NPY shape (${shapeMatch[1]})`);
  }
  const { dtype, bigEndian } = parseDescr(descr[1], where);
  return {
    dtype,
    bigEndian,
    fortranOrder: fortran[1] === "True",
    shape,
    dataOffset: start + headerLength,
  };
}

/** Encodes the magic, version and padded header dict (v1, or v2 when it does not fit). */
export function encodeHeader(dtype: NpyDtype, shape: readonly number[], minLength = 0): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  const dict = `{'descr': '${descrOf(dtype)}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  let version = 1;
  let prefix = 10;
  // Total header (magic + length + dict + padding + '\n') is a multiple of 64 bytes.
  let total = Math.ceil((Math.max(minLength, prefix + dict.length + 1)) / 64) * 64;
  if (total - prefix > 0xffff) {
    version = 2;
    prefix = 12;
    total = Math.ceil((prefix + dict.length + 1) / 64) * 64;
  }
  const out = new Uint8Array(total);
  out.set(MAGIC);
  out[6] = version;
  out[7] = 0;
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, total - prefix, true);
  else view.setUint32(8, total - prefix, true);
  const body = dict.padEnd(total - prefix - 1, " ") + "\n";
  for (let i = 0; i < body.length; i++) out[prefix + i] = body.charCodeAt(i);
  return out;
}
