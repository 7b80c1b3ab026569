/**
 * The virtual-reality corridors of Zhong et al. (2025) (SCIENCE.md §5): 6 m long, 60
 * position bins of 1 dm; the walls carry one texture for the first 4 m (bins 0–39) and
 * are grey for the last 2 m (bins 40–59); reward zone 2–4 m. Textures are procedural:
 * leaf-like (leaf1–3, and any further exemplar `leafN`), circle-like (circle1–2, `circleN`),
 * gratings (`grating`, `grating45`, …), and swapped variants (`leaf1-swap`: the two 2 m
 * halves of the texture exchanged). The camera runs down the corridor lap after lap and
 * every frame comes with its position and bin.
 */
import { ensure, InputError } from "../util/errors.ts";
import { Rng } from "../util/rng.ts";
import { circleTexture, gratingTexture, leafTexture, type Texture } from "./_textures.ts";
import { requireFrameCount, requireFrameSize } from "./_checks.ts";

/** Corridor geometry (decimetres). */
export const VR = {
  length: 60,
  textured: 40,
  bins: 60,
  rewardStart: 20,
  rewardEnd: 40,
  halfWidth: 1,
  height: 2,
  eye: 1,
  grey: 0.5,
} as const;

/** The built-in corridor names (any `leafN` / `circleN` / `gratingA` also works). */
export const VR_CORRIDORS = [
  "leaf1",
  "leaf2",
  "leaf3",
  "circle1",
  "circle2",
  "grating",
  "leaf1-swap",
  "circle1-swap",
];

/** Options of {@link renderVrCorridor}. */
export interface VrCorridorOptions {
  /** Texture name (default leaf1). */
  corridor?: string;
  /** Number of frames. */
  frames: number;
  /** Frame width (default 64). */
  width?: number;
  /** Frame height (default 64). */
  height?: number;
  /** Mean running speed in dm per frame (default 0.5). */
  speed?: number;
  /** Seed of the speed fluctuations. */
  seed: number;
  /** Horizontal field of view in degrees (default 120, the mouse's wide view). */
  fov?: number;
  /** Texels per dm (default 16). */
  texels?: number;
}

/** A rendered VR session. */
export interface VrMovie {
  /** Number of frames. */
  frames: number;
  /** Frame height in pixels. */
  height: number;
  /** Frame width in pixels. */
  width: number;
  /** frames·height·width grey values in [0, 1]. */
  data: Float32Array;
  /** Position along the corridor in dm, per frame. */
  position: Float32Array;
  /** Position bin 0–59 per frame. */
  bin: Int32Array;
  /** Lap number per frame. */
  lap: Int32Array;
}

/** Builds the 4 m wall texture of a named corridor. */
export function vrTexture(name: string, texels = 16): Texture {
  const width = VR.textured * texels, height = VR.height * texels;
  const swap = name.endsWith("-swap");
  const base = swap ? name.slice(0, -5) : name;
  const m = /^(leaf|circle|grating)(\d*)$/.exec(base);
  if (!m) {
    throw new InputError(
      `unknown corridor '${name}' (try ${VR_CORRIDORS.join(", ")}, leafN, circleN, gratingANGLE)`,
    );
  }
  const n = m[2] === "" ? (m[1] === "grating" ? 90 : 1) : Number(m[2]);
  const tex = m[1] === "leaf"
    ? leafTexture(n, width, height)
    : m[1] === "circle"
    ? circleTexture(n, width, height)
    : gratingTexture(n, texels * 1.5, width, height);
  if (!swap) return tex;
  const half = width / 2, out = new Float32Array(tex.data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) out[y * width + x] = tex.data[y * width + ((x + half) % width)];
  }
  return { width, height, data: out };
}

/**
 * Renders a run through a VR corridor with per-frame positions.
 *
 * @example
 * ```ts
 * import { renderVrCorridor } from "@prevision/prevision/stimuli";
 * const run = renderVrCorridor({ corridor: "circle1", frames: 240, seed: 1 });
 * console.log(run.bin[0], run.bin[100]); // position bins along the 6 m corridor
 * ```
 */
export function renderVrCorridor(options: VrCorridorOptions): VrMovie {
  const width = options.width ?? 64, height = options.height ?? 64;
  const { frames, seed } = options;
  const speed = options.speed ?? 0.5, fov = options.fov ?? 120, texels = options.texels ?? 16;
  requireFrameSize(width, height);
  requireFrameCount(frames);
  ensure(Number.isFinite(speed) && speed > 0, `speed must be > 0, got ${speed}`);
  ensure(fov > 0 && fov < 180, `fov must be in (0, 180) degrees`);
  ensure(Number.isFinite(seed), "seed must be a finite number");
  const tex = vrTexture(options.corridor ?? "leaf1", texels);
  const rng = new Rng(seed, 5);
  const position = new Float32Array(frames),
    bin = new Int32Array(frames),
    lap = new Int32Array(frames);
  let x = 0, laps = 0, v = speed;
  for (let f = 0; f < frames; f++) {
    position[f] = x;
    bin[f] = Math.min(VR.bins - 1, Math.floor((x / VR.length) * VR.bins));
    lap[f] = laps;
    v = Math.max(0.1 * speed, v + 0.2 * (speed - v) + 0.1 * speed * rng.normal());
    x += v;
    if (x >= VR.length) {
      x = 0;
      laps++;
    }
  }
  const data = new Float32Array(frames * width * height);
  const tanH = Math.tan((fov * Math.PI) / 360), tanV = (tanH * height) / width;
  for (let f = 0; f < frames; f++) {
    const base = f * width * height;
    for (let r = 0; r < height; r++) {
      const dz = tanV * (1 - (2 * (r + 0.5)) / height);
      for (let c = 0; c < width; c++) {
        const dy = tanH * ((2 * (c + 0.5)) / width - 1);
        data[base + r * width + c] = shade(position[f], dy, dz);
      }
    }
  }
  return { frames, height, width, data, position, bin, lap };

  function shade(camX: number, dy: number, dz: number): number {
    // Side walls (textured for x < 40 dm, grey after), floor, end wall; black beyond.
    const tWall = dy !== 0 ? VR.halfWidth / Math.abs(dy) : Infinity;
    const zWall = VR.eye + dz * tWall;
    if (zWall >= 0 && zWall < VR.height && camX + tWall < VR.length) {
      const xw = camX + tWall;
      if (xw >= VR.textured) return VR.grey;
      const tx = Math.min(tex.width - 1, Math.floor(xw * texels));
      const ty = Math.min(tex.height - 1, Math.floor((VR.height - zWall) * texels));
      return tex.data[ty * tex.width + tx];
    }
    const tEnd = VR.length - camX;
    if (Math.abs(dy * tEnd) <= VR.halfWidth && Math.abs(dz * tEnd) <= VR.eye) return VR.grey;
    return dz < 0 ? 0.3 : 0.05;
  }
}
