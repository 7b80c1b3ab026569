// deno-lint-ignore-file no-import-prefix -- mod.ts must import from a URL without an import map (the
// line-level ignore cannot sit between @ts-types and its import)
/**
 * Multi-page TIFF stacks (e.g. recorded calcium-imaging wave movies): reading via the
 * `utif2` decoder (8/16/32-bit grey or any colour image converted to grey), and a small
 * writer for uncompressed 8-bit grey stacks. Corrupt or truncated files raise a one-line
 * InputError.
 */
// @ts-types="./_utif.d.ts"
import UTIF from "npm:utif2@4.1.0";
import { InputError } from "../util/errors.ts";
import { writeFileAtomic } from "../util/atomic.ts";

/** A stack of grey frames. */
export interface FrameStack {
  /** Number of pages. */
  frames: number;
  /** Page height in pixels. */
  height: number;
  /** Page width in pixels. */
  width: number;
  /** frames·height·width values, as stored (not rescaled). */
  data: Float32Array;
}

type Ifd = Record<string, unknown> & {
  data: Uint8Array;
  width: number;
  height: number;
  isLE?: boolean;
};

const tag = (ifd: Ifd, t: number, fallback: number): number => {
  const v = ifd[`t${t}`] as number[] | undefined;
  return v && v.length ? Number(v[0]) : fallback;
};

/**
 * Reads every page of a TIFF file (bytes or path) as grey frames of equal size.
 *
 * @example
 * ```ts
 * import { encodeTiffStack, readTiffStack } from "@prevision/prevision/io";
 * const bytes = encodeTiffStack(new Uint8Array(2 * 4 * 4), 2, 4, 4);
 * console.log(readTiffStack(bytes).frames); // 2
 * ```
 */
export function readTiffStack(input: Uint8Array | string): FrameStack {
  const where = typeof input === "string" ? input : "tiff";
  let bytes: Uint8Array;
  try {
    bytes = typeof input === "string" ? Deno.readFileSync(input) : input;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) throw new InputError(`${where}: no such file`);
    throw error;
  }
  const magic = String.fromCharCode(bytes[0] ?? 0, bytes[1] ?? 0);
  if (bytes.length < 8 || (magic !== "II" && magic !== "MM")) {
    throw new InputError(`${where}: not a TIFF file`);
  }
  const buffer = bytes.buffer.slice(
    bytes.byteOffset,
    bytes.byteOffset + bytes.byteLength,
  ) as ArrayBuffer;
  let ifds: Ifd[];
  try {
    ifds = (UTIF.decode(buffer) as unknown as Ifd[]).filter((ifd) => ifd.t256 !== undefined);
  } catch (error) {
    throw new InputError(`${where}: corrupt TIFF (${String(error).split("\n")[0]})`);
  }
  if (ifds.length === 0) throw new InputError(`${where}: corrupt TIFF (no image pages)`);
  const width = tag(ifds[0], 256, 0), height = tag(ifds[0], 257, 0);
  if (!(width > 0 && height > 0)) throw new InputError(`${where}: corrupt TIFF (bad image size)`);
  const data = new Float32Array(ifds.length * width * height);
  ifds.forEach((ifd, page) => {
    if (tag(ifd, 256, 0) !== width || tag(ifd, 257, 0) !== height) {
      throw new InputError(
        `${where}: page ${page} is ${tag(ifd, 256, 0)}×${tag(ifd, 257, 0)}, not ${width}×${height}`,
      );
    }
    checkStrips(ifd, bytes.length, where, page);
    try {
      UTIF.decodeImage(buffer, ifd as never);
    } catch (error) {
      throw new InputError(`${where}: corrupt TIFF page ${page} (${String(error).split("\n")[0]})`);
    }
    greyInto(ifd, data.subarray(page * width * height, (page + 1) * width * height), where, page);
  });
  return { frames: ifds.length, height, width, data };
}

