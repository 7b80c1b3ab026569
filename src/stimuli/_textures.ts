/**
 * Procedural wall textures for the VR corridor (Zhong et al. 2025): leaf-like, circle-like
 * and grating patterns. A texture is width×height grey values in [0, 1]; the same name and
 * exemplar number always give the same image.
 */
import { Rng } from "../util/rng.ts";

/** A grey image. */
export interface Texture {
  /** Width in texels. */
  width: number;
  /** Height in texels. */
  height: number;
  /** width·height grey values in [0, 1], row-major. */
  data: Float32Array;
}

const DARK = 0.15, LIGHT = 0.85;

function blank(width: number, height: number): Texture {
  return { width, height, data: new Float32Array(width * height).fill(DARK) };
}

/** Leaf-like: overlapping pointed ellipses with a darker midrib, random orientations. */
export function leafTexture(exemplar: number, width: number, height: number): Texture {
  const t = blank(width, height);
  const rng = new Rng(1000 + exemplar, 11);
  const count = Math.round((width * height) / 180);
  for (let i = 0; i < count; i++) {
    const cx = rng.range(0, width), cy = rng.range(0, height);
    const len = rng.range(0.25, 0.6) * height, wid = len * rng.range(0.25, 0.4);
    const ang = rng.range(0, Math.PI), cos = Math.cos(ang), sin = Math.sin(ang);
    const shade = rng.range(0.55, 1) * LIGHT;
    const r = Math.ceil(len);
    for (let y = Math.floor(cy - r); y <= cy + r; y++) {
      for (let x = Math.floor(cx - r); x <= cx + r; x++) {
        const dx = x - cx, dy = y - cy;
        const u = (dx * cos + dy * sin) / len, v = (-dx * sin + dy * cos) / wid;
        // Pointed leaf outline: |v| < (1 − u²)^1.5 for |u| < 1.
        if (Math.abs(u) >= 1 || Math.abs(v) >= (1 - u * u) ** 1.5) continue;
        const px = ((x % width) + width) % width, py = ((y % height) + height) % height;
        t.data[py * width + px] = Math.abs(v) < 0.08 ? shade * 0.5 : shade;
      }
    }
  }
  return t;
}

/** Circle-like: rings and discs of random sizes. */
export function circleTexture(exemplar: number, width: number, height: number): Texture {
  const t = blank(width, height);
  const rng = new Rng(2000 + exemplar, 13);
  const count = Math.round((width * height) / 220);
  for (let i = 0; i < count; i++) {
    const cx = rng.range(0, width), cy = rng.range(0, height);
    const radius = rng.range(0.08, 0.3) * height, ring = rng.bernoulli(0.5);
    const shade = rng.range(0.6, 1) * LIGHT;
    const r = Math.ceil(radius);
    for (let y = Math.floor(cy - r); y <= cy + r; y++) {
      for (let x = Math.floor(cx - r); x <= cx + r; x++) {
        const d = Math.hypot(x - cx, y - cy);
        if (d > radius || (ring && d < radius * 0.6)) continue;
        const px = ((x % width) + width) % width, py = ((y % height) + height) % height;
        t.data[py * width + px] = shade;
      }
    }
  }
  return t;
}

/** Square-wave grating of `period` texels at `angle` degrees. */
export function gratingTexture(
  angle: number,
  period: number,
  width: number,
  height: number,
): Texture {
  const t = blank(width, height);
  const a = (angle * Math.PI) / 180, c = Math.cos(a), s = Math.sin(a);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const phase = (x * c + y * s) / period;
      t.data[y * width + x] = phase - Math.floor(phase) < 0.5 ? LIGHT : DARK;
    }
  }
  return t;
}
