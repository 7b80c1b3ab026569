/**
 * The per-step update of the Godfrey & Swindale (2007) model in plain TypeScript (float32
 * arithmetic via Math.fround), the reference for kernels/src/waves_godfrey.ts. Per cell and
 * 25 ms step, in this order:
 *   θ ← θ0 + (θ − θ0)·α                              (threshold relaxes, α = e^(−dt/τθ))
 *   active:   E += I; steps−−; at 0: θ += kθ·E, E = 0 (activity-dependent refractoriness)
 *   inactive: V ← V + (I − V)·kV + kick (|V| < 10⁻³ → 0);  V ≥ θ → active for T steps, V = 0
 * where I is the summed dendritic overlap with active neighbours (integers, 1024 = full
 * overlap) and `kick` a spontaneous depolarisation with probability p per step (counter
 * hash of seed, step, cell). Changes of I are applied after the sweep.
 */
import { hash3 } from "../../util/rng.ts";
import type { Lattice } from "./_lattice.ts";
import type { FrameSource } from "./_wasm_frames.ts";

/** Numbers the engine needs (all float32-representable). */
export interface GodfreyEngineConfig {
  seed: number;
  theta0: number;
  alpha: number;
  kTheta: number;
  kV: number;
  kick: number;
  /** Spontaneous kick threshold on 24-bit hash values (p·2^24). */
  kickThreshold: number;
  activeSteps: number;
  stepsPerFrame: number;
}

/** One simulation engine (TS reference or WASM kernel). */
export type GodfreyEngine = FrameSource;

const f = Math.fround;
/** Drive below this (1/1024 of a full overlap ≈ 1e-6) is set to 0. */
export const TINY = Math.fround(1e-3); // the float32 the kernel compares with

/** Creates the TypeScript reference engine. */
export function createGodfreyTsEngine(c: GodfreyEngineConfig, lat: Lattice): GodfreyEngine {
  const n = lat.cells;
  const V = new Float32Array(n), TH = new Float32Array(n).fill(c.theta0);
  const I = new Int32Array(n), E = new Int32Array(n), ACT = new Int32Array(n);
  for (let i = lat.real; i < n; i++) TH[i] = Infinity;
  const on = new Int32Array(n), off = new Int32Array(n);
  const th0 = f(c.theta0), alpha = f(c.alpha), kTh = f(c.kTheta), kV = f(c.kV), kick = f(c.kick);
  const pixels = lat.pixelCell.length;
  let step = 0;

  function advance(): void {
    let nOn = 0, nOff = 0;
    for (let i = 0; i < n; i++) {
      let th = f(th0 + f(f(TH[i] - th0) * alpha));
      if (ACT[i] > 0) {
        E[i] += I[i];
        ACT[i]--;
        if (ACT[i] === 0) {
          th = f(th + f(kTh * f(E[i])));
          E[i] = 0;
          off[nOff++] = i;
        }
      } else {
        const k = (hash3(c.seed, step, i) >>> 8) < c.kickThreshold ? kick : 0;
        let v = f(f(V[i] + f(f(f(I[i]) - V[i]) * kV)) + k);
        if (Math.abs(v) < TINY) v = 0; // flush before float32 subnormals (slow on x86)
        if (v >= th) {
          ACT[i] = c.activeSteps;
          V[i] = 0;
          on[nOn++] = i;
        } else V[i] = v;
      }
      TH[i] = th;
    }
    for (let a = 0; a < nOn; a++) {
      const i = on[a];
      for (let e = lat.offsets[i]; e < lat.offsets[i + 1]; e++) {
        I[lat.neighbours[e]] += lat.weights[e];
      }
    }
    for (let a = 0; a < nOff; a++) {
      const i = off[a];
      for (let e = lat.offsets[i]; e < lat.offsets[i + 1]; e++) {
        I[lat.neighbours[e]] -= lat.weights[e];
      }
    }
    step++;
  }

  const perFrame = lat.pixelCell.length;
  const batch = Math.max(1, Math.floor((1 << 16) / perFrame));
  const own = new Uint8Array(batch * perFrame);
  return {
    view(maxFrames) {
      const k = Math.min(maxFrames, batch);
      this.run(k, own);
      return own.subarray(0, k * perFrame);
    },
    run(frames, out) {
      for (let fr = 0; fr < frames; fr++) {
        for (let s = 0; s < c.stepsPerFrame; s++) advance();
        if (!out) continue;
        const base = fr * pixels;
        for (let p = 0; p < pixels; p++) out[base + p] = ACT[lat.pixelCell[p]] > 0 ? 1 : 0;
      }
    },
  };
}
