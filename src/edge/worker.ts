/**
 * The inference server as an edge worker: the same Hono app as `deno task serve`
 * (src/serve/app.ts: routes, error envelope, batching), on tfjs's wasm backend started from a
 * declared module, our kernels from declared modules too (src/backend/wasm_modules.ts), one
 * thread. The first request starts it (edge runtimes allow no I/O at start-up); requests that
 * arrive meanwhile wait for the same start.
 *
 * @module
 */
import { useBackend } from "../backend/mod.ts";
import { createApp, ModelRegistry, type ServeApp, type ServeOptions } from "../serve/mod.ts";
import { errorMessage } from "../util/errors.ts";
import { type EdgeModel, loadEdgeModels } from "./models.ts";
import { configureTfjsWasm, withDeclaredTfjs } from "./tfjs_wasm.ts";

/** What an edge build leaves out, and why: `/health` lists these under `omitted`. */
export const EDGE_OMITTED: readonly string[] = [
  "threads: edge runtimes have no workers or shared-memory threads; kernels run on one",
  "webgpu: no GPU on edge runtimes; the wasm backend (SIMD) runs",
  "ffmpeg: no subprocesses; video files are neither read nor written",
  "training: inference only; train with `deno task train` and bundle the checkpoint",
  "playground: no file system; the page is served by `deno task serve` only",
  "models folder and config: models are bundled or pinned URLs (`deno task edge build`)",
];

/** What the generated entry module hands the worker. */
export interface EdgeSetup {
  /** tfjs-backend-wasm's SIMD binary, declared to (and compiled by) the host. */
  tfjsWasm: WebAssembly.Module;
  /** The models to serve. */
  models: readonly EdgeModel[];
  /** Server settings (defaults as `deno task serve`). */
  options?: Partial<ServeOptions>;
}

/** A module worker's default export. */
export interface EdgeWorker {
  /** Handles one request. */
  fetch(request: Request): Promise<Response>;
}

/**
 * The worker for a bundle (the generated entry module's default export).
 *
 * @example
 * ```ts ignore
 * import tfjsWasm from "./tfjs-backend-wasm-simd.wasm";
 * export default edgeWorker({ tfjsWasm, models: [] });
 * ```
 */
export function edgeWorker(setup: EdgeSetup): EdgeWorker {
  let started: Promise<ServeApp> | null = null;
  const start = async (): Promise<ServeApp> => {
    configureTfjsWasm();
    const backend = await withDeclaredTfjs(setup.tfjsWasm, () => useBackend("wasm"));
    if (backend !== "wasm") throw new Error(`the wasm backend did not start (got ${backend})`);
    const registry = new ModelRegistry();
    await loadEdgeModels(registry, setup.models);
    const options = { ...setup.options, backend: "wasm" as const, omitted: [...EDGE_OMITTED] };
    const served = createApp(options, registry);
    await served.ctx.ready;
    return served;
  };
  return {
    async fetch(request) {
      started ??= start();
      let served: ServeApp;
      try {
        served = await started;
      } catch (error) {
        started = null; // the next request tries again
        const message = `edge worker failed to start: ${errorMessage(error)}`;
        console.error(message, (error as Error)?.stack ?? "");
        return Response.json({ error: { code: "unavailable", message } }, { status: 503 });
      }
      return await served.fetch(request);
    },
  };
}
