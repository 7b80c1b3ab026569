/**
 * Request bodies → a flat Float32Array plus shape, checked against the model's input shape;
 * outputs → the response format of the request. Every problem is a 400 naming it.
 */
import { readNpy } from "../../io/npy.ts";
import { ApiError } from "../errors/mod.ts";

/** A decoded input: rows × model input shape, values in C order. */
export interface DecodedInput {
  data: Float32Array;
  /** Full shape as sent (with or without the batch axis). */
  shape: number[];
  rows: number;
  /** Whether the request left out the batch axis (a single example). */
  single: boolean;
}

/** The deepest nesting accepted in `inputs`. */
export const MAX_RANK = 8;

function bad(message: string, code = "invalid_input"): ApiError {
  return new ApiError(400, code, message);
}

/** Shape of a nested array; throws on ragged arrays, non-numbers and non-finite values. */
export function nestedShape(value: unknown): number[] {
  const shape: number[] = [];
  let probe: unknown = value;
  while (Array.isArray(probe)) {
    if (shape.length >= MAX_RANK) throw bad(`inputs nest deeper than ${MAX_RANK} levels`);
    shape.push(probe.length);
    if (probe.length === 0) throw bad("inputs contain an empty array");
    probe = probe[0];
  }
  if (shape.length === 0) throw bad("inputs must be a (nested) array of numbers");
  return shape;
}

/**
 * Flattens nested arrays of the given shape, checking every element. The shape comes from the
 * first rows only, so the arrays' lengths are checked (and raggedness refused) before the
 * output is allocated: 1.6 KB of JSON can claim 100^8 values. That check visits the arrays,
 * not the numbers; the numbers are checked as they are copied, the innermost rows in a plain
 * loop (a request is mostly leaves: 1,024 of them under 85 arrays in the bench's input).
 */
export function flattenNested(value: unknown, shape: number[]): Float32Array {
  checkNesting(value, shape, 0);
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
  copyLeaves(value as unknown[], shape.length - 1, out, 0);
  return out;
}

/** Refuses arrays whose lengths differ from `shape` (above the leaves) or that are missing. */
function checkNesting(node: unknown, shape: number[], depth: number): void {
  if (!Array.isArray(node) || node.length !== shape[depth]) {
    throw bad(`inputs are ragged: expected length ${shape[depth]} at depth ${depth}`);
  }
  if (depth + 1 < shape.length) {
    for (let i = 0; i < node.length; i++) checkNesting(node[i], shape, depth + 1);
  }
}

/** Copies the leaves below `node` (checked by checkNesting) into `out` from `at`. */
function copyLeaves(node: unknown[], levels: number, out: Float32Array, at: number): number {
  if (levels > 0) {
    for (let i = 0; i < node.length; i++) {
      at = copyLeaves(node[i] as unknown[], levels - 1, out, at);
    }
    return at;
  }
  for (let i = 0; i < node.length; i++) {
    const v = node[i];
    if (typeof v !== "number") {
      throw bad(`inputs must contain only numbers, found ${describeLeaf(v)}`);
    }
    if (!Number.isFinite(v)) throw bad("inputs contain NaN or Infinity");
    out[at++] = v;
  }
  return at;
}

function describeLeaf(v: unknown): string {
  if (v === null) return "null";
  return Array.isArray(v) ? "an array (inputs nest deeper than their first rows)" : typeof v;
}

/** Flat `data` with an explicit `shape`. */
export function fromFlat(shape: number[], data: number[]): Float32Array {
  const size = shape.reduce((a, b) => a * b, 1);
  if (data.length !== size) {
    throw bad(`data has ${data.length} values but shape [${shape.join(", ")}] needs ${size}`);
  }
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    const v = data[i];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw bad(`data[${i}] is not a finite number`);
    }
    out[i] = v;
  }
  return out;
}

const FLOAT_DTYPES = new Set(["float32", "float64"]);

/** Decodes an .npy body; only float32/float64 arrays are accepted. */
export function fromNpy(bytes: Uint8Array): { shape: number[]; data: Float32Array } {
  let array;
  try {
    array = readNpy(bytes);
  } catch (error) {
    throw bad(
      `invalid .npy body: ${error instanceof Error ? error.message : String(error)}`,
      "invalid_npy",
    );
  }
  if (!FLOAT_DTYPES.has(array.dtype)) {
    throw bad(`.npy dtype ${array.dtype} not accepted; send float32 or float64`, "invalid_dtype");
  }
  const data = array.data instanceof Float32Array
    ? array.data
    : Float32Array.from(array.data as Float64Array);
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) throw bad(".npy body contains NaN or Infinity");
  }
  return { shape: array.shape, data };
}

/**
 * Checks a shape against the model's input shape (without batch axis): either exactly that
 * shape (one example) or a leading batch axis of 1..maxRows.
 */
export function checkShape(
  shape: number[],
  data: Float32Array,
  inputShape: (number | null)[],
  maxRows: number,
): DecodedInput {
  const want = `[${inputShape.map((d) => d ?? "any").join(", ")}]`;
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 1) {
      throw bad(`shape [${shape.join(", ")}] has a non-positive dimension`, "invalid_shape");
    }
  }
  let single: boolean;
  if (shape.length === inputShape.length) single = true;
  else if (shape.length === inputShape.length + 1) single = false;
  else {
    throw bad(
      `input shape [${
        shape.join(", ")
      }] does not match the model's ${want} (optionally with a leading batch axis)`,
      "invalid_shape",
    );
  }
  const example = single ? shape : shape.slice(1);
  example.forEach((d, i) => {
    const expected = inputShape[i];
    if (expected !== null && expected !== d) {
      throw bad(
        `input shape [${shape.join(", ")}] does not match the model's ${want}`,
        "invalid_shape",
      );
    }
    if (expected === null) {
      throw bad("models with variable input dimensions are not served", "invalid_shape");
    }
  });
  const rows = single ? 1 : shape[0];
  if (rows > maxRows) {
    throw bad(`batch of ${rows} rows exceeds the limit of ${maxRows}`, "invalid_shape");
  }
  return { data, shape, rows, single };
}

/** Nested arrays from flat values. */
export function toNested(data: Float32Array, shape: number[]): unknown {
  if (shape.length === 0) return data[0];
  let at = 0;
  const build = (depth: number): unknown => {
    const n = shape[depth];
    const out = new Array(n);
    if (depth === shape.length - 1) {
      for (let i = 0; i < n; i++) out[i] = data[at++];
    } else for (let i = 0; i < n; i++) out[i] = build(depth + 1);
    return out;
  };
  return build(0);
}
