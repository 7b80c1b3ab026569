import { ensure } from "../util/errors.ts";

/** Frame counts are integers ≥ 0 (InputError otherwise). */
export function requireFrameCount(frames: number): void {
  ensure(
    Number.isInteger(frames) && frames >= 0,
    `frames must be a non-negative integer, got ${frames}`,
  );
}

/** Rendered frames are 1…4096 pixels on each side (InputError otherwise). */
export function requireFrameSize(width: number, height: number): void {
  ensure(
    Number.isInteger(width) && width > 0 && width <= 4096,
    `width must be a positive integer, got ${width}`,
  );
  ensure(
    Number.isInteger(height) && height > 0 && height <= 4096,
    `height must be a positive integer, got ${height}`,
  );
}

/** Checks the options both corridor renderers share (InputError naming the bad one). */
export function requireCorridor(o: {
  width: number;
  height: number;
  frames: number;
  speed: number;
  seed: number;
  panels: number;
  fov: number;
}): void {
  requireFrameSize(o.width, o.height);
  requireFrameCount(o.frames);
  ensure(Number.isFinite(o.speed) && o.speed >= 0, `speed must be ≥ 0, got ${o.speed}`);
  ensure(Number.isFinite(o.seed), `seed must be a finite number`);
  ensure(Number.isInteger(o.panels) && o.panels >= 2, `panels must be an integer ≥ 2`);
  ensure(o.fov > 0 && o.fov < 180, `fov must be in (0, 180) degrees`);
}
