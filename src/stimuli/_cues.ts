/**
 * The 20 geometric cue patterns of the corridor walls (May et al. 2025 used 20 cue
 * images on Blender panels) and procedural helpers. Each cue is a function of panel
 * coordinates (u along the corridor, v up the wall), both in [0, 1), giving a grey level.
 */

type Cue = (u: number, v: number) => number;

const frac = (x: number) => x - Math.floor(x);
const stripes = (x: number, n: number) => (frac(x * n) < 0.5 ? 1 : 0);
const disc = (u: number, v: number, cx: number, cy: number, r: number) =>
  (u - cx) ** 2 + (v - cy) ** 2 < r * r;

/** 20 distinct, high-contrast patterns (values in [0, 1]). */
export const CUES: Cue[] = [
  (u) => stripes(u, 2),
  (u) => stripes(u, 4),
  (u) => stripes(u, 8),
  (_u, v) => stripes(v, 3),
  (_u, v) => stripes(v, 6),
  (u, v) => stripes(u, 4) ^ stripes(v, 4),
  (u, v) => stripes(u, 8) ^ stripes(v, 8),
  (u, v) => stripes(u + v, 4),
  (u, v) => stripes(u - v, 4),
  (u, v) => (disc(u, v, 0.5, 0.5, 0.35) ? 1 : 0),
  (u, v) => (disc(u, v, 0.5, 0.5, 0.35) && !disc(u, v, 0.5, 0.5, 0.2) ? 1 : 0),
  (u, v) => (disc(frac(u * 3), frac(v * 3), 0.5, 0.5, 0.3) ? 1 : 0),
  (u, v) => (Math.abs(u - 0.5) < 0.12 || Math.abs(v - 0.5) < 0.12 ? 1 : 0), // plus
  (u, v) => (Math.abs(u - v) < 0.1 || Math.abs(u + v - 1) < 0.1 ? 1 : 0), // cross
  (u, v) => (v < 0.85 - 0.7 * Math.abs(u - 0.5) * 2 && v > 0.15 ? 1 : 0), // triangle
  (u, v) => (v > 0.15 + 0.7 * Math.abs(u - 0.5) * 2 && v < 0.85 ? 1 : 0), // inverted triangle
  (u, v) => (Math.abs(u - 0.5) + Math.abs(v - 0.5) < 0.35 ? 1 : 0), // diamond
  (u, v) => (Math.abs(u - 0.5) < 0.3 && Math.abs(v - 0.5) < 0.3 ? 1 : 0), // square
  (u, v) => stripes(Math.hypot(u - 0.5, v - 0.5), 5), // rings
  (u, v) => (frac((Math.atan2(v - 0.5, u - 0.5) / (2 * Math.PI)) * 8) < 0.5 ? 1 : 0), // pinwheel
];

/** Rasterises a cue to a size×size texture (row 0 = top of the panel). */
export function cueTexture(index: number, size = 32): Float32Array {
  const cue = CUES[index];
  const out = new Float32Array(size * size);
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      const value = cue((c + 0.5) / size, 1 - (r + 0.5) / size);
      out[r * size + c] = 0.15 + 0.7 * value;
    }
  }
  return out;
}

const thin = (x: number, n: number) => (frac(x * n) < 0.35 ? 1 : 0);
const band = (x: number, lo: number, hi: number) => x >= lo && x < hi;

/**
 * 20 bold cue shapes at the scale of the authors' cue images (May et al. 2025: a few large
 * shapes per panel — thick diagonal stripes, bars, blocks, discs), so that at 64×64 a cue
 * spans several pixels: 1 inside the shape, 0 on the panel's background.
 */
export const BOLD_CUES: Cue[] = [
  (u, v) => thin(u + 0.6 * v, 2.5),
  (u, v) => thin(u - 0.6 * v, 2.5),
  (u) => thin(u, 1.5),
  (u) => thin(u + 0.25, 2.5),
  (_u, v) => thin(v + 0.25, 2),
  (u, v) => band(u, 0.3, 0.55) && band(v, 0.15, 0.85) ? 1 : 0, // tall block
  (u, v) => band(u, 0.15, 0.85) && band(v, 0.35, 0.65) ? 1 : 0, // wide block
  (u, v) => (disc(u, v, 0.5, 0.5, 0.32) ? 1 : 0),
  (u, v) => (disc(u, v, 0.5, 0.5, 0.38) && !disc(u, v, 0.5, 0.5, 0.2) ? 1 : 0),
  (u, v) => (disc(u, v, 0.3, 0.7, 0.2) || disc(u, v, 0.7, 0.3, 0.2) ? 1 : 0),
  (u, v) => (Math.abs(u - 0.5) < 0.14 || Math.abs(v - 0.5) < 0.14 ? 1 : 0), // plus
  (u, v) => (Math.abs(u - v) < 0.12 || Math.abs(u + v - 1) < 0.12 ? 1 : 0), // cross
  (u, v) => (v < 0.85 - 0.7 * Math.abs(u - 0.5) * 2 && v > 0.15 ? 1 : 0), // triangle
  (u, v) => (v > 0.15 + 0.7 * Math.abs(u - 0.5) * 2 && v < 0.85 ? 1 : 0), // inverted triangle
  (u, v) => (Math.abs(u - 0.5) + Math.abs(v - 0.5) < 0.38 ? 1 : 0), // diamond
  (u, v) =>
    (band(u, 0.15, 0.4) && band(v, 0.15, 0.85)) || (band(u, 0.15, 0.85) && band(v, 0.15, 0.4))
      ? 1
      : 0, // L
  (u, v) => thin(u, 2) ^ thin(v, 2), // 2×2 checks
  (
    u,
    v,
  ) => (band(u, 0.1, 0.9) && band(v, 0.1, 0.9) && !(band(u, 0.3, 0.7) && band(v, 0.3, 0.7))
    ? 1
    : 0), // frame
  (u, v) => (v < 0.5 + 0.3 * Math.sin(2 * Math.PI * u) && v > 0.2 ? 1 : 0), // wave
  (u, v) => thin(Math.hypot(u - 0.5, v - 0.5), 2.5), // rings
];
