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
import {
  createApp,
  ModelRegistry,
  type ServeApp,
  serveArgsFromFlags,
  type ServeOptions,
} from "../serve/mod.ts";
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
  "batching: workerd forbids one request's handler to finish another's I/O, so each request " +
  "predicts alone (max-batch 1; PREVISION_MAX_BATCH is ignored)",
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
  /** Handles one request; `env` holds the worker's bindings (settings, secrets). */
  fetch(request: Request, env?: Record<string, unknown>): Promise<Response>;
}

/** The variables `deno task serve` reads, as its flags: the same names configure a worker. */
const VARIABLES: Record<string, string> = {
  PREVISION_TOKEN: "token",
  PREVISION_CORS: "cors",
  PREVISION_MAX_BATCH: "max-batch",
  PREVISION_BATCH_WAIT: "batch-wait",
  PREVISION_MAX_QUEUE: "max-queue",
  PREVISION_BODY_LIMIT: "body-limit",
  PREVISION_TIMEOUT: "timeout",
};

/**
 * Server settings from a worker's text bindings (`PREVISION_TOKEN`, `PREVISION_MAX_BATCH`, …),
 * read and checked as `deno task serve` reads its flags; bad values throw InputError.
 *
 * @example
 * ```ts
 * import { edgeOptions } from "./worker.ts";
 * console.log(edgeOptions({ PREVISION_MAX_BATCH: "8" }).maxBatch); // 8
 * ```
 */
export function edgeOptions(env: Record<string, unknown> = {}): ServeOptions {
  const flags: Record<string, string> = {};
  for (const [variable, flag] of Object.entries(VARIABLES)) {
    const value = env[variable];
    if (typeof value === "string" && value !== "") flags[flag] = value;
  }
  return serveArgsFromFlags(flags).options;
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
  const start = async (env?: Record<string, unknown>): Promise<ServeApp> => {
    const settings = edgeOptions(env);
    configureTfjsWasm();
    const backend = await withDeclaredTfjs(setup.tfjsWasm, () => useBackend("wasm"));
    if (backend !== "wasm") throw new Error(`the wasm backend did not start (got ${backend})`);
    const registry = new ModelRegistry();
    await loadEdgeModels(registry, setup.models);
    const options = {
      ...settings,
      ...setup.options,
      backend: "wasm" as const,
      // A batch flushed by one request would resolve the others' predictions in its own I/O
      // context; under load workerd then fails them ("Cannot perform I/O on behalf of a
      // different request", measured by `deno task bench serve --target edge`).
      maxBatch: 1,
      omitted: [...EDGE_OMITTED],
    };
    const served = createApp(options, registry);
    await served.ctx.ready;
    return served;
  };
  return {
    async fetch(request, env) {
      started ??= start(env);
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