function checkStrips(ifd: Ifd, length: number, where: string, page: number): void {
  const offsets = (ifd.t273 ?? ifd.t324) as number[] | undefined;
  const counts = (ifd.t279 ?? ifd.t325) as number[] | undefined;
  if (!offsets || !counts) {
    throw new InputError(`${where}: corrupt TIFF page ${page} (no strip offsets)`);
  }
  for (let i = 0; i < offsets.length; i++) {
    if (offsets[i] + (counts[i] ?? 0) > length) {
      throw new InputError(
        `${where}: truncated TIFF (page ${page} needs bytes up to ${
          offsets[i] + counts[i]
        }, file has ${length})`,
      );
    }
  }
}

function greyInto(ifd: Ifd, out: Float32Array, where: string, page: number): void {
  const bps = tag(ifd, 258, 1), spp = tag(ifd, 277, 1), format = tag(ifd, 339, 1);
  const n = out.length, raw = ifd.data;
  if (spp === 1 && (bps === 8 || bps === 16 || bps === 32)) {
    const bytesPer = bps / 8;
    if (raw.length < n * bytesPer) throw new InputError(`${where}: truncated TIFF page ${page}`);
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const le = ifd.isLE !== false;
    for (let i = 0; i < n; i++) {
      out[i] = bps === 8
        ? raw[i]
        : bps === 16
        ? view.getUint16(2 * i, le)
        : format === 3
        ? view.getFloat32(4 * i, le)
        : view.getUint32(4 * i, le);
    }
    return;
  }
  const rgba = UTIF.toRGBA8(ifd as never);
  if (rgba.length < 4 * n) throw new InputError(`${where}: corrupt TIFF page ${page}`);
  for (let i = 0; i < n; i++) {
    out[i] = 0.299 * rgba[4 * i] + 0.587 * rgba[4 * i + 1] + 0.114 * rgba[4 * i + 2];
  }
}

/**
 * Encodes frames (values 0–255) as an uncompressed 8-bit grey multi-page TIFF.
 *
 * @example
 * ```ts
 * import { encodeTiffStack } from "@prevision/prevision/io";
 * const bytes = encodeTiffStack(new Uint8Array(3 * 8 * 8).fill(128), 3, 8, 8);
 * ```
 */
export function encodeTiffStack(
  data: ArrayLike<number>,
  frames: number,
  height: number,
  width: number,
): Uint8Array {
  if (data.length !== frames * height * width || frames < 1) {
    throw new InputError(
      `tiff: expected ${frames * height * width} values for ${frames}×${height}×${width}`,
    );
  }
  const tags = 9, ifdBytes = 2 + tags * 12 + 4, pix = height * width;
  const pageBytes = ifdBytes + pix;
  const out = new Uint8Array(8 + frames * pageBytes);
  const view = new DataView(out.buffer);
  out.set([0x49, 0x49, 42, 0]);
  view.setUint32(4, 8, true);
  for (let f = 0; f < frames; f++) {
    const ifd = 8 + f * pageBytes, pixels = ifd + ifdBytes;
    view.setUint16(ifd, tags, true);
    const entries: [number, number, number][] = [
      [256, 3, width],
      [257, 3, height],
      [258, 3, 8],
      [259, 3, 1],
      [262, 3, 1],
      [273, 4, pixels],
      [277, 3, 1],
      [278, 3, height],
      [279, 4, pix],
    ];
    entries.forEach(([t, type, value], i) => {
      const at = ifd + 2 + i * 12;
      view.setUint16(at, t, true);
      view.setUint16(at + 2, type, true);
      view.setUint32(at + 4, 1, true);
      if (type === 3) view.setUint16(at + 8, value, true);
      else view.setUint32(at + 8, value, true);
    });
    view.setUint32(ifd + 2 + tags * 12, f + 1 < frames ? ifd + pageBytes : 0, true);
    for (let p = 0; p < pix; p++) {
      const v = Number(data[f * pix + p]);
      out[pixels + p] = v > 255 ? 255 : v > 0 ? Math.round(v) : 0;
    }
  }
  return out;
}

/** Writes {@link encodeTiffStack} output atomically. */
export async function writeTiffStack(
  path: string,
  data: ArrayLike<number>,
  frames: number,
  height: number,
  width: number,
): Promise<void> {
  await writeFileAtomic(path, encodeTiffStack(data, frames, height, width));
}
