/**
 * The HTTP server (Hono): build an app that serves trained models over the v1 API and the
 * Open Inference Protocol v2, simulates retinal waves on request and hosts the playground
 * ({@link createApp}); read its settings from flags and the environment
 * ({@link parseServeArgs}); and the registry of the models it serves. `deno task serve`
 * runs it with the least permissions it needs.
 *
 * @example Serve a freshly built model from memory
 * ```ts
 * import { buildFramePredictor } from "@prevision/prevision/models";
 * import { createApp, ModelRegistry } from "@prevision/prevision/serve";
 * const registry = new ModelRegistry();
 * const config = { cell: "rnn", channels: 4, kernel: 3, size: 16, frames: 4, layers: 1 } as const;
 * registry.add("tiny", buildFramePredictor(config, 1));
 * const served = createApp({}, registry);
 * const response = await served.fetch(new Request("http://localhost/v1/models"));
 * console.log(await response.json());
 * ```
 *
 * @module
 */
export { AUTH_EXEMPT, createApp, type ServeApp } from "./app.ts";
export {
  DEFAULTS,
  parseServeArgs,
  type ServeArgs,
  serveArgsFromFlags,
  type ServeOptions,
} from "./options/mod.ts";
export {
  type CheckpointManifest,
  ModelRegistry,
  type ModelSources,
  type RefusedModel,
  type ServedModel,
} from "./registry/mod.ts";
