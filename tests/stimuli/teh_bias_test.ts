import assert from "node:assert/strict";
import { DC, DR } from "../../src/stimuli/waves/_teh_engine.ts";
import { tehParams, tehThresholds } from "../../src/stimuli/waves/teh.ts";
import { tehLocalBias, tehSigmaForBias } from "../../src/stimuli/waves/teh_bias.ts";
import { InputError } from "../../src/util/errors.ts";

// Bias of the probabilities the simulator actually draws from: the 24-bit thresholds of
// the 8 neighbours (engine order DR/DC) for a wave heading along +col (θ′ = 0).
// (With q = 2.4 and σ < ≈0.75 the forward ρ saturates at 1 and the drawn bias is lower.)
function simulatorBias(sigma: number): number {
  const t = tehThresholds(0, tehParams({ sigma, q: 0.9 })); // q < 1: no ρ clamped at 1
  let re = 0, im = 0, total = 0;
  for (let k = 0; k < 8; k++) total += t[k];
  for (let k = 0; k < 8; k++) {
    const angle = Math.atan2(DR[k], DC[k]);
    re += (t[k] / total) * Math.cos(angle);
    im += (t[k] / total) * Math.sin(angle);
  }
  return Math.hypot(re, im);
}

Deno.test("teh bias: the documented definition matches the simulator's probabilities", () => {
  for (const sigma of [0.6, 1.2, 1.57, 2.5]) {
    assert.ok(
      Math.abs(tehLocalBias(sigma) - simulatorBias(sigma)) < 1e-5,
      `σ=${sigma}: ${tehLocalBias(sigma)} vs ${simulatorBias(sigma)}`,
    );
  }
});

Deno.test("teh bias: σ = 1.2 gives 0.50, not 0.35; 0.35 needs σ ≈ 1.57", () => {
  assert.ok(Math.abs(tehLocalBias(1.2) - 0.5026) < 1e-3, String(tehLocalBias(1.2)));
  const s = tehSigmaForBias(0.35);
  assert.ok(Math.abs(s - 1.566) < 0.01, String(s));
  assert.ok(Math.abs(tehLocalBias(s) - 0.35) < 1e-9);
  // the authors' optimiser target is a different number (re + im, odd multiples of π/8)
  assert.ok(Math.abs(tehLocalBias(1.2, "authors") - 1.1117) < 1e-3);
  // monotone: wider tuning → weaker bias
  assert.ok(tehLocalBias(0.5) > tehLocalBias(1) && tehLocalBias(1) > tehLocalBias(3));
  assert.throws(() => tehSigmaForBias(1.5), InputError);
  assert.throws(() => tehLocalBias(-1), InputError);
});
