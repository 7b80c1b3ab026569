import { require } from "../util/errors.ts";

/** Frame counts are integers ≥ 0 (InputError otherwise). */
export function requireFrameCount(frames: number): void {
  require(
    Number.isInteger(frames) && frames >= 0,
    `frames must be a non-negative integer, got ${frames}`,
  );
}

/** Rendered frames are 1…4096 pixels on each side (InputError otherwise). */
export function requireFrameSize(width: number, height: number): void {
  require(
    Number.isInteger(width) && width > 0 && width <= 4096,
    `width must be a positive integer, got ${width}`,
  );
  require(
    Number.isInteger(height) && height > 0 && height <= 4096,
    `height must be a positive integer, got ${height}`,
  );
}
