/**
 * The corridor as the authors' dataset shows it (May, Dauphin & Gjorgjieva 2025; SCIENCE.md
 * §1): the right half of their 128×64 Blender render, so one wall recedes to a vanishing
 * point near the left edge; dark wall and floor (≈ 0.03), a sky of ≈ 0.3, bright cue shapes
 * (≈ 0.75) a few per panel; anti-aliased (each pixel averages `supersample`² rays), and a
 * slow flight (0.025 panels per frame) so that consecutive frames differ little. Surfaces fade
 * towards the sky's grey with distance, as the far end of their corridor does.
 */
import { ensure } from "../util/errors.ts";
import { hash3 } from "../util/rng.ts";
import { BOLD_CUES } from "./_cues.ts";
import type { CorridorOptions } from "./corridor.ts";
import { requireCorridor } from "./_checks.ts";

/** Options of {@link renderCorridorView}: those of the centred view, less its texture ones. */
export interface CorridorViewOptions extends Omit<CorridorOptions, "aspect" | "texels"> {
  /** Corridor units (panel lengths) travelled per frame (default 0.025). */
  speed?: number;
  /** Horizontal field of view of the full 128-pixel-wide render, degrees (default 39.6). */
  fov?: number;
  /** Where the vanishing point lies, as a fraction of the width from the left (default 0.12). */
  vanishing?: number;
  /** Rays per pixel along each axis (default 4: 16 rays a pixel). */
  supersample?: number;
}

const WALL_Y = 0.7;
const EYE_Z = 0.44;
/** Grey levels of the authors' frames (read off evaluation/visualize_predictions.ipynb). */
export const CORRIDOR_LEVELS = { sky: 0.3, wall: 0.04, floor: 0.03, cue: 0.75 } as const;
const FADE_DISTANCE = 40;

/**
 * Renders `frames` frames of the corridor flight in the authors' view, values in [0, 1].
 *
 * @example
 * ```ts
 * import { renderCorridorView } from "@prevision/prevision/stimuli";
 * const movie = renderCorridorView({ frames: 11, width: 32, height: 32, seed: 1 });
 * movie.length; // 11 * 32 * 32
 * ```
 */
export function renderCorridorView(options: CorridorViewOptions): Float32Array {
  const width = options.width ?? 64, height = options.height ?? 64;
  const { frames, seed } = options;
  const speed = options.speed ?? 0.025;
  const panels = options.panels ?? 500;
  const fov = options.fov ?? 39.6;
  const vanishing = options.vanishing ?? 0.12;
  const ss = options.supersample ?? 4;
  requireCorridor({ width, height, frames, speed, seed, panels, fov });
  ensure(vanishing >= 0 && vanishing <= 1, `vanishing must be in [0, 1]`);
  ensure(Number.isInteger(ss) && ss >= 1 && ss <= 16, `supersample must be an integer 1..16`);
  const travel = speed * Math.max(0, frames - 1);
  ensure(
    travel < panels - 2,
    `the flight (${travel.toFixed(1)} units) is longer than the corridor (${panels} panels)`,
  );
  // The output's width spans half the 128-pixel render: tan(fov/2) over `width` pixels.
  const perPixel = Math.tan((fov * Math.PI) / 360) / width;
  const cueOf = (wall: number, i: number) => hash3(seed, wall, i) % BOLD_CUES.length;
  const start = Math.min(panels - 2 - travel, 1 + (hash3(seed, 3, 0) / 2 ** 32) * 4);
  const { sky, wall, floor, cue } = CORRIDOR_LEVELS;
  const out = new Float32Array(frames * width * height);
  const weight = 1 / (ss * ss);
  for (let f = 0; f < frames; f++) {
    const camX = start + speed * f;
    const base = f * width * height;
    for (let r = 0; r < height; r++) {
      for (let c = 0; c < width; c++) {
        let sum = 0;
        for (let j = 0; j < ss; j++) {
          const dz = perPixel * (height / 2 - (r + (j + 0.5) / ss));
          for (let i = 0; i < ss; i++) {
            const dy = perPixel * (c + (i + 0.5) / ss - vanishing * width);
            sum += shade(camX, dy, dz);
          }
        }
        out[base + r * width + c] = sum * weight;
      }
    }
  }
  return out;

  // Ray (1, dy, dz) from (camX, 0, EYE_Z); dy > 0 looks at the right wall.
  function shade(camX: number, dy: number, dz: number): number {
    let t = Infinity;
    let surface: number = sky;
    if (dy !== 0) {
      const tw = WALL_Y / Math.abs(dy);
      const z = EYE_Z + dz * tw;
      const x = camX + tw;
      if (z >= 0 && z < 1 && x < panels) {
        t = tw;
        const panel = Math.floor(x);
        const u = x - panel;
        const shape = BOLD_CUES[cueOf(dy > 0 ? 1 : 2, panel)];
        surface = shape(dy > 0 ? u : 1 - u, z) ? cue : wall;
      }
    }
    if (dz < 0) {
      const tf = EYE_Z / -dz;
      if (tf < t && Math.abs(dy * tf) <= WALL_Y && camX + tf < panels) {
        t = tf;
        surface = floor;
      }
    }
    if (!Number.isFinite(t)) return sky;
    const dist = t * Math.hypot(1, dy, dz) / FADE_DISTANCE;
    return sky + (surface - sky) / (1 + dist * dist);
  }
}
