import { tf } from "./tf.ts";
import { probeWebGpu, registerWebGpu } from "./webgpu.ts";
import { mayHaveGpu } from "./gpu_device.ts";
import { ensureWasmKernels, shareTfjsHeap } from "./wasm/mod.ts";
import { InputError } from "../util/errors.ts";
import { log, warn } from "../util/log.ts";

/**
 * The compute backends prevision can run on, fastest first.
 *
 * @example
 * ```ts
 * import { BACKENDS } from "@prevision/prevision/backend";
 * console.log(BACKENDS.join(" > ")); // webgpu > wasm > cpu
 * ```
 */
export const BACKENDS = ["webgpu", "wasm", "cpu"] as const;
/**
 * One of {@link BACKENDS}.
 *
 * @example
 * ```ts
 * import type { BackendName } from "@prevision/prevision/backend";
 * const b: BackendName = "wasm";
 * ```
 */
export type BackendName = typeof BACKENDS[number];
/**
 * A backend name, or `auto` to pick the fastest one available.
 *
 * @example
 * ```ts
 * import type { BackendChoice } from "@prevision/prevision/backend";
 * const choice: BackendChoice = "auto";
 * ```
 */
export type BackendChoice = BackendName | "auto";

type Hook = (backend: BackendName) => void | Promise<void>;
const hooks: Hook[] = [];

/**
 * Registers code to run once a backend has been initialised (e.g. registering our own
 * WASM kernels). Hooks run in registration order on every `useBackend` call.
 */
export function onBackendReady(hook: (backend: BackendName) => void | Promise<void>): void {
  hooks.push(hook);
}

/**
 * Parses a backend name from a flag or the environment; throws a one-line InputError.
 *
 * @example
 * ```ts
 * import { parseBackend } from "@prevision/prevision/backend";
 * parseBackend("wasm"); // "wasm"; parseBackend("tpu") throws InputError
 * ```
 */
export function parseBackend(value: string | undefined, source = "--backend"): BackendChoice {
  if (value === undefined || value === "" || value === "auto") return "auto";
  if ((BACKENDS as readonly string[]).includes(value)) return value as BackendName;
  throw new InputError(
    `unknown backend '${value}' in ${source} (expected webgpu, wasm, cpu or auto)`,
  );
}

function fromEnv(): BackendChoice {
  let value: string | undefined;
  try {
    value = Deno.env.get("PREVISION_BACKEND");
  } catch {
    value = undefined; // no env permission: ignore the variable
  }
  return parseBackend(value, "PREVISION_BACKEND");
}

async function trySet(name: BackendName): Promise<boolean> {
  if (name === "webgpu") registerWebGpu();
  try {
    // tfjs's wasm heap on a shared memory, so that our kernel threads use it in place
    const ok = name === "wasm"
      ? await shareTfjsHeap(() => tf.setBackend(name))
      : await tf.setBackend(name);
    if (!ok) return false;
    await tf.ready();
    // The CPU backend greets Node/Deno users with a banner on first use; we chose it on purpose.
    if (name === "cpu") (tf.backend() as unknown as { firstUse: boolean }).firstUse = false;
    return tf.getBackend() === name;
  } catch {
    return false;
  }
}

let current: BackendName | null = null;
let announced = "";

/**
 * Selects and initialises a backend. `auto` (the default) takes WebGPU when a real,
 * non-fallback adapter exists, else WASM with SIMD, else CPU. An explicit choice (the
 * argument, or else the `PREVISION_BACKEND` variable) is honoured even on a software
 * adapter; if it fails, the next backend in order is used with a one-line warning.
 *
 * @example
 * ```ts
 * import { useBackend } from "@prevision/prevision/backend";
 * const name = await useBackend("auto"); // "webgpu" on a real GPU, else "wasm"
 * ```
 */
export async function useBackend(choice: BackendChoice = "auto"): Promise<BackendName> {
  const wanted = choice === "auto" ? fromEnv() : choice;
  let order: BackendName[];
  if (wanted === "auto") {
    // Without a GPU device node the adapter could only be a software one, which auto skips.
    const gpu = mayHaveGpu() ? await probeWebGpu() : null;
    order = gpu?.available && !gpu.fallback ? ["webgpu", "wasm", "cpu"] : ["wasm", "cpu"];
  } else {
    order = BACKENDS.slice(BACKENDS.indexOf(wanted));
  }
  let chosen: BackendName | null = null;
  for (const name of order) {
    if (current === name && tf.getBackend() === name) {
      chosen = name;
      break;
    }
    if (await trySet(name)) {
      chosen = name;
      break;
    }
    if (wanted !== "auto") warn(`backend '${name}' could not be initialised; trying the next one`);
  }
  if (!chosen) throw new Error("no tfjs backend could be initialised");
  current = chosen;
  if (chosen === "wasm") await ensureWasmKernels();
  for (const hook of hooks) await hook(chosen);
  if (announced !== chosen) {
    announced = chosen;
    log(`backend: ${chosen}`);
  }
  return chosen;
}

/**
 * The backend selected by the last {@link useBackend} call, or null before any.
 *
 * @example
 * ```ts
 * import { currentBackend, useBackend } from "@prevision/prevision/backend";
 * await useBackend("cpu");
 * console.log(currentBackend()); // "cpu"
 * ```
 */
export function currentBackend(): BackendName | null {
  return current;
}
