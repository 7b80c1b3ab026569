/**
 * IDX files (the MNIST / Fashion-MNIST format), plain or gzip-compressed, and a loader for
 * Fashion-MNIST as Debian's `dataset-fashion-mnist` package installs it. Corrupt or
 * truncated files raise a one-line {@link InputError}; a missing data set names the package.
 */
import { gunzipSync } from "node:zlib";
import { join } from "node:path";
import { InputError } from "../util/errors.ts";

/** An array read from an IDX file (row-major). */
export interface IdxArray {
  /** Element type code of the header: 0x08 ubyte, 0x09 byte, 0x0b short, 0x0c int, 0x0d float, 0x0e double. */
  dtype: "uint8" | "int8" | "int16" | "int32" | "float32" | "float64";
  /** Dimensions, outermost first. */
  shape: number[];
  /** The values in row-major order. */
  data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

const TYPES = {
  0x08: ["uint8", 1],
  0x09: ["int8", 1],
  0x0b: ["int16", 2],
  0x0c: ["int32", 4],
  0x0d: ["float32", 4],
  0x0e: ["float64", 8],
} as const;

/**
 * Parses IDX bytes (gzip is detected from the magic bytes). `name` labels error messages.
 *
 * @example
 * ```ts
 * import { parseIdx } from "@prevision/prevision/io";
 * const bytes = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 2, 7, 9]);
 * parseIdx(bytes).data; // Uint8Array [7, 9]
 * ```
 */
export function parseIdx(bytes: Uint8Array, name = "IDX data"): IdxArray {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = new Uint8Array(gunzipSync(bytes));
    } catch {
      throw new InputError(`${name}: corrupt or truncated gzip stream`);
    }
  }
  if (bytes.length < 4) throw new InputError(`${name}: too short for an IDX header`);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new InputError(`${name}: not an IDX file (bad magic number)`);
  }
  const type = TYPES[bytes[2] as keyof typeof TYPES];
  if (!type) {
    throw new InputError(`${name}: unknown IDX element type 0x${bytes[2].toString(16)}`);
  }
  const rank = bytes[3];
  if (rank < 1) throw new InputError(`${name}: IDX rank must be at least 1`);
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) throw new InputError(`${name}: truncated IDX header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  for (let d = 0; d < rank; d++) shape.push(view.getUint32(4 + 4 * d, false));
  const count = shape.reduce((a, b) => a * b, 1);
  const [dtype, size] = type;
  const expected = headerBytes + count * size;
  if (bytes.length < expected) {
    throw new InputError(
      `${name}: truncated (${bytes.length} bytes, the header promises ${expected})`,
    );
  }
  if (bytes.length > expected) {
    throw new InputError(`${name}: ${bytes.length - expected} unexpected trailing bytes`);
  }
  let data: IdxArray["data"];
  if (dtype === "uint8") data = bytes.slice(headerBytes, expected);
  else if (dtype === "int8") data = new Int8Array(bytes.slice(headerBytes, expected).buffer);
  else {
    // IDX is big-endian.
    const Ctor =
      { int16: Int16Array, int32: Int32Array, float32: Float32Array, float64: Float64Array }[
        dtype
      ];
    data = new Ctor(count);
    for (let i = 0; i < count; i++) {
      const at = headerBytes + i * size;
      data[i] = dtype === "int16"
        ? view.getInt16(at, false)
        : dtype === "int32"
        ? view.getInt32(at, false)
        : dtype === "float32"
        ? view.getFloat32(at, false)
        : view.getFloat64(at, false);
    }
  }
  return { dtype, shape, data };
}

/**
 * Reads an IDX file (`.gz` or plain).
 *
 * @example
 * ```ts
 * import { readIdx } from "@prevision/prevision/io";
 * const labels = readIdx("/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz");
 * console.log(labels.shape); // [10000]
 * ```
 */
export function readIdx(path: string): IdxArray {
  let bytes: Uint8Array;
  try {
    bytes = Deno.readFileSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) throw new InputError(`${path}: no such file`);
    throw new InputError(`${path}: cannot be read (${(error as Error).message.split("\n")[0]})`);
  }
  return parseIdx(bytes, path);
}

/** Where Debian's `dataset-fashion-mnist` package puts the files. */
export const FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist";

/** The ten Fashion-MNIST class names, by label. */
export const FASHION_MNIST_CLASSES = [
  "T-shirt/top",
  "Trouser",
  "Pullover",
  "Dress",
  "Coat",
  "Sandal",
  "Shirt",
  "Sneaker",
  "Bag",
  "Ankle boot",
] as const;

/** One split of Fashion-MNIST: `count` images of `rows`×`cols` bytes and their labels. */
export interface ImageSet {
  /** Number of images. */
  count: number;
  /** Image height. */
  rows: number;
  /** Image width. */
  cols: number;
  /** count·rows·cols bytes, 0–255, row-major. */
  images: Uint8Array;
  /** count labels 0–9. */
  labels: Uint8Array;
}

function findFile(dir: string, base: string): string | null {
  for (const name of [base, `${base}.gz`]) {
    try {
      if (Deno.statSync(join(dir, name)).isFile) return join(dir, name);
    } catch {
      // try the next name
    }
  }
  return null;
}

/**
 * Loads one split of Fashion-MNIST from `dir` (default {@link FASHION_MNIST_DIR}); a missing
 * file gives a one-line error naming the Debian package.
 *
 * @example
 * ```ts
 * import { loadFashionMnist } from "@prevision/prevision/io";
 * const test = loadFashionMnist("test");
 * console.log(test.count, test.rows, test.cols); // 10000 28 28
 * ```
 */
export function loadFashionMnist(split: "train" | "test", dir = FASHION_MNIST_DIR): ImageSet {
  const prefix = split === "train" ? "train" : "t10k";
  const imagePath = findFile(dir, `${prefix}-images-idx3-ubyte`);
  const labelPath = findFile(dir, `${prefix}-labels-idx1-ubyte`);
  if (!imagePath || !labelPath) {
    throw new InputError(
      `Fashion-MNIST ${split} files not found in ${dir}: install them with ` +
        "`sudo apt-get install dataset-fashion-mnist` or pass the folder holding the IDX files",
    );
  }
  const images = readIdx(imagePath);
  const labels = readIdx(labelPath);
  if (images.dtype !== "uint8" || images.shape.length !== 3) {
    throw new InputError(`${imagePath}: expected a 3-d ubyte IDX array of images`);
  }
  if (labels.dtype !== "uint8" || labels.shape.length !== 1) {
    throw new InputError(`${labelPath}: expected a 1-d ubyte IDX array of labels`);
  }
  if (images.shape[0] !== labels.shape[0]) {
    throw new InputError(
      `${dir}: ${images.shape[0]} images but ${labels.shape[0]} labels in the ${split} split`,
    );
  }
  const labelData = labels.data as Uint8Array;
  if (labelData.some((l) => l > 9)) throw new InputError(`${labelPath}: labels must be 0–9`);
  return {
    count: images.shape[0],
    rows: images.shape[1],
    cols: images.shape[2],
    images: images.data as Uint8Array,
    labels: labelData,
  };
}
