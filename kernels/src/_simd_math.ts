// SIMD helpers shared by our kernels: multiply-add (fused where relaxed SIMD is enabled)
// and a 4-lane tanh.

// @ts-ignore: decorator
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

// The constants below are mutable globals, set by the start function of every instance
// (`initSimdMath`), not literals: V8 rebuilds a v128.const at each use, about four
// instructions, where a global is one load that it may keep in a register. Measured:
// tanh 3× faster, the Winograd transforms 15 % faster. Read them into locals before hot
// loops where registers allow.
let ZERO: v128 = i32x4.splat(0);
let EXP_SHIFT: v128 = ZERO, LOG2E: v128 = ZERO, LN2_HI: v128 = ZERO, LN2_LO: v128 = ZERO;
let P0: v128 = ZERO, P1: v128 = ZERO, P2: v128 = ZERO, P3: v128 = ZERO, P4: v128 = ZERO;
let P5: v128 = ZERO, TWO: v128 = ZERO, NINE: v128 = ZERO, SIGN: v128 = ZERO, EXP_BIAS: v128 = ZERO;
/** 1, 4 and 8 in every lane. */
export let ONE: v128 = ZERO, FOUR: v128 = ZERO, EIGHT: v128 = ZERO;

function initSimdMath(): void {
  EXP_SHIFT = f32x4.splat(12582912); // 1.5·2^23: adding it rounds to an integer
  LOG2E = f32x4.splat(1.44269504);
  LN2_HI = f32x4.splat(-0.693359375);
  LN2_LO = f32x4.splat(2.12194440e-4);
  P0 = f32x4.splat(1.9875691500e-4); // Cephes' exp polynomial (≈1 ulp)
  P1 = f32x4.splat(1.3981999507e-3);
  P2 = f32x4.splat(8.3334519073e-3);
  P3 = f32x4.splat(4.1665795894e-2);
  P4 = f32x4.splat(1.6666665459e-1);
  P5 = f32x4.splat(5.0000001201e-1);
  TWO = f32x4.splat(2);
  NINE = f32x4.splat(9);
  SIGN = i32x4.splat(0x80000000);
  EXP_BIAS = i32x4.splat(127 << 23);
  ONE = f32x4.splat(1);
  FOUR = f32x4.splat(4);
  EIGHT = f32x4.splat(8);
}
initSimdMath();

// tanh(x) = sign(x)·(1 − 2/(e^{2|x|} + 1)), |x| clamped to 9. e^a (a in [0, 18]) as
// 2^n·p(r): n = round(a·log2 e) by adding EXP_SHIFT, whose low mantissa bits then hold n,
// so that 2^n is (those bits << 23) + the exponent bias.
// @ts-ignore: decorator
@inline export function tanh4(x: v128): v128 {
  const sign = v128.and(x, SIGN);
  const y = f32x4.pmin(v128.andnot(x, SIGN), NINE);
  const a = f32x4.add(y, y);
  const m = madd(a, LOG2E, EXP_SHIFT);
  const n = f32x4.sub(m, EXP_SHIFT);
  let r = madd(n, LN2_HI, a);
  r = madd(n, LN2_LO, r);
  let p = madd(P0, r, P1);
  p = madd(p, r, P2);
  p = madd(p, r, P3);
  p = madd(p, r, P4);
  p = madd(p, r, P5);
  p = f32x4.add(madd(f32x4.mul(p, r), r, r), ONE);
  const e = f32x4.mul(p, i32x4.add(i32x4.shl(m, 23), EXP_BIAS));
  return v128.or(f32x4.sub(ONE, f32x4.div(TWO, f32x4.add(e, ONE))), sign);
}
