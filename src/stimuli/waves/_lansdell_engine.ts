/**
 * One substep of the reduced Lansdell, Ford & Kutz (2014) reaction–diffusion model in
 * TypeScript float32 arithmetic (Math.fround after every operation), the reference for
 * kernels/src/waves_lansdell.ts. Per cell, from the old values:
 *   A ← A + dt·(D·∇²A − A/τA + ρ·max(V, 0))          (acetylcholine, Neumann boundary)
 *   V ← V + (dt/τV)·(V(1−V)(V−a) + gA·A·(1−V) − gS·S·(V − eK)) + kick
 *   C ← C + dt·(γ·max(V, 0) − C/τC)                   (calcium, builds up during bursts)
 *   S ← S + dt·(α·C·(1 − S) − S/τS)                    (slow afterhyperpolarisation)
 * The 5-point Laplacian reads ghost cells that mirror the edge (zero flux). A, C and S
 * are flushed to 0 below 1e-20 (float32 subnormals would make the kernel ~10× slower).
 */
import { hash3 } from "../../util/rng.ts";
import type { FrameSource } from "./_wasm_frames.ts";

/** Float32 coefficients of the update (already combined with dt). */
export interface LansdellEngineConfig {
  size: number;
  seed: number;
  substeps: number;
  /** dt·D (grid units), dt/τA, dt·ρ, dt/τV, a, gA, gS, eK, dt·γ, dt/τC, dt·α, dt/τS, kick size. */
  dtD: number;
  dtInvTauA: number;
  dtRho: number;
  dtInvTauV: number;
  a: number;
  gA: number;
  gS: number;
  eK: number;
  dtGamma: number;
  dtInvTauC: number;
  dtAlpha: number;
  dtInvTauS: number;
  kick: number;
  /** Spontaneous kick threshold on 24-bit hash values. */
  kickThreshold: number;
}

/** One simulation engine (TS reference or WASM kernel). */
export type LansdellEngine = FrameSource;

const f = Math.fround;
/** A, C and S below this are set to 0 before they become float32 subnormals (slow on x86). */
export const TINY = Math.fround(1e-20); // the float32 the kernel compares with
const flush = (x: number) => (Math.abs(x) < TINY ? 0 : x);

/** Creates the TypeScript reference engine. */
export function createLansdellTsEngine(c: LansdellEngineConfig): LansdellEngine {
  const size = c.size, P = size + 2;
  let A = new Float32Array(P * P), A2 = new Float32Array(P * P);
  const V = new Float32Array(size * size), S = new Float32Array(size * size);
  const C = new Float32Array(size * size);
  const k = {
    dtD: f(c.dtD),
    tA: f(c.dtInvTauA),
    rho: f(c.dtRho),
    tV: f(c.dtInvTauV),
    a: f(c.a),
    gA: f(c.gA),
    gS: f(c.gS),
    eK: f(c.eK),
    gamma: f(c.dtGamma),
    tC: f(c.dtInvTauC),
    alpha: f(c.dtAlpha),
    tS: f(c.dtInvTauS),
    kick: f(c.kick),
  };
  let step = 0;

  function ghosts(): void {
    for (let i = 1; i <= size; i++) {
      A[i] = A[P + i];
      A[(size + 1) * P + i] = A[size * P + i];
      A[i * P] = A[i * P + 1];
      A[i * P + size + 1] = A[i * P + size];
    }
  }

  function substep(): void {
    ghosts();
    for (let r = 0; r < size; r++) {
      for (let col = 0; col < size; col++) {
        const p = (r + 1) * P + col + 1, q = r * size + col;
        const a0 = A[p], v = V[q], s = S[q], ca = C[q];
        const lap = f(f(f(f(A[p - 1] + A[p + 1]) + A[p - P]) + A[p + P]) - f(4 * a0));
        A2[p] = flush(f(a0 + f(f(f(k.dtD * lap) - f(a0 * k.tA)) + f(k.rho * Math.max(v, 0)))));
        const u = f(1 - v);
        const cubic = f(f(v * u) * f(v - k.a));
        const drive = f(f(k.gA * a0) * u);
        const inh = f(f(k.gS * s) * f(v - k.eK));
        const kick = (hash3(c.seed, step, q) >>> 8) < c.kickThreshold ? k.kick : 0;
        V[q] = f(f(v + f(k.tV * f(f(cubic + drive) - inh))) + kick);
        C[q] = flush(f(ca + f(f(k.gamma * Math.max(v, 0)) - f(ca * k.tC))));
        S[q] = flush(f(s + f(f(f(k.alpha * ca) * f(1 - s)) - f(s * k.tS))));
      }
    }
    [A, A2] = [A2, A];
    step++;
  }

  const perFrame = c.size * c.size;
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
        for (let s = 0; s < c.substeps; s++) substep();
        if (!out) continue;
        const base = fr * size * size;
        for (let q = 0; q < size * size; q++) out[base + q] = V[q] > 0.5 ? 1 : 0;
      }
    },
  };
}
