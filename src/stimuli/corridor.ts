/**
 * The corridor of May, Dauphin & Gjorgjieva (2025) (SCIENCE.md §1), ray-cast instead of
 * rendered in Blender: a camera at height 0.5 moves along +x between two walls at
 * y = ±0.7 made of unit panels (panel i spans x ∈ [i, i+1], z ∈ [0, 1]), each showing one
 * of 20 geometric cue textures sampled nearest-neighbour; a floor at z = 0, an end wall
 * at x = length, and a grey 0.52 background above the walls. Ray casting is
 * perspective-correct by construction. A light travels with the camera (brightness falls
 * off with distance).
 */
import { ensure } from "../util/errors.ts";
import { hash3 } from "../util/rng.ts";
import { CUES, cueTexture } from "./_cues.ts";
import { requireCorridor } from "./_checks.ts";

/** Options of {@link renderCorridor}. */
export interface CorridorOptions {
  /** Output width in pixels (default 64). */
  width?: number;
  /** Output height in pixels (default 64). */
  height?: number;
  /** Number of frames. */
  frames: number;
  /** Corridor units (panel lengths) travelled per frame (default 0.1). */
  speed?: number;
  /** Seed: which cue is on which panel, and the start position. */
  seed: number;
  /** Horizontal field of view in degrees of the 128-pixel-wide original (default 39.6, Blender's 50 mm lens). */
  fov?: number;
  /** Aspect (width/height) of the original render before resizing to width×height (default 2: 128×64). */
  aspect?: number;
  /** Panels per wall (default 500). */
  panels?: number;
  /** Texture resolution of each cue panel (default 16 texels). */
  texels?: number;
}

const WALL_Y = 0.7;
const EYE_Z = 0.5;
const BACKGROUND = 0.52;
const FLOOR = 0.3;
const END_WALL = 0.75;

/** Brightness of a surface `dist` units from the camera light. */
function light(dist: number): number {
  return 1 / (1 + 0.02 * dist * dist);
}

/**
 * Renders `frames` frames of the corridor flight, values in [0, 1].
 *
 * @example
 * ```ts
 * import { renderCorridor } from "@prevision/prevision/stimuli";
 * const movie = renderCorridor({ frames: 100, seed: 1 }); // 100 × 64 × 64 Float32Array
 * ```
 */
export function renderCorridor(options: CorridorOptions): Float32Array {
  const width = options.width ?? 64, height = options.height ?? 64;
  const { frames, seed } = options;
  const speed = options.speed ?? 0.1;
  const panels = options.panels ?? 500;
  const texels = options.texels ?? 16;
  const fov = options.fov ?? 39.6;
  const aspect = options.aspect ?? 2;
  requireCorridor({ width, height, frames, speed, seed, panels, fov });
  const textures = CUES.map((_, i) => cueTexture(i, texels));
  // Which cue each panel shows: left wall stream 1, right wall stream 2.
  const cueOf = (wall: number, i: number) => hash3(seed, wall, i) % CUES.length;
  const tanH = Math.tan((fov * Math.PI) / 360);
  const tanV = tanH / aspect;
  const length = panels;
  // Leave room to fly: start within the first panels, stop before the end wall.
  const travel = speed * Math.max(0, frames - 1);
  ensure(
    travel < length - 1,
    `the flight (${travel.toFixed(1)} units) is longer than the corridor (${length} panels)`,
  );
  const start = Math.min(length - 1 - travel, 1 + (hash3(seed, 3, 0) / 2 ** 32) * 4);
  const out = new Float32Array(frames * width * height);
  for (let f = 0; f < frames; f++) {
    const camX = start + speed * f;
    const base = f * width * height;
    for (let r = 0; r < height; r++) {
      const dz = tanV * (1 - (2 * (r + 0.5)) / height);
      for (let c = 0; c < width; c++) {
        const dy = tanH * ((2 * (c + 0.5)) / width - 1);
        out[base + r * width + c] = shade(camX, dy, dz);
      }
    }
  }
  return out;

  // Ray (1, dy, dz) from (camX, 0, EYE_Z); returns the grey level it sees.
  function shade(camX: number, dy: number, dz: number): number {
    let best = Infinity;
    let value = BACKGROUND;
    // Side walls.
    if (dy !== 0) {
      const t = WALL_Y / Math.abs(dy);
      const z = EYE_Z + dz * t;
      const x = camX + t;
      if (z >= 0 && z < 1 && x < length) {
        best = t;
        const panel = Math.floor(x);
        const tex = textures[cueOf(dy < 0 ? 1 : 2, panel)];
        const u = x - panel;
        const tu = Math.min(texels - 1, Math.floor((dy < 0 ? 1 - u : u) * texels));
        const tv = Math.min(texels - 1, Math.floor((1 - z) * texels));
        value = tex[tv * texels + tu] * light(t * Math.hypot(1, dy, dz));
      }
    }
    // Floor.
    if (dz < 0) {
      const t = EYE_Z / -dz;
      if (t < best && Math.abs(dy * t) <= WALL_Y && camX + t < length) {
        best = t;
        value = FLOOR * light(t * Math.hypot(1, dy, dz));
      }
    }
    // End wall.
    const te = length - camX;
    if (te < best) {
      const y = dy * te, z = EYE_Z + dz * te;
      if (Math.abs(y) <= WALL_Y && z >= 0 && z < 1) {
        value = END_WALL * light(te * Math.hypot(1, dy, dz));
      }
    }
    return value;
  }
}
