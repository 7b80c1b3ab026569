/**
 * Reference results for kernel tests. The CPU backend is the reference, except that its
 * depthwise backprop kernels ignore dilation (tfjs's gradients reject dilation > 1): for
 * those, a dilated filter is the same as an undilated one with zeros between its taps.
 */
import { type InputSpec, type makeInputs, runOn } from "./_compare.ts";

type Inputs = ReturnType<typeof makeInputs>;

function dilations(attrs: Record<string, unknown>): [number, number] {
  const d = attrs.dilations ?? 1;
  return typeof d === "number" ? [d, d] : d as [number, number];
}

/** w [fh, fw, C, M] with (d − 1) zeros between taps: [(fh−1)dh+1, (fw−1)dw+1, C, M]. */
function dilateFilter(w: Float32Array, shape: number[], [dh, dw]: [number, number]) {
  const [fh, fw, c, m] = shape;
  const eh = (fh - 1) * dh + 1, ew = (fw - 1) * dw + 1, k = c * m;
  const out = new Float32Array(eh * ew * k);
  for (let p = 0; p < fh; p++) {
    for (let q = 0; q < fw; q++) {
      out.set(w.subarray((p * fw + q) * k, (p * fw + q + 1) * k), (p * dh * ew + q * dw) * k);
    }
  }
  return { data: out, shape: [eh, ew, c, m] };
}

/** The CPU result of `kernel`, exact for dilated depthwise backprops too. */
export async function reference(
  kernel: string,
  inputs: Inputs,
  attrs: Record<string, unknown>,
): Promise<{ values: Float32Array | Int32Array; shape: number[] }> {
  const [dh, dw] = dilations(attrs);
  if (dh === 1 && dw === 1 || !kernel.startsWith("DepthwiseConv2dNativeBackprop")) {
    return await runOn("cpu", kernel, inputs, attrs);
  }
  const plain = { ...attrs, dilations: 1 };
  if (kernel === "DepthwiseConv2dNativeBackpropInput") {
    const f = inputs.filter;
    const big = dilateFilter(f.data as Float32Array, f.spec.shape, [dh, dw]);
    const spec: InputSpec = { shape: big.shape };
    return await runOn("cpu", kernel, { ...inputs, filter: { spec, data: big.data } }, plain);
  }
  const [fh, fw, c, m] = attrs.filterShape as number[];
  const eh = (fh - 1) * dh + 1, ew = (fw - 1) * dw + 1, k = c * m;
  const full = await runOn("cpu", kernel, inputs, { ...plain, filterShape: [eh, ew, c, m] });
  const values = new Float32Array(fh * fw * k);
  for (let p = 0; p < fh; p++) {
    for (let q = 0; q < fw; q++) {
      const s = (p * dh * ew + q * dw) * k;
      values.set(full.values.subarray(s, s + k) as Float32Array, (p * fw + q) * k);
    }
  }
  return { values, shape: [fh, fw, c, m] };
}
