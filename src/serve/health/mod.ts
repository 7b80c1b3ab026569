/** GET /health (liveness: backend, uptime, models), GET /ready, GET /metrics (Prometheus). */
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { tf } from "../../backend/tf.ts";
import { kernelThreads, wasmKernelsRegistered } from "../../backend/mod.ts";
import type { ServeContext } from "../context/mod.ts";
import { ErrorSchema } from "../openapi/schemas.ts";

const Health = z.object({
  status: z.literal("ok"),
  backend: z.string(),
  uptime: z.number().openapi({ description: "Seconds since start" }),
  models: z.array(z.string()),
  refused: z.array(z.object({ source: z.string(), reason: z.string() })),
  tensors: z.number().int(),
  instance: z.string().openapi({
    description: "Id of this app instance (one per --parallel worker)",
  }),
  kernels: z.object({
    registered: z.boolean().openapi({ description: "Our WASM kernels replace tfjs's" }),
    threads: z.number().int().openapi({ description: "Kernel threads (1: threads off)" }),
    fma: z.boolean().openapi({ description: "Relaxed-SIMD (fused multiply-add) build" }),
  }),
  omitted: z.array(z.string()).openapi({
    description: "What this build leaves out and why (an edge build: threads, ffmpeg, …)",
  }),
}).openapi("Health");

/** Identifies the app instance, so that `deno serve --parallel` workers can be told apart. */
function instanceId(): string {
  return crypto.randomUUID().slice(0, 8);
}

/** Whether our WASM kernels are the registered ones, on how many threads, which build. */
function kernelInfo(): { registered: boolean; threads: number; fma: boolean } {
  const { kernelThreads: threads, fma } = kernelThreads();
  return { registered: wasmKernelsRegistered(), threads, fma };
}

/** Registers health, readiness and metrics routes. */
export function healthRoutes(app: OpenAPIHono, ctx: ServeContext): void {
  const instance = instanceId();
  app.openapi(
    createRoute({
      method: "get",
      path: "/health",
      summary: "Liveness: backend, uptime, models loaded (no auth)",
      responses: {
        200: { description: "Alive", content: { "application/json": { schema: Health } } },
      },
    }),
    (c) =>
      c.json({
        status: "ok" as const,
        backend: ctx.backend(),
        uptime: (Date.now() - ctx.started) / 1000,
        models: [...ctx.registry.models.keys()],
        refused: ctx.registry.refused,
        tensors: tf.memory().numTensors,
        instance,
        kernels: kernelInfo(),
        omitted: ctx.options.omitted ?? [],
      }, 200),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/ready",
      summary: "Readiness: 200 once models are loaded, else 503",
      responses: {
        200: {
          description: "Ready",
          content: { "application/json": { schema: z.object({ ready: z.boolean() }) } },
        },
        503: { description: "Loading", content: { "application/json": { schema: ErrorSchema } } },
      },
    }),
    (c) =>
      ctx.isReady()
        ? c.json({ ready: true }, 200)
        : c.json({ error: { code: "loading", message: "models are still loading" } }, 503),
  );
  app.openAPIRegistry.registerPath({
    method: "get",
    path: "/metrics",
    summary: "Prometheus metrics (text exposition format 0.0.4)",
    responses: {
      200: { description: "Metrics", content: { "text/plain": { schema: z.string() } } },
    },
  });
  app.get("/metrics", (c) => {
    const text = ctx.metrics.render({
      prevision_models_loaded: ctx.registry.models.size,
      prevision_uptime_seconds: (Date.now() - ctx.started) / 1000,
    });
    return c.text(text, 200, { "Content-Type": "text/plain; version=0.0.4" });
  });
}
