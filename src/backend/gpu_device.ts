/**
 * Whether a GPU can be there at all, answered without starting the graphics stack: on Linux a
 * GPU driver is reached through device nodes, and without any of them a WebGPU adapter could
 * only be a software one. Free of tfjs, so that the server's launcher can name these paths in
 * its permissions cheaply.
 *
 * @module
 */

/**
 * The Linux device nodes a GPU driver is reached through (DRM, NVIDIA, WSL, ROCm): with none
 * of them, a WebGPU adapter can only be a software one. {@link mayHaveGpu} looks for them.
 */
export const GPU_DEVICE_NODES: readonly string[] = [
  "/dev/dri",
  "/dev/nvidiactl",
  "/dev/nvidia0",
  "/dev/dxg",
  "/dev/kfd",
];

/**
 * Whether this machine may have a GPU: false only on Linux when none of
 * {@link GPU_DEVICE_NODES} exists. Lets automatic selection skip the WebGPU probe (and the
 * graphics stack's start-up) where it could only find a software adapter; true when unsure
 * (other systems, browsers, no read permission on /dev).
 *
 * @example
 * ```ts
 * if (!mayHaveGpu()) console.log("no GPU device: WASM it is");
 * ```
 */
export function mayHaveGpu(): boolean {
  // Browsers (the playground bundles the backend) have no Deno and no device nodes to see.
  if (typeof Deno === "undefined" || Deno.build.os !== "linux") return true;
  for (const node of GPU_DEVICE_NODES) {
    try {
      Deno.statSync(node);
      return true;
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) return true;
    }
  }
  return false;
}
