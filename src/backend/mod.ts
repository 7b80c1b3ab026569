export { tf } from "./tf.ts";
export {
  type BackendChoice,
  type BackendName,
  BACKENDS,
  currentBackend,
  onBackendReady,
  parseBackend,
  useBackend,
} from "./select.ts";
export { backendInfo, type BackendsReport } from "./info.ts";
export { probeWebGpu, type WebGpuProbe } from "./webgpu.ts";
