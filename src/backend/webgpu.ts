/**
 * WebGPU backend registration that works around tfjs 4.22 + Deno quirks:
 * - tfjs asks for a nested `[["bgra8unorm-storage"]]` feature list; Deno rejects it.
 * - tfjs copies adapter limits verbatim; on real GPUs some are ≥ 2^53 or BigInt-like and
 *   Deno's WebIDL conversion throws, so we clamp and convert them.
 * - An adapter can be consumed once; we request a fresh one for the device and never
 *   reuse the adapter used for probing.
 */
// deno-lint-ignore no-import-prefix -- mod.ts must import from a URL without an import map
import { WebGPUBackend } from "npm:@tensorflow/tfjs-backend-webgpu@4.22.0";
import { tf } from "./tf.ts";

/** What probing the WebGPU adapter found. */
export interface WebGpuProbe {
  /** Whether a WebGPU adapter was found. */
  available: boolean;
  /** Whether it is a software (fallback) adapter, which automatic selection skips. */
  fallback: boolean;
  /** The adapter's description, if any. */
  adapter: string | null;
  /** Why WebGPU is not available, when it is not. */
  reason?: string;
}

interface AdapterLike {
  readonly features: ReadonlySet<string>;
  readonly limits: Record<string, unknown>;
  readonly info?: { description?: string; vendor?: string; architecture?: string; device?: string };
  readonly isFallbackAdapter?: boolean;
  requestDevice(descriptor?: unknown): Promise<unknown>;
}

function gpu(): { requestAdapter(o?: unknown): Promise<AdapterLike | null> } | undefined {
  return (navigator as unknown as {
    gpu?: { requestAdapter(o?: unknown): Promise<AdapterLike | null> };
  })
    .gpu;
}

function describe(adapter: AdapterLike): string {
  const info = adapter.info ?? {};
  return [info.description, info.vendor, info.architecture].filter((s) => s).join(" / ") ||
    "unknown adapter";
}

function isFallback(adapter: AdapterLike): boolean {
  if (adapter.isFallbackAdapter !== undefined) return adapter.isFallbackAdapter;
  const info = adapter.info as { isFallbackAdapter?: boolean } | undefined;
  if (info?.isFallbackAdapter !== undefined) return info.isFallbackAdapter;
  return /llvmpipe|swiftshader|software|lavapipe/i.test(describe(adapter));
}

/**
 * Keeps the graphics stack quiet on machines without a display session. Mesa's Vulkan
 * device-selection layer (installed with mesa-vulkan-drivers) looks for a Wayland display
 * while adapters are enumerated, and libwayland then prints "error: XDG_RUNTIME_DIR is invalid
 * or not set in the environment." although nothing failed. The layer only orders GPUs for
 * display clients — WebGPU picks its adapter itself — so it is switched off (NODEVICE_SELECT,
 * the layer's own off switch) for this process when no session is there.
 */
function quietGraphicsStack(): void {
  try {
    if (!Deno.env.get("XDG_RUNTIME_DIR") && !Deno.env.get("NODEVICE_SELECT")) {
      Deno.env.set("NODEVICE_SELECT", "1");
    }
  } catch { /* no env permission: the probe still works, it may only be noisy */ }
}

let probed: Promise<WebGpuProbe> | null = null;

/** Probes for a WebGPU adapter once per process. */
export function probeWebGpu(): Promise<WebGpuProbe> {
  probed ??= (async () => {
    const g = gpu();
    if (!g) {
      return {
        available: false,
        fallback: false,
        adapter: null,
        reason: "navigator.gpu is undefined",
      };
    }
    quietGraphicsStack();
    try {
      const adapter = await g.requestAdapter({ powerPreference: "high-performance" });
      if (!adapter) {
        return { available: false, fallback: false, adapter: null, reason: "no adapter" };
      }
      return { available: true, fallback: isFallback(adapter), adapter: describe(adapter) };
    } catch (error) {
      return { available: false, fallback: false, adapter: null, reason: String(error) };
    }
  })();
  return probed;
}

function safeLimit(value: unknown): number | undefined {
  const n = typeof value === "bigint" ? Number(value) : typeof value === "number" ? value : NaN;
  if (!Number.isFinite(n) || n <= 0) return undefined;
  return Math.min(n, Number.MAX_SAFE_INTEGER);
}

const LIMITS = [
  "maxComputeWorkgroupStorageSize",
  "maxComputeWorkgroupsPerDimension",
  "maxStorageBufferBindingSize",
  "maxBufferSize",
  "maxComputeWorkgroupSizeX",
  "maxComputeInvocationsPerWorkgroup",
];

async function createBackend(): Promise<WebGPUBackend> {
  const g = gpu();
  if (!g) throw new Error("WebGPU is not available (navigator.gpu is undefined)");
  quietGraphicsStack();
  const adapter = await g.requestAdapter({ powerPreference: "high-performance" });
  if (!adapter) throw new Error("WebGPU returned no adapter");
  const requiredFeatures = ["timestamp-query", "bgra8unorm-storage"].filter((f) =>
    adapter.features.has(f)
  );
  const requiredLimits: Record<string, number> = {};
  for (const name of LIMITS) {
    const value = safeLimit(adapter.limits[name]);
    if (value !== undefined) requiredLimits[name] = value;
  }
  const device = await adapter.requestDevice({ requiredFeatures, requiredLimits });
  const info = adapter.info ?? {};
  // deno-lint-ignore no-explicit-any
  return new WebGPUBackend(device as any, info as any);
}

let registered = false;

/** Replaces tfjs's own `webgpu` factory with {@link createBackend}. */
export function registerWebGpu(): void {
  if (registered) return;
  registered = true;
  if (tf.findBackendFactory("webgpu")) tf.removeBackend("webgpu");
  tf.registerBackend("webgpu", createBackend, 3);
}
