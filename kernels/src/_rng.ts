// The counter-based hash of src/util/rng.ts (lowbias32), scalar and four lanes at a time, so
// the wave kernels draw exactly the numbers the TypeScript references draw.

/** lowbias32 finaliser (Wellons) on one 32-bit lane. */
export function mix32(x: u32): u32 {
  x ^= x >>> 16;
  x *= 0x21f0aaad;
  x ^= x >>> 15;
  x *= 0x735a2d97;
  x ^= x >>> 15;
  return x;
}

/** {@link mix32} on four lanes. */
export function mix32x4(x: v128): v128 {
  x = v128.xor(x, i32x4.shr_u(x, 16));
  x = i32x4.mul(x, i32x4.splat(0x21f0aaad));
  x = v128.xor(x, i32x4.shr_u(x, 15));
  x = i32x4.mul(x, i32x4.splat(0x735a2d97));
  x = v128.xor(x, i32x4.shr_u(x, 15));
  return x;
}

/** Rounds an address up to a 64-byte boundary. */
export function align(p: usize): usize {
  return (p + 63) & ~(<usize> 63);
}
