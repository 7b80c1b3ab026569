/** Runs one kernel on the cpu and wasm backends from the same data and compares. */
import { tf } from "../../src/backend/tf.ts";
import { useBackend } from "../../src/backend/mod.ts";
import { Rng } from "../../src/util/rng.ts";

/** A kernel input: shape and dtype; data is drawn from the seed. */
export interface InputSpec {
  shape: number[];
  dtype?: "float32" | "int32";
  /** For int32 inputs: values drawn from [0, max). */
  max?: number;
}

/** Deterministic inputs for a case. */
export function makeInputs(
  specs: Record<string, InputSpec>,
  seed: number,
): Record<string, { spec: InputSpec; data: Float32Array | Int32Array }> {
  const rng = new Rng(seed);
  const out: Record<string, { spec: InputSpec; data: Float32Array | Int32Array }> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const n = spec.shape.reduce((a, b) => a * b, 1);
    if (spec.dtype === "int32") {
      const data = new Int32Array(n);
      for (let i = 0; i < n; i++) data[i] = rng.int(spec.max ?? 4);
      out[name] = { spec, data };
    } else {
      const data = new Float32Array(n);
      for (let i = 0; i < n; i++) data[i] = rng.range(-1, 1);
      out[name] = { spec, data };
    }
  }
  return out;
}

/** Runs `kernel` on the current backend and returns its output values and shape. */
export async function runOn(
  backend: "cpu" | "wasm",
  kernel: string,
  inputs: ReturnType<typeof makeInputs>,
  attrs: Record<string, unknown>,
): Promise<{ values: Float32Array | Int32Array; shape: number[] }> {
  await useBackend(backend);
  const tensors: Record<string, tf.Tensor> = {};
  for (const [name, { spec, data }] of Object.entries(inputs)) {
    tensors[name] = tf.tensor(data, spec.shape, spec.dtype ?? "float32");
  }
  const out = tf.engine().runKernel(
    kernel,
    tensors as unknown as tf.NamedTensorMap,
    attrs as unknown as tf.NamedAttrMap,
  ) as tf.Tensor;
  const values = (await out.data()) as Float32Array | Int32Array;
  const shape = out.shape;
  tf.dispose([out, ...Object.values(tensors)]);
  return { values, shape };
}

/** max |a − b| / max |b|: the error relative to the reference's scale. */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0, scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return scale === 0 ? diff : diff / scale;
}
